import RLSNumerics

/// `count` copies of an environment stepped together with same-step
/// auto-reset, as the training loops see them: observations, actions,
/// rewards and flags are flat row-major buffers (row `i` is copy `i`).
/// Implemented natively (`NativeBatchEnvironment`) and by the bindings for
/// environments written in RLScript.
public protocol BatchEnvironment: AnyObject {
  /// Number of copies.
  var count: Int { get }
  /// Observation length.
  var observationSize: Int { get }
  /// The actions every copy accepts.
  var actionSpace: ActionSpace { get }
  /// Resets every copy from `seed` and writes the `count × observationSize` observations.
  func reset(seed: Int, into observations: inout [Double]) throws
  /// Steps copy `i` with `actions[i*k ..< (i+1)*k]` (`k = actionSpace.actionSize`);
  /// a copy whose episode ended is reset at once and its row of
  /// `observations` is the first observation of its next episode.
  func step(
    _ actions: [Double], observations: inout [Double], rewards: inout [Double], terminated: inout [Bool], truncated: inout [Bool]
  ) throws
}

/// One environment run episode by episode (evaluation, REINFORCE).
public protocol EpisodeEnvironment: AnyObject {
  /// The actions it accepts.
  var actionSpace: ActionSpace { get }
  /// Starts an episode seeded by `seed`; returns the first observation.
  func reset(seed: Int) throws -> [Double]
  /// Advances one step.
  func step(_ action: [Double]) throws -> StepResult
}

/// Copies of built-in environments stepped natively without allocating:
/// copy `i` draws its resets from the `i`-th jump of `RNG(seed:)` (as
/// `VectorEnvironment`).
public final class NativeBatchEnvironment: BatchEnvironment {
  /// The copies.
  public let envs: [Environment]
  /// The actions every copy accepts.
  public let actionSpace: ActionSpace
  private var rngs: [RNG]

  /// Copies `envs` (at least one, equal observation sizes) acting in `space`.
  public init(_ envs: [Environment], actionSpace space: ActionSpace) throws {
    guard let first = envs.first else { throw EnvironmentError("a training loop needs at least one environment copy") }
    guard envs.allSatisfy({ $0.observationSize == first.observationSize }) else {
      throw EnvironmentError("the environment copies have different observation sizes")
    }
    self.envs = envs
    self.actionSpace = space
    rngs = [RNG](repeating: RNG(seed: 0), count: envs.count)
  }

  /// `n` fresh copies of `env`.
  public convenience init(copiesOf env: TrainableEnvironment, count n: Int) throws {
    try self.init((0..<n).map { _ in env.freshCopy() }, actionSpace: env.actionSpace)
  }

  public var count: Int { envs.count }
  public var observationSize: Int { envs[0].observationSize }

  public func reset(seed: Int, into observations: inout [Double]) throws {
    var base = RNG(seed: UInt64(truncatingIfNeeded: seed))
    let d = observationSize
    if observations.count != count * d { observations = [Double](repeating: 0, count: count * d) }
    for i in 0..<envs.count {
      rngs[i] = base
      base.jump()
      let o = envs[i].reset(rng: &rngs[i])
      for j in 0..<d { observations[i * d + j] = o[j] }
    }
  }

  public func step(
    _ actions: [Double], observations: inout [Double], rewards: inout [Double], terminated: inout [Bool], truncated: inout [Bool]
  ) throws {
    let k = actionSpace.actionSize
    let d = observationSize
    try actions.withUnsafeBufferPointer { ap in
      try observations.withUnsafeMutableBufferPointer { op in
        for i in 0..<envs.count {
          let a = UnsafeBufferPointer(rebasing: ap[(i * k)..<(i * k + k)])
          let r = try envs[i].step(a, into: op.baseAddress! + i * d)
          rewards[i] = r.reward
          terminated[i] = r.terminated
          truncated[i] = r.truncated
          if r.terminated || r.truncated {
            let o = envs[i].reset(rng: &rngs[i])
            for j in 0..<d { op[i * d + j] = o[j] }
          }
        }
      }
    }
  }
}

/// A built-in environment run episode by episode: `reset(seed:)` draws the
/// initial state from `RNG(seed:)`.
public final class NativeEpisodeEnvironment: EpisodeEnvironment {
  /// The environment.
  public let env: Environment
  /// The actions it accepts.
  public let actionSpace: ActionSpace

  /// Wraps `env`, which acts in `actionSpace`.
  public init(_ env: Environment, actionSpace: ActionSpace) {
    self.env = env
    self.actionSpace = actionSpace
  }

  public func reset(seed: Int) throws -> [Double] {
    var g = RNG(seed: UInt64(truncatingIfNeeded: seed))
    return env.reset(rng: &g)
  }

  public func step(_ action: [Double]) throws -> StepResult { try env.step(action) }
}
