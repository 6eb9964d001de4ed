import RLSNumerics

/// `n` copies of an environment stepped together, with same-step
/// auto-reset: when a copy terminates or truncates, its row of the returned
/// observations is already the first observation of its next episode (drawn
/// from that copy's generator) and the last observation of the finished
/// episode is kept in `finalObservations`.
public final class VectorEnvironment {
  public let envs: [Environment]
  private var rngs: [RNG]

  /// The result of one vector step (row-major `n × d` observations).
  public struct Step {
    public var observations: [Double]
    public var rewards: [Double]
    public var terminated: [Bool]
    public var truncated: [Bool]
    /// Row `i` is the finished episode's last observation when copy `i` was done, else zeros.
    public var finalObservations: [Double]
  }

  public init(_ envs: [Environment], seed: UInt64) throws {
    guard let first = envs.first else { throw EnvironmentError("a vector environment needs at least one copy") }
    guard envs.allSatisfy({ $0.observationSize == first.observationSize }) else {
      throw EnvironmentError("the copies have different observation sizes")
    }
    self.envs = envs
    var base = RNG(seed: seed)
    var rs: [RNG] = []
    for _ in envs {
      rs.append(base)
      base.jump()
    }
    rngs = rs
  }

  public var count: Int { envs.count }
  public var observationSize: Int { envs[0].observationSize }

  /// Resets every copy (copy `i` uses the `i`-th jump of `seed`'s stream).
  public func reset(seed: UInt64?) -> [Double] {
    if let s = seed {
      var base = RNG(seed: s)
      for i in 0..<rngs.count {
        rngs[i] = base
        base.jump()
      }
    }
    var out: [Double] = []
    out.reserveCapacity(count * observationSize)
    for i in 0..<envs.count { out += envs[i].reset(rng: &rngs[i]) }
    return out
  }

  /// Steps every copy with its action (`actions[i]`).
  public func step(_ actions: [[Double]]) throws -> Step {
    guard actions.count == count else { throw EnvironmentError("expected \(count) actions (one per copy), got \(actions.count)") }
    let d = observationSize
    var s = Step(
      observations: [Double](repeating: 0, count: count * d), rewards: [Double](repeating: 0, count: count),
      terminated: [Bool](repeating: false, count: count), truncated: [Bool](repeating: false, count: count),
      finalObservations: [Double](repeating: 0, count: count * d))
    for i in 0..<count {
      let r = try envs[i].step(actions[i])
      s.rewards[i] = r.reward
      s.terminated[i] = r.terminated
      s.truncated[i] = r.truncated
      var obs = r.observation
      if r.terminated || r.truncated {
        for j in 0..<d { s.finalObservations[i * d + j] = obs[j] }
        obs = envs[i].reset(rng: &rngs[i])
      }
      for j in 0..<d { s.observations[i * d + j] = obs[j] }
    }
    return s
  }
}
