import XCTest

@testable import RLSPrimitives

final class SequenceMatcherTests: XCTestCase {
  func testRatioFromMatchingBlocks() {
    // "bcd" matches: 2·3 / 8.
    XCTAssertEqual(SequenceMatcher.ratio("abcd", "bcde"), 0.75)
    // "ab" and "cd" match: 2·4 / 12.
    XCTAssertEqual(SequenceMatcher.ratio("qabxcd", "abycdf"), 8.0 / 12)
    XCTAssertEqual(SequenceMatcher.ratio("", ""), 1)
    XCTAssertEqual(SequenceMatcher.ratio("abc", ""), 0)
    XCTAssertEqual(SequenceMatcher.ratio([1, 2, 3], [3, 2, 1]), 2.0 / 6)
    // Code points, not graphemes: "é" as one or two code points differ.
    XCTAssertEqual(SequenceMatcher.ratio("\u{E9}", "e\u{301}"), 0)
  }

  func testPopularElementsHeuristic() {
    // b has 300 "a"s: with autojunk they are popular, so the index is empty
    // and the empty match at (0, 0) is extended over equal items: "b" ≠ "a"
    // stops it at once.
    let b = String(repeating: "a", count: 300)
    let a = "b" + String(repeating: "a", count: 299)
    XCTAssertEqual(SequenceMatcher.ratio(a, b), 0)
    XCTAssertEqual(SequenceMatcher.ratio(a, b, autojunk: false), 2.0 * 299 / 600)
    // Equal sequences extend all the way either way.
    XCTAssertEqual(SequenceMatcher.ratio(b, b), 1)
    // Below 200 items nothing is popular.
    let b199 = String(repeating: "a", count: 199)
    let a199 = "b" + String(repeating: "a", count: 198)
    XCTAssertEqual(SequenceMatcher.ratio(a199, b199), 2.0 * 198 / 398)
  }
}
