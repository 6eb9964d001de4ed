import Foundation
import RLSCore
@testable import RLSLibrary
import XCTest

/// The shared training-loop driver (`train.loop` and every trainer built on it).
final class TrainingLoopTests: XCTestCase {
  func testInterruptReturnsThePartialResult() throws {
    let s = quietSession()
    evaluateInterrupted(
      "let r = train.loop(1000000, fn(i) { let s = 0\nfor k in range(2000) { s += k }\n{step: i} })", in: s, after: 0.3, timeout: 10)
    XCTAssertEqual(try shown("r.interrupted", in: s), "true")
    XCTAssertEqual(try shown("r.iterations > 0 and r.iterations < 1000000", in: s), "true")
    // The curve holds exactly the completed iterations, and the session goes on.
    XCTAssertEqual(try shown("len(r.curve.step) == r.iterations", in: s), "true")
  }

  func testProgressLineShowsCountBarAndStatistics() {
    let line = ProgressBar.line(title: "ppo", done: 3, total: 8, stats: [("loss", 0.5), ("return", 123.456)], elapsed: 1.25, width: 24)
    XCTAssertTrue(line.hasPrefix("ppo 3/8 ["), line)
    XCTAssertTrue(line.contains("█████████"), line)
    XCTAssertTrue(line.hasSuffix("loss 0.5  return 123.5"), line)
  }
}
