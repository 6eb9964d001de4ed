import Foundation
import RLSCore
import XCTest

@testable import RLSLibrary

/// `train.ppo` / `train.reinforce` stopped from outside while they run.
final class TrainLoopsTests: XCTestCase {
  func interruptWhileRunning(_ source: String) throws -> (interrupted: String, iterations: Double, curveMatches: String) {
    let s = quietSession()
    evaluateInterrupted(source, in: s)
    guard case .number(let n) = try s.evaluate("r.iterations", name: "<t>") else { throw RLSError(.value, "iterations is not a number") }
    return (try shown("r.interrupted", in: s), n, try shown("len(r.curve.episodic_return) == r.iterations and r.policy != nil", in: s))
  }

  func testInterruptedPPOReturnsThePartialResult() throws {
    let r = try interruptWhileRunning("let r = train.ppo(env.cartpole(), progress: false)\nr")
    XCTAssertEqual(r.interrupted, "true")
    XCTAssertLessThan(r.iterations, 976)
    XCTAssertEqual(r.curveMatches, "true")
  }

  func testInterruptedReinforceOnAScriptEnvironmentReturnsThePartialResult() throws {
    // the interrupt arrives while the script environment's step runs
    let source = """
      let e = {n_actions: 2, reset: fn(seed = nil) { [0] }, step: fn(a) { {obs: [1], reward: 1, terminated: false} }}
      let r = train.reinforce(e, iterations: 1000000, max_episode_steps: 50, progress: false)
      r
      """
    let r = try interruptWhileRunning(source)
    XCTAssertEqual(r.interrupted, "true")
    XCTAssertLessThan(r.iterations, 1_000_000)
    XCTAssertEqual(r.curveMatches, "true")
  }
}
