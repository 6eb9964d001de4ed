import Foundation
import RLSNumerics

/// Evaluation of a policy by complete episodes.
public enum Evaluation {
  /// Returns of the evaluated episodes.
  public struct Result: Sendable {
    /// Undiscounted return of each episode, in order.
    public var returns: [Double]
    /// Steps of each episode.
    public var lengths: [Double]
    /// Mean of `returns`.
    public var mean: Double
    /// Population standard deviation of `returns` (NumPy's default, ddof 0).
    public var std: Double
  }

  /// Runs `episodes` episodes of `env`, episode `e` reset with seed
  /// `seed + e`, choosing actions with `policy(observation)`; an episode
  /// ends when the environment terminates or truncates, or after
  /// `maxSteps` steps when given. Checks for an interrupt every 1024 steps.
  public static func run(
    env: EpisodeEnvironment, episodes: Int, seed: Int, maxSteps: Int? = nil, policy: ([Double]) throws -> [Double]
  ) throws -> Result {
    guard episodes >= 1 else { throw ModelError("episodes must be at least 1, got \(episodes)") }
    var returns: [Double] = []
    var lengths: [Double] = []
    var steps = 0
    for e in 0..<episodes {
      var obs = try env.reset(seed: seed &+ e)
      var total = 0.0
      var length = 0
      while true {
        steps += 1
        if steps & 1023 == 0 { try Cancellation.check() }
        let a = try policy(obs)
        let r = try env.step(a)
        total += r.reward
        length += 1
        obs = r.observation
        if r.terminated || r.truncated { break }
        if let m = maxSteps, length >= m { break }
      }
      returns.append(total)
      lengths.append(Double(length))
    }
    let mean = returns.reduce(0, +) / Double(returns.count)
    var ss = 0.0
    for r in returns { ss += (r - mean) * (r - mean) }
    return Result(returns: returns, lengths: lengths, mean: mean, std: (ss / Double(returns.count)).squareRoot())
  }

  /// The action of `policy` for one observation, checked against the
  /// policy's input size; `greedy` picks argmax logits / the Gaussian mean.
  public static func action(_ policy: ActorCritic, _ obs: [Double], greedy: Bool, rng: inout RNG) throws -> [Double] {
    guard obs.count == policy.observationSize else {
      throw ModelError("the environment's observation has \(obs.count) numbers but the policy takes \(policy.observationSize)")
    }
    var a: [Double] = []
    try policy.act(policy.prepare(obs), rows: 1, greedy: greedy, rng: &rng, actions: &a)
    policy.actionSpace.clipArray(&a)
    return a
  }
}

extension ActionSpace {
  /// Clips a single action into the box bounds (no-op for discrete).
  public func clipArray(_ a: inout [Double]) {
    guard !isDiscrete, a.count == actionSize else { return }
    a.withUnsafeMutableBufferPointer { clip($0.baseAddress!) }
  }
}
