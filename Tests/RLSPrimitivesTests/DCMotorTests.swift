import Foundation
import RLSNumerics
import XCTest

@testable import RLSPrimitives

final class DCMotorTests: XCTestCase {
  /// Excitation circuit alone: i_e(t) = (u_e / r_e)(1 - exp(-t r_e / l_e)).
  func testExcitationCircuitMatchesClosedForm() throws {
    let m = try DCMotor(mode: .current, omega: 0)
    _ = try m.reset(state: [0, 0, 0, 0.5])
    for _ in 0..<1000 { _ = try m.step([0, 0.1]) }
    let t = 1000 * 1e-4
    let expected = (6.0 / DCMotor.rE) * (1 - exp(-t * DCMotor.rE / DCMotor.lE))
    assertClose(m.state[2], expected, rtol: 1e-9)
  }

  func testArmatureSteadyStateWithoutExcitation() throws {
    let m = try DCMotor(mode: .current, omega: 100)
    _ = try m.reset(state: [100, 0, 0, 0.5])
    for _ in 0..<2000 { _ = try m.step([0.01, 0]) }
    assertClose(m.state[1], 0.6 / DCMotor.rA, rtol: 1e-6)  // no back-EMF while i_e = 0
  }

  func testLimitViolationTerminates() throws {
    let m = try DCMotor(mode: .current)
    _ = try m.reset(state: [100, 0, 0, 0.5])
    var r = try m.step([1, 0])
    var n = 1
    while !r.terminated && n < 100 {
      r = try m.step([1, 0])
      n += 1
    }
    XCTAssertTrue(r.terminated)
    XCTAssertEqual(r.reward, -10)
    XCTAssertThrowsError(try m.step([1]))
  }

  func testPIControllerTracksCurrentReference() throws {
    let m = try DCMotor(mode: .current, maxEpisodeSteps: 3000)
    var g = RNG(seed: 1)
    var obs = m.reset(rng: &g)
    let pi = PIController(mode: .current)
    var late = 0.0
    for t in 0..<3000 {
      let r = try m.step(try pi.action(obs))
      XCTAssertFalse(r.terminated, "step \(t)")
      obs = r.observation
      if t % 500 >= 250 { late += -r.reward }
    }
    XCTAssertLessThan(late / 1500, 0.02)  // settled tracking error below 2 % of the limit
  }

  func testPIControllerSpeedCascadeStaysWithinLimits() throws {
    let m = try DCMotor(mode: .speed, maxEpisodeSteps: 20000, referenceInterval: 20000)
    _ = try m.reset(state: [0, 0, 0, 0.3])
    var obs = m.observation
    let pi = PIController(mode: .speed)
    var last = 0.0
    for _ in 0..<20000 {
      let r = try m.step(try pi.action(obs))
      XCTAssertFalse(r.terminated)
      obs = r.observation
      last = -r.reward
    }
    XCTAssertLessThan(last, 0.05)
  }
}
