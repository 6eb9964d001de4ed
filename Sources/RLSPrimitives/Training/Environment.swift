import RLSNumerics

/// What one `step` of an environment returns (gymnasium's 5-tuple without `info`).
public struct StepResult: Sendable {
  /// The next observation.
  public var observation: [Double]
  /// The reward for the transition.
  public var reward: Double
  /// True when the episode reached a terminal state of the MDP.
  public var terminated: Bool
  /// True when the episode was cut by the time limit (`max_episode_steps`).
  public var truncated: Bool

  public init(observation: [Double], reward: Double, terminated: Bool, truncated: Bool) {
    self.observation = observation
    self.reward = reward
    self.terminated = terminated
    self.truncated = truncated
  }
}

/// Why an environment refused an input (wrong action shape or range, bad state).
public struct EnvironmentError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The environment protocol behind `env.*` objects (SPEC §5): reset from a
/// seed or from an explicit state, step with an action, read the state.
/// Observations, actions and states are plain `[Double]`.
public protocol Environment: AnyObject {
  /// The gymnasium id this environment reproduces ("CartPole-v1").
  var name: String { get }
  /// Observation length.
  var observationSize: Int { get }
  /// The internal state (what `reset(state:)` accepts).
  var state: [Double] { get }
  /// Steps taken since the last reset.
  var elapsedSteps: Int { get }
  /// The time limit (`nil`: none).
  var maxEpisodeSteps: Int? { get }
  /// Samples an initial state with `rng`; returns the observation.
  func reset(rng: inout RNG) -> [Double]
  /// Starts from `state`; returns the observation.
  func reset(state: [Double]) throws -> [Double]
  /// Advances one step.
  func step(_ action: [Double]) throws -> StepResult
  /// Advances one step writing the observation into `observation`
  /// (`observationSize` numbers) without allocating; returns reward and flags.
  func step(
    _ action: UnsafeBufferPointer<Double>, into observation: UnsafeMutablePointer<Double>
  ) throws -> (reward: Double, terminated: Bool, truncated: Bool)
}

extension Environment {
  public func step(
    _ action: UnsafeBufferPointer<Double>, into observation: UnsafeMutablePointer<Double>
  ) throws -> (reward: Double, terminated: Bool, truncated: Bool) {
    let r = try step(Array(action))
    for j in 0..<observationSize { observation[j] = r.observation[j] }
    return (r.reward, r.terminated, r.truncated)
  }
}
