import RLSNumerics

/// The actions an environment accepts: `discrete(n)` (one number, an index
/// in `0..<n`) or `box(low:high:)` (a vector of `low.count` numbers, each
/// within its bounds).
public enum ActionSpace: Sendable, Equatable {
  case discrete(Int)
  case box(low: [Double], high: [Double])

  /// Numbers per action (1 for a discrete space).
  public var actionSize: Int {
    switch self {
    case .discrete: return 1
    case .box(let low, _): return low.count
    }
  }

  /// Outputs a policy network needs (logits for a discrete space, means for a box).
  public var policyOutputs: Int {
    switch self {
    case .discrete(let n): return n
    case .box(let low, _): return low.count
    }
  }

  /// True for a discrete space.
  public var isDiscrete: Bool {
    if case .discrete = self { return true }
    return false
  }

  /// A readable description ("discrete(2)", "box(1)").
  public var description: String {
    switch self {
    case .discrete(let n): return "discrete(\(n))"
    case .box(let low, _): return "box(\(low.count))"
    }
  }

  /// Clips `action` (actionSize numbers at `a`) into the box bounds in place
  /// (gymnasium's ClipAction); a discrete action is left as it is.
  @inline(__always)
  func clip(_ a: UnsafeMutablePointer<Double>) {
    guard case .box(let low, let high) = self else { return }
    for j in 0..<low.count { a[j] = Swift.min(Swift.max(a[j], low[j]), high[j]) }
  }
}

/// An environment that can describe its action space and make fresh copies
/// of itself with the same settings (what the training loops need to run
/// several copies of a built-in environment).
public protocol TrainableEnvironment: Environment {
  /// The actions it accepts.
  var actionSpace: ActionSpace { get }
  /// A new, not yet reset, environment with the same settings.
  func freshCopy() -> Environment
}

extension CartPole: TrainableEnvironment {
  public var actionSpace: ActionSpace { .discrete(2) }
  public func freshCopy() -> Environment { CartPole(maxEpisodeSteps: maxEpisodeSteps) }
}

extension Pendulum: TrainableEnvironment {
  public var actionSpace: ActionSpace { .box(low: [-2], high: [2]) }
  public func freshCopy() -> Environment { Pendulum(maxEpisodeSteps: maxEpisodeSteps, g: g) }
}

extension DCMotor: TrainableEnvironment {
  public var actionSpace: ActionSpace { .box(low: [-1, -1], high: [1, 1]) }
  public func freshCopy() -> Environment {
    // the settings were validated when this motor was made
    try! DCMotor(
      mode: mode, maxEpisodeSteps: maxEpisodeSteps, tau: tau, omega: fixedOmega, referenceInterval: referenceInterval,
      violationReward: violationReward)
  }
}

/// The action space of a built-in environment (`nil` when unknown).
public func actionSpace(of env: Environment) -> ActionSpace? {
  if let t = env as? TrainableEnvironment { return t.actionSpace }
  if let b = env as? SyntheticBandit { return .discrete(b.nActions) }
  return nil
}
