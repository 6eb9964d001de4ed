import Foundation
import RLSCore
import XCTest

@testable import RLSLibrary

/// `train.grpo` through the language: a Ctrl-C / kernel interrupt returns the partial result.
final class GRPONativesTests: XCTestCase {
  func testInterruptReturnsThePartialResult() throws {
    let s = NativeLibrary.makeSession()
    s.vm.write = { _ in }
    let done = expectation(description: "stopped")
    var failure: Error?
    let t = Thread {
      do {
        _ = try s.evaluate("let r = train.grpo(iterations: 1000000, eval_prompts: 10, progress: false)\nr", name: "<grpo>")
      } catch { failure = error }
      done.fulfill()
    }
    t.stackSize = 64 << 20
    t.start()
    Thread.sleep(forTimeInterval: 0.5)
    Interrupt.request()
    wait(for: [done], timeout: 30)
    XCTAssertNil(failure)
    XCTAssertEqual(s.vm.display(try s.evaluate("r.interrupted", name: "<t>")), "true")
    guard case .number(let n) = try s.evaluate("r.iterations", name: "<t>") else { return XCTFail("iterations is not a number") }
    XCTAssertGreaterThan(n, 0)
    XCTAssertLessThan(n, 1_000_000)
    XCTAssertEqual(s.vm.display(try s.evaluate("len(r.curve.reward) == r.iterations and r.final_reward >= 0", name: "<t>")), "true")
    XCTAssertEqual(s.vm.display(try s.evaluate("len(r.policy.generate([1, 2, 3, 4, 5, 6]))", name: "<t>")), "6")
    XCTAssertFalse(Interrupt.isRequested)
  }

  /// An interrupt arriving while an RLScript reward function runs also stops the run cleanly.
  func testInterruptInsideARewardFunction() throws {
    let s = NativeLibrary.makeSession()
    s.vm.write = { _ in }
    let done = expectation(description: "stopped")
    var failure: Error?
    let t = Thread {
      do {
        _ = try s.evaluate(
          "let r = train.grpo(iterations: 1000000, eval_prompts: 10, progress: false, reward: fn(p, c) { if c[0] == 0 { 1 } else { 0 } })\nr",
          name: "<grpo>")
      } catch { failure = error }
      done.fulfill()
    }
    t.stackSize = 64 << 20
    t.start()
    Thread.sleep(forTimeInterval: 0.5)
    Interrupt.request()
    wait(for: [done], timeout: 30)
    XCTAssertNil(failure)
    XCTAssertEqual(s.vm.display(try s.evaluate("r.interrupted and len(r.curve.reward) == r.iterations", name: "<t>")), "true")
  }
}
