import Foundation
import RLSNumerics
import XCTest

@testable import RLSPrimitives

/// Environment dynamics edge cases (gymnasium parity itself runs in Tests/parity/train).
final class EnvironmentTests: XCTestCase {
  func testCartPoleTerminatesAtThresholdsAndZeroRewardAfter() throws {
    let e = CartPole()
    _ = try e.reset(state: [2.39, 1.0, 0, 0])
    let r1 = try e.step([1])
    XCTAssertTrue(r1.terminated)
    XCTAssertEqual(r1.reward, 1)
    let r2 = try e.step([1])
    XCTAssertTrue(r2.terminated)
    XCTAssertEqual(r2.reward, 0)
    _ = try e.reset(state: [0, 0, -0.2, -1])
    XCTAssertTrue(try e.step([0]).terminated)
    _ = try e.reset(state: [0, 0, 0.2, 0])
    XCTAssertFalse(try e.step([0]).terminated)  // 0.2 rad < 12°
  }

  func testCartPoleTruncatesAtLimit() throws {
    let e = CartPole(maxEpisodeSteps: 3)
    _ = try e.reset(state: [0, 0, 0, 0])
    XCTAssertFalse(try e.step([0]).truncated)
    XCTAssertFalse(try e.step([1]).truncated)
    XCTAssertTrue(try e.step([0]).truncated)
    let unlimited = CartPole(maxEpisodeSteps: nil)
    _ = try unlimited.reset(state: [0, 0, 0, 0])
    for i in 0..<600 { XCTAssertFalse(try unlimited.step([Double(i % 2)]).truncated) }
  }

  func testCartPoleObservationIsFloat32OfState() throws {
    let e = CartPole()
    let o = try e.reset(state: [0.1, 0.2, 0.3, 0.4])
    XCTAssertEqual(o, [0.1, 0.2, 0.3, 0.4].map { Double(Float($0)) })
    XCTAssertEqual(e.state, [0.1, 0.2, 0.3, 0.4])
  }

  func testCartPoleRejectsBadActionsAndStates() throws {
    let e = CartPole()
    XCTAssertThrowsError(try e.step([1]))  // no reset yet
    _ = try e.reset(state: [0, 0, 0, 0])
    XCTAssertThrowsError(try e.step([2]))
    XCTAssertThrowsError(try e.step([0.5]))
    XCTAssertThrowsError(try e.step([0, 1]))
    XCTAssertThrowsError(try e.reset(state: [0, 0]))
  }

  func testSeededResetIsReproducibleAndInRange() {
    var a = RNG(seed: 9)
    var b = RNG(seed: 9)
    let e = CartPole()
    let o1 = e.reset(rng: &a)
    let o2 = e.reset(rng: &b)
    XCTAssertEqual(o1, o2)
    XCTAssertTrue(e.state.allSatisfy { abs($0) <= 0.05 })
    let p = Pendulum()
    _ = p.reset(rng: &a)
    XCTAssertLessThanOrEqual(abs(p.state[0]), Double.pi)
    XCTAssertLessThanOrEqual(abs(p.state[1]), 1)
  }

  func testPendulumClipsTorqueAndSpeed() throws {
    let p = Pendulum()
    _ = try p.reset(state: [0.5, 0])
    let big = try p.step([100])
    _ = try p.reset(state: [0.5, 0])
    let two = try p.step([2])
    XCTAssertEqual(big.observation, two.observation)
    XCTAssertEqual(big.reward, two.reward)
    _ = try p.reset(state: [0, 7.99])
    _ = try p.step([2])
    XCTAssertEqual(p.state[1], 8)
    XCTAssertThrowsError(try p.step([1, 1]))
    XCTAssertThrowsError(try p.step([.nan]))
  }

  func testPendulumAngleNormalize() {
    assertClose(Pendulum.angleNormalize(3 * Double.pi / 2), -Double.pi / 2, atol: 1e-15)
    assertClose(Pendulum.angleNormalize(-3 * Double.pi / 2), Double.pi / 2, atol: 1e-15)
    XCTAssertEqual(Pendulum.angleNormalize(0.25), 0.25 + Double.pi - Double.pi)
  }

  func testPendulumRewardAtRest() throws {
    let p = Pendulum(maxEpisodeSteps: 1)
    _ = try p.reset(state: [0, 0])
    let r = try p.step([0])
    XCTAssertEqual(r.reward, -0.0)
    XCTAssertTrue(r.truncated)
    XCTAssertFalse(r.terminated)
  }
}
