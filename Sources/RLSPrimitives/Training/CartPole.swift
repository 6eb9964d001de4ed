import Foundation
import RLSNumerics

/// gymnasium's CartPole-v1 (classic_control/cartpole.py), reproduced bit for
/// bit from the same state and actions: the state is float64 and updated with
/// gymnasium's expression order (explicit Euler); the observation is the
/// state rounded to float32; reward 1 per step, 1 on the step that
/// terminates and 0 on steps taken after termination (gymnasium warns then).
/// `reset(rng:)` draws the initial state U(-0.05, 0.05)⁴ from our RNG, not
/// from gymnasium's PCG64, so seeded resets differ from gymnasium's.
public final class CartPole: Environment {
  public let name = "CartPole-v1"
  public let observationSize = 4
  public let maxEpisodeSteps: Int?
  public private(set) var elapsedSteps = 0
  private var x = 0.0
  private var xDot = 0.0
  private var theta = 0.0
  private var thetaDot = 0.0
  public var state: [Double] { [x, xDot, theta, thetaDot] }
  private var stepsBeyondTerminated: Int? = nil
  private var started = false

  static let gravity = 9.8
  static let masscart = 1.0
  static let masspole = 0.1
  static let totalMass = masspole + masscart
  static let length = 0.5
  static let polemassLength = masspole * length
  static let forceMag = 10.0
  static let tau = 0.02
  static let thetaThreshold = 12 * 2 * Double.pi / 360
  static let xThreshold = 2.4

  /// A CartPole with TimeLimit truncation after `maxEpisodeSteps` (gymnasium: 500).
  public init(maxEpisodeSteps: Int? = 500) { self.maxEpisodeSteps = maxEpisodeSteps }

  public func reset(rng: inout RNG) -> [Double] {
    let s = (0..<4).map { _ in -0.05 + 0.1 * rng.uniform() }
    return try! reset(state: s)
  }

  public func reset(state s: [Double]) throws -> [Double] {
    guard s.count == 4 else { throw EnvironmentError("CartPole state must have 4 numbers (x, x_dot, theta, theta_dot), got \(s.count)") }
    (x, xDot, theta, thetaDot) = (s[0], s[1], s[2], s[3])
    elapsedSteps = 0
    stepsBeyondTerminated = nil
    started = true
    return observation
  }

  /// The state rounded to float32, as gymnasium's observation.
  public var observation: [Double] { state.map { Double(Float($0)) } }

  public func step(
    _ action: UnsafeBufferPointer<Double>, into observation: UnsafeMutablePointer<Double>
  ) throws -> (reward: Double, terminated: Bool, truncated: Bool) {
    guard action.count == 1 else { throw EnvironmentError("CartPole takes one action (0 or 1), got \(action.count) numbers") }
    guard action[0] == 0 || action[0] == 1 else { throw EnvironmentError("CartPole action must be 0 or 1, got \(formatNumber(action[0]))") }
    guard started else { throw EnvironmentError("call reset before step") }
    let r = advance(push: action[0] == 1)
    observation[0] = Double(Float(x))
    observation[1] = Double(Float(xDot))
    observation[2] = Double(Float(theta))
    observation[3] = Double(Float(thetaDot))
    return r
  }

  public func step(_ action: [Double]) throws -> StepResult {
    guard action.count == 1 else { throw EnvironmentError("CartPole takes one action (0 or 1), got \(action.count) numbers") }
    guard action[0] == 0 || action[0] == 1 else { throw EnvironmentError("CartPole action must be 0 or 1, got \(formatNumber(action[0]))") }
    guard started else { throw EnvironmentError("call reset before step") }
    return step(push: action[0] == 1)
  }

  /// One step with the force to the right (`true`) or left.
  public func step(push right: Bool) -> StepResult {
    let r = advance(push: right)
    return StepResult(observation: observation, reward: r.reward, terminated: r.terminated, truncated: r.truncated)
  }

  /// The dynamics: advances the state one step.
  @inline(__always)
  private func advance(push right: Bool) -> (reward: Double, terminated: Bool, truncated: Bool) {
    typealias C = CartPole
    let force = right ? C.forceMag : -C.forceMag
    let costheta = cos(theta)
    let sintheta = sin(theta)
    // gymnasium's `**2` is libm's pow (not always x * x in the last bit).
    let temp = (force + C.polemassLength * libmPow(thetaDot, 2) * sintheta) / C.totalMass
    let thetaacc =
      (C.gravity * sintheta - costheta * temp)
      / (C.length * (4.0 / 3.0 - C.masspole * libmPow(costheta, 2) / C.totalMass))
    let xacc = temp - C.polemassLength * thetaacc * costheta / C.totalMass
    x = x + C.tau * xDot
    xDot = xDot + C.tau * xacc
    theta = theta + C.tau * thetaDot
    thetaDot = thetaDot + C.tau * thetaacc
    let terminated = x < -C.xThreshold || x > C.xThreshold || theta < -C.thetaThreshold || theta > C.thetaThreshold
    var reward = 1.0
    if terminated {
      if let k = stepsBeyondTerminated {
        stepsBeyondTerminated = k + 1
        reward = 0
      } else {
        stepsBeyondTerminated = 0
      }
    }
    elapsedSteps += 1
    let truncated = maxEpisodeSteps.map { elapsedSteps >= $0 } ?? false
    return (reward, terminated, truncated)
  }
}
