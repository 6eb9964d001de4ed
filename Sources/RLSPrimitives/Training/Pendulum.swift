import Foundation
import RLSNumerics

/// gymnasium's Pendulum-v1 (classic_control/pendulum.py, g = 10), reproduced
/// bit for bit from the same state and actions under NumPy 2's promotion
/// rules: the action is a float32 (gymnasium's Box dtype) clipped to ±2, so
/// `0.001 * u**2` and `3.0 * u` are float32 products; the state is float64
/// and the observation `[cos θ, sin θ, θ̇]` is rounded to float32.
/// `reset(rng:)` draws θ ~ U(-π, π), θ̇ ~ U(-1, 1) from our RNG.
public final class Pendulum: Environment {
  public let name = "Pendulum-v1"
  public let observationSize = 3
  public let maxEpisodeSteps: Int?
  public private(set) var elapsedSteps = 0
  public private(set) var state: [Double] = [0, 0]
  private var started = false
  public let g: Double

  static let maxSpeed = 8.0
  static let maxTorque: Float = 2.0
  static let dt = 0.05
  static let m = 1.0
  static let l = 1.0

  /// A Pendulum with gravity `g` and TimeLimit truncation (gymnasium: 200).
  public init(maxEpisodeSteps: Int? = 200, g: Double = 10.0) {
    self.maxEpisodeSteps = maxEpisodeSteps
    self.g = g
  }

  public func reset(rng: inout RNG) -> [Double] {
    let th = -Double.pi + 2 * Double.pi * rng.uniform()
    let thdot = -1.0 + 2.0 * rng.uniform()
    return try! reset(state: [th, thdot])
  }

  public func reset(state s: [Double]) throws -> [Double] {
    guard s.count == 2 else { throw EnvironmentError("Pendulum state must have 2 numbers (theta, theta_dot), got \(s.count)") }
    state = s
    elapsedSteps = 0
    started = true
    return observation
  }

  public var observation: [Double] {
    [Double(Float(cos(state[0]))), Double(Float(sin(state[0]))), Double(Float(state[1]))]
  }

  /// gymnasium's `angle_normalize`: `((x + π) % (2π)) - π` with Python's modulo.
  static func angleNormalize(_ x: Double) -> Double {
    let a = x + Double.pi
    let b = 2 * Double.pi
    var r = fmod(a, b)
    if r != 0 {
      if (b < 0) != (r < 0) { r += b }
    } else {
      r = 0  // copysign(0, 2π), as NumPy's divmod
    }
    return r - Double.pi
  }

  public func step(_ action: [Double]) throws -> StepResult {
    guard action.count == 1 else { throw EnvironmentError("Pendulum takes one torque, got \(action.count) numbers") }
    guard action[0].isFinite else { throw EnvironmentError("Pendulum torque must be finite, got \(formatNumber(action[0]))") }
    guard started else { throw EnvironmentError("call reset before step") }
    typealias P = Pendulum
    let th = state[0]
    let thdot = state[1]
    let u = min(max(Float(action[0]), -P.maxTorque), P.maxTorque)
    let an = P.angleNormalize(th)
    // `**` is libm's pow in NumPy's scalar math (and in Python), which can
    // differ from x * x in the last bit (see LibmPow.swift).
    let costs = libmPow(an, 2) + 0.1 * libmPow(thdot, 2) + Double(Float(0.001) * libmPowf(u, 2))
    let coef = 3 * g / (2 * P.l)
    var newthdot = thdot + (coef * sin(th) + Double(Float(3.0 / (P.m * P.l * P.l)) * u)) * P.dt
    newthdot = min(max(newthdot, -P.maxSpeed), P.maxSpeed)
    let newth = th + newthdot * P.dt
    state = [newth, newthdot]
    elapsedSteps += 1
    let truncated = maxEpisodeSteps.map { elapsedSteps >= $0 } ?? false
    return StepResult(observation: observation, reward: -costs, terminated: false, truncated: truncated)
  }
}
