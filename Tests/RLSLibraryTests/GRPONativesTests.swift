import Foundation
import RLSCore
import XCTest

@testable import RLSLibrary

/// `train.grpo` through the language: a Ctrl-C / kernel interrupt returns the partial result.
final class GRPONativesTests: XCTestCase {
  func testInterruptReturnsThePartialResult() throws {
    let s = quietSession()
    evaluateInterrupted("let r = train.grpo(iterations: 1000000, eval_prompts: 10, progress: false)", in: s)
    XCTAssertEqual(try shown("r.interrupted", in: s), "true")
    XCTAssertEqual(try shown("r.iterations > 0 and r.iterations < 1000000", in: s), "true")
    XCTAssertEqual(try shown("len(r.curve.reward) == r.iterations and r.final_reward >= 0", in: s), "true")
    XCTAssertEqual(try shown("len(r.policy.generate([1, 2, 3, 4, 5, 6]))", in: s), "6")
  }

  /// An interrupt arriving while an RLScript reward function runs also stops the run cleanly.
  func testInterruptInsideARewardFunction() throws {
    let s = quietSession()
    evaluateInterrupted(
      "let r = train.grpo(iterations: 1000000, eval_prompts: 10, progress: false, reward: fn(p, c) { if c[0] == 0 { 1 } else { 0 } })",
      in: s)
    XCTAssertEqual(try shown("r.interrupted and len(r.curve.reward) == r.iterations", in: s), "true")
  }
}
