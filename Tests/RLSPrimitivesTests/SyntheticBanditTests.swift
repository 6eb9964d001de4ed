import Foundation
import RLSNumerics
import XCTest

@testable import RLSPrimitives

final class SyntheticBanditTests: XCTestCase {
  func testFeedbackIsConsistent() throws {
    let b = try SyntheticBandit(nActions: 3, dimContext: 2, binary: true, beta: 1.5, seed: 4)
    var g = RNG(seed: 1)
    let fb = try b.sample(500, rng: &g)
    for i in 0..<500 {
      let row = Array(fb.piB[(i * 3)..<(i * 3 + 3)])
      assertClose(row.reduce(0, +), 1)
      XCTAssertEqual(fb.pscore[i], row[Int(fb.action[i])])
      XCTAssertTrue(fb.reward[i] == 0 || fb.reward[i] == 1)
      // q = sigmoid(x·θ_a + b_a); the behaviour policy is softmax(β q)
      let x = Array(fb.context[(i * 2)..<(i * 2 + 2)])
      let q = (0..<3).map { a in 1 / (1 + exp(-(b.bias[a] + x[0] * b.theta[a * 2] + x[1] * b.theta[a * 2 + 1]))) }
      let z = q.map { exp(1.5 * $0) }
      assertClose(row[1], z[1] / z.reduce(0, +))
    }
  }

  func testValueOfBehaviourPolicyMatchesMeanReward() throws {
    let b = try SyntheticBandit(nActions: 5, dimContext: 3, binary: false, beta: 0.5, rewardStd: 0.1, seed: 2)
    var g = RNG(seed: 9)
    let fb = try b.sample(20000, rng: &g)
    let v = try b.policyValue(actionDist: fb.piB, contexts: fb.context, rows: 20000)
    let mean = fb.reward.reduce(0, +) / 20000
    XCTAssertLessThan(abs(v - mean), 0.05)
  }

  func testBadSizes() {
    XCTAssertThrowsError(try SyntheticBandit(nActions: 1, dimContext: 2, binary: true, beta: 1, seed: 0))
    XCTAssertThrowsError(try SyntheticBandit(nActions: 2, dimContext: 0, binary: true, beta: 1, seed: 0))
  }
}
