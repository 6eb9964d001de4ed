import XCTest

@testable import RLSPrimitives

/// difflib's opcodes and unified-diff hunks, and SWE-RL's search/replace
/// handling, on cases small enough to derive from the rules by hand (the
/// parity check in Tests/parity/rewards compares with difflib at scale).
final class UnifiedDiffTests: XCTestCase {
  func cps(_ s: String) -> [UInt32] { PythonText.codePoints(s) }
  func lines(_ s: String) -> [String] { UnifiedDiff.splitLines(Array(s.utf8)).map { String(decoding: $0.bytes, as: UTF8.self) } }

  func testOpcodesFromMatchingBlocks() throws {
    // "bcd" is the one matching block: a deletion before it, an insertion after.
    let a = Array("abcd"), b = Array("bcde")
    let blocks = try SequenceMatcher.matchingBlocks(a, b)
    XCTAssertEqual(blocks.map { [$0.i, $0.j, $0.size] }, [[1, 0, 3], [4, 4, 0]])
    XCTAssertEqual(
      try SequenceMatcher.opcodes(a, b),
      [DiffOpcode(.delete, 0, 1, 0, 0), DiffOpcode(.equal, 1, 4, 0, 3), DiffOpcode(.insert, 4, 4, 3, 4)])
  }

  func testGroupsKeepThreeLinesOfContext() throws {
    let a = (0..<10).map { [UInt32($0)] }
    var b = a
    b[5] = [99]
    // One change: three lines of context each side.
    XCTAssertEqual(
      try SequenceMatcher.groupedOpcodes(a, b),
      [[DiffOpcode(.equal, 2, 5, 2, 5), DiffOpcode(.replace, 5, 6, 5, 6), DiffOpcode(.equal, 6, 9, 6, 9)]])
    // Changes at 0 and 9 are 8 equal lines apart (> 2·3): two groups.
    var c = a
    c[0] = [98]
    c[9] = [99]
    XCTAssertEqual(try SequenceMatcher.groupedOpcodes(a, c).count, 2)
    XCTAssertEqual(try SequenceMatcher.groupedOpcodes(a, a), [])
  }

  func testHunkHeaderRanges() {
    XCTAssertEqual(UnifiedDiff.range(2, 9), "3,7")
    XCTAssertEqual(UnifiedDiff.range(3, 4), "4")
    XCTAssertEqual(UnifiedDiff.range(0, 0), "0,0")
    XCTAssertEqual(UnifiedDiff.range(5, 5), "5,0")
  }

  func testNormalizedPatch() {
    XCTAssertEqual(SWERLReward.normalizedPatch(old: "a\nb\n", new: "a\nc\n"), "@@ -1,2 +1,2 @@\n a\n-b\n+c")
    // A new file: nothing before, so the old range is empty.
    XCTAssertEqual(SWERLReward.normalizedPatch(old: "", new: "x"), "@@ -0,0 +1 @@\n+x")
    // Only the line ends differ: splitlines makes them equal, so no patch.
    XCTAssertEqual(SWERLReward.normalizedPatch(old: "a\r\nb", new: "a\nb\n"), "")
  }

  func testSplitLinesAsPython() {
    XCTAssertEqual(lines("a\r\nb\rc\n"), ["a", "b", "c"])
    XCTAssertEqual(lines(""), [])
    XCTAssertEqual(lines("\n"), [""])
    XCTAssertEqual(lines("a\u{2028}b\u{85}c\u{0C}"), ["a", "b", "c"])
    // U+2027 and U+00A0 share the lead bytes of U+2028 and U+0085 but break no line.
    XCTAssertEqual(lines("a\u{2027}b\u{A0}c"), ["a\u{2027}b\u{A0}c"])
  }

  func testBlocksAndEdits() throws {
    func block(_ path: String, _ s: String, _ r: String) -> String {
      "```python\n### \(path)\n<<<<<<< SEARCH\n\(s)\n=======\n\(r)\n>>>>>>> REPLACE\n```"
    }
    let text = block("a.py", "x", "y") + "\nprose\n" + block("b.py", "p", "q") + block("a.py", "y", "z")
    let files = SearchReplace.edits(cps(text))
    XCTAssertEqual(files.map { PythonText.string($0.path) }, ["a.py", "b.py"])
    XCTAssertEqual(files[0].edits.map { PythonText.string($0.replace) }, ["y", "z"])
    // No closing fence: no block.
    XCTAssertTrue(SearchReplace.edits(cps(String(block("a.py", "x", "y").dropLast(3)))).isEmpty)
    // Every occurrence at a line start is replaced, in order.
    let applied = try SearchReplace.apply([files[0]], to: [Array("a.py".utf8): Array("x\nax\nx".utf8)])
    XCTAssertEqual(String(decoding: applied[0].content, as: UTF8.self), "z\nax\nz")
    // b.py is not in the context and "p" is not in an empty file.
    XCTAssertThrowsError(try SearchReplace.apply(files, to: [:]))
  }

  func testFormatErrorsGiveMinusOne() throws {
    let r = try SWERLReward.searchReplace(context: [], oracle: [], output: "<think>t</think>")
    XCTAssertEqual(r.reward, -1)
    XCTAssertNotNil(r.error)
    let empty = try SWERLReward.searchReplace(context: [], oracle: [], output: "<think> </think><solution></solution>")
    XCTAssertEqual(empty.reward, -1)
  }
}
