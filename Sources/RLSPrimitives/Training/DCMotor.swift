import Foundation
import RLSNumerics

/// Current or speed control of an externally excited DC motor after
/// gym-electric-motor's DcExternallyExcitedMotor (its ODEs and default
/// parameters): armature and excitation circuits
///   l_a di_a/dt = u_a - r_a i_a - l_e' ω i_e,   l_e di_e/dt = u_e - r_e i_e,
/// torque T = l_e' i_a i_e, and in speed mode the mechanics
///   (j_rotor + j_load) dω/dt = T - sign(ω)(c ω² + b |ω| + a)
/// (GEM's PolynomialStaticLoad with a light load:
/// a = 0.01, b = 0.01, c = 0, j_load = 1e-5); in current mode ω is held constant (GEM's
/// ConstantSpeedLoad). Fixed-step RK4 over the sampling time τ = 1e-4 s.
/// Simplifications (documented): actions are the two normalised voltages
/// [u_a, u_e] in [-1, 1] (× 60 V, an ideal four-quadrant converter);
/// the reference is piecewise constant (a new level U(0.1, 0.8) of the
/// normalised tracked quantity every `referenceInterval` steps) instead of
/// GEM's Wiener-process generator; the reward is minus the absolute
/// normalised tracking error; leaving the limits (|i| ≤ 210 A, |ω| ≤ 400
/// rad/s) terminates with reward `violationReward` (-10).
/// Observation: [ω/400, T/T_max, i_a/210, i_e/210, u_a/60, u_e/60, reference].
public final class DCMotor: Environment {
  public enum Mode: String, Sendable { case current, speed }

  // GEM defaults (DcMotor._default_motor_parameter, limits).
  public static let rA = 16e-3
  public static let rE = 16e-2
  public static let lA = 19e-6
  public static let lE = 5.4e-3
  public static let lEPrime = 1.7e-3
  public static let jRotor = 0.0025
  public static let iLimit = 210.0
  public static let uLimit = 60.0
  public static let omegaLimit = 400.0
  public static let torqueLimit = lEPrime * iLimit * iLimit
  // PolynomialStaticLoad
  public static let loadA = 0.01
  public static let loadB = 0.01
  public static let loadC = 0.0
  public static let jLoad = 1e-5

  public let mode: Mode
  public let tau: Double
  public let fixedOmega: Double
  public let referenceInterval: Int
  public let violationReward: Double
  public let maxEpisodeSteps: Int?
  public var name: String { "DCMotor-\(mode.rawValue)" }
  public let observationSize = 7
  public private(set) var elapsedSteps = 0
  private var omega = 0.0
  private var iA = 0.0
  private var iE = 0.0
  private var uA = 0.0
  private var uE = 0.0
  private var reference = 0.0
  private var rng = RNG(seed: 0)
  private var started = false

  public init(
    mode: Mode, maxEpisodeSteps: Int? = 2000, tau: Double = 1e-4, omega: Double = 100, referenceInterval: Int = 500,
    violationReward: Double = -10
  ) throws {
    guard tau > 0 && tau <= 1e-2 else { throw EnvironmentError("tau must be in (0, 0.01] seconds") }
    guard referenceInterval >= 1 else { throw EnvironmentError("reference_interval must be at least 1") }
    guard abs(omega) <= DCMotor.omegaLimit else { throw EnvironmentError("omega must be within ±400 rad/s") }
    self.mode = mode
    self.tau = tau
    self.fixedOmega = omega
    self.referenceInterval = referenceInterval
    self.violationReward = violationReward
    self.maxEpisodeSteps = maxEpisodeSteps
  }

  /// [ω, i_a, i_e, reference] (what `reset(state:)` takes).
  public var state: [Double] { [omega, iA, iE, reference] }

  public var observation: [Double] {
    typealias M = DCMotor
    return [
      omega / M.omegaLimit, M.lEPrime * iA * iE / M.torqueLimit, iA / M.iLimit, iE / M.iLimit, uA / M.uLimit,
      uE / M.uLimit, reference,
    ]
  }

  public func reset(rng g: inout RNG) -> [Double] {
    rng = RNG(seed: g.nextUInt64())
    let omega0 = mode == .current ? fixedOmega : 0
    return try! reset(state: [omega0, 0, 0, 0.1 + 0.7 * rng.uniform()])
  }

  public func reset(state s: [Double]) throws -> [Double] {
    guard s.count == 4 else { throw EnvironmentError("DC motor state must have 4 numbers (omega, i_a, i_e, reference), got \(s.count)") }
    (omega, iA, iE, reference) = (s[0], s[1], s[2], s[3])
    if mode == .current { omega = fixedOmega }
    uA = 0
    uE = 0
    elapsedSteps = 0
    started = true
    return observation
  }

  /// Time derivatives of (ω, i_a, i_e).
  @inline(__always)
  func derivatives(_ w: Double, _ ia: Double, _ ie: Double) -> (Double, Double, Double) {
    typealias M = DCMotor
    let dia = (uA - M.rA * ia - M.lEPrime * w * ie) / M.lA
    let die = (uE - M.rE * ie) / M.lE
    guard mode == .speed else { return (0, dia, die) }
    let torque = M.lEPrime * ia * ie
    let load = w == 0 ? 0 : (w > 0 ? 1.0 : -1.0) * (M.loadC * w * w + M.loadB * abs(w) + M.loadA)
    var dw = (torque - load) / (M.jRotor + M.jLoad)
    // static friction: a standing motor does not start against the load
    if w == 0 && abs(torque) <= M.loadA { dw = 0 }
    return (dw, dia, die)
  }

  public func step(_ action: [Double]) throws -> StepResult {
    guard action.count == 2 else { throw EnvironmentError("DC motor takes two normalised voltages [u_a, u_e], got \(action.count) numbers") }
    guard action.allSatisfy({ $0.isFinite }) else { throw EnvironmentError("DC motor voltages must be finite") }
    guard started else { throw EnvironmentError("call reset before step") }
    typealias M = DCMotor
    uA = min(max(action[0], -1), 1) * M.uLimit
    uE = min(max(action[1], -1), 1) * M.uLimit
    let h = tau
    let (w0, a0, e0) = (omega, iA, iE)
    let k1 = derivatives(w0, a0, e0)
    let k2 = derivatives(w0 + h / 2 * k1.0, a0 + h / 2 * k1.1, e0 + h / 2 * k1.2)
    let k3 = derivatives(w0 + h / 2 * k2.0, a0 + h / 2 * k2.1, e0 + h / 2 * k2.2)
    let k4 = derivatives(w0 + h * k3.0, a0 + h * k3.1, e0 + h * k3.2)
    omega = w0 + h / 6 * (k1.0 + 2 * k2.0 + 2 * k3.0 + k4.0)
    iA = a0 + h / 6 * (k1.1 + 2 * k2.1 + 2 * k3.1 + k4.1)
    iE = e0 + h / 6 * (k1.2 + 2 * k2.2 + 2 * k3.2 + k4.2)
    elapsedSteps += 1
    let truncated = maxEpisodeSteps.map { elapsedSteps >= $0 } ?? false
    if abs(iA) > M.iLimit || abs(iE) > M.iLimit || abs(omega) > M.omegaLimit || !iA.isFinite || !omega.isFinite {
      return StepResult(observation: observation, reward: violationReward, terminated: true, truncated: truncated)
    }
    let tracked = mode == .current ? iA / M.iLimit : omega / M.omegaLimit
    let reward = -abs(reference - tracked)
    if elapsedSteps % referenceInterval == 0 { reference = 0.1 + 0.7 * rng.uniform() }
    return StepResult(observation: observation, reward: reward, terminated: false, truncated: truncated)
  }
}

/// A PI-controller baseline for `DCMotor`: a PI loop on the armature
/// current (normalised units) producing u_a, a PI loop holding the
/// excitation current at `excitationReference` producing u_e, and in speed
/// mode an outer PI loop on the speed producing the armature-current
/// reference (a cascade, as motor drives are controlled; the current
/// reference is limited to ±`currentLimit`). Integrators stop while their
/// output saturates (anti-windup). Gains are per second of integration.
public final class PIController {
  public let mode: DCMotor.Mode
  public let tau: Double
  public var kp: Double
  public var ki: Double
  public var speedKp: Double
  public var speedKi: Double
  public var excitationReference: Double
  public var currentLimit: Double
  private var intA = 0.0
  private var intE = 0.0
  private var intW = 0.0

  public init(
    mode: DCMotor.Mode, tau: Double = 1e-4, kp: Double = 0.2, ki: Double = 200, speedKp: Double = 4, speedKi: Double = 100,
    excitationReference: Double = 0.4, currentLimit: Double = 0.8
  ) {
    self.mode = mode
    self.tau = tau
    self.kp = kp
    self.ki = ki
    self.speedKp = speedKp
    self.speedKi = speedKi
    self.excitationReference = excitationReference
    self.currentLimit = currentLimit
  }

  public func reset() {
    intA = 0
    intE = 0
    intW = 0
  }

  static func pi(_ e: Double, _ integral: inout Double, _ kp: Double, _ ki: Double, _ tau: Double, limit: Double) -> Double {
    let raw = kp * e + ki * (integral + e * tau)
    if abs(raw) < limit { integral += e * tau }
    return min(max(kp * e + ki * integral, -limit), limit)
  }

  /// The action [u_a, u_e] for an observation of `DCMotor`.
  public func action(_ obs: [Double]) throws -> [Double] {
    guard obs.count == 7 else { throw EnvironmentError("the PI controller takes a DC motor observation of 7 numbers, got \(obs.count)") }
    var currentRef = obs[6]
    if mode == .speed {
      currentRef = PIController.pi(obs[6] - obs[0], &intW, speedKp, speedKi, tau, limit: currentLimit)
    }
    let ua = PIController.pi(currentRef - obs[2], &intA, kp, ki, tau, limit: 1)
    let ue = PIController.pi(excitationReference - obs[3], &intE, kp, ki, tau, limit: 1)
    return [ua, ue]
  }
}
