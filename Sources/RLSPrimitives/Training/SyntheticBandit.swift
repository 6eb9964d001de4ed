import Foundation
import RLSNumerics

/// A synthetic contextual bandit after OBP's SyntheticBanditDataset
/// (obp/dataset/synthetic.py), simplified: contexts x ~ N(0, I_d); action
/// contexts are the identity, so the linear reward function is
/// `f(x, a) = x·θ_a + b_a` with θ_a ~ U(0, 1)^d and b_a ~ U(0, 1) (OBP's
/// linear_reward_function without polynomial features); the expected reward
/// is `q = sigmoid(f)` for binary rewards (r ~ Bernoulli(q)) and `q = f` for
/// continuous ones (r = q + N(0, rewardStd²), OBP truncates the noise at 0
/// and we do not); the behaviour policy is `softmax(β · q)` as in OBP when no
/// behaviour-policy function is given. All draws come from our RNG (not
/// NumPy's), so numbers differ from OBP's for the same seed.
public final class SyntheticBandit: Environment {
  public let nActions: Int
  public let dimContext: Int
  public let binary: Bool
  public let beta: Double
  public let rewardStd: Double
  /// θ (nActions × dimContext, row-major) and b (nActions).
  public let theta: [Double]
  public let bias: [Double]

  public let name = "SyntheticBandit"
  public var observationSize: Int { dimContext }
  public let maxEpisodeSteps: Int? = 1
  public private(set) var elapsedSteps = 0
  public private(set) var state: [Double] = []
  private var rng = RNG(seed: 0)
  private var started = false

  public init(nActions: Int, dimContext: Int, binary: Bool, beta: Double, rewardStd: Double = 1, seed: UInt64) throws {
    guard nActions >= 2 else { throw EnvironmentError("n_actions must be at least 2, got \(nActions)") }
    guard dimContext >= 1 else { throw EnvironmentError("dim_context must be at least 1, got \(dimContext)") }
    guard rewardStd >= 0 else { throw EnvironmentError("reward_std must be non-negative") }
    self.nActions = nActions
    self.dimContext = dimContext
    self.binary = binary
    self.beta = beta
    self.rewardStd = rewardStd
    var g = RNG(seed: seed)
    theta = (0..<(nActions * dimContext)).map { _ in g.uniform() }
    bias = (0..<nActions).map { _ in g.uniform() }
  }

  /// Expected rewards q(x, ·) for `n` contexts (n × nActions).
  public func expectedReward(_ contexts: [Double], rows n: Int) -> [Double] {
    var q = [Double](repeating: 0, count: n * nActions)
    for i in 0..<n {
      for a in 0..<nActions {
        var f = bias[a]
        for j in 0..<dimContext { f += contexts[i * dimContext + j] * theta[a * dimContext + j] }
        q[i * nActions + a] = binary ? 1 / (1 + exp(-f)) : f
      }
    }
    return q
  }

  /// Row-wise `softmax(beta · q)`.
  public func softmaxPolicy(_ q: [Double], rows n: Int, beta b: Double) -> [Double] {
    var p = q
    for i in 0..<n {
      var mx = -Double.infinity
      for a in 0..<nActions { mx = max(mx, b * q[i * nActions + a]) }
      var s = 0.0
      for a in 0..<nActions {
        p[i * nActions + a] = exp(b * q[i * nActions + a] - mx)
        s += p[i * nActions + a]
      }
      for a in 0..<nActions { p[i * nActions + a] /= s }
    }
    return p
  }

  /// Logged feedback for `n` rounds under the behaviour policy.
  public struct Feedback {
    public var context: [Double]
    public var action: [Double]
    public var reward: [Double]
    public var pscore: [Double]
    public var piB: [Double]
    public var expectedReward: [Double]
  }

  public func sample(_ n: Int, rng g: inout RNG) throws -> Feedback {
    let x = (0..<(n * dimContext)).map { _ in g.normal() }
    let q = expectedReward(x, rows: n)
    let pb = softmaxPolicy(q, rows: n, beta: beta)
    var act = [Double](repeating: 0, count: n)
    var rew = act
    var ps = act
    for i in 0..<n {
      let a = try g.categorical(Array(pb[(i * nActions)..<((i + 1) * nActions)]))
      act[i] = Double(a)
      ps[i] = pb[i * nActions + a]
      let m = q[i * nActions + a]
      rew[i] = binary ? (g.uniform() < m ? 1 : 0) : m + rewardStd * g.normal()
    }
    return Feedback(context: x, action: act, reward: rew, pscore: ps, piB: pb, expectedReward: q)
  }

  /// The true value of a policy given as action probabilities on contexts:
  /// mean over rows of Σ_a π(a|x) q(x, a).
  public func policyValue(actionDist: [Double], contexts: [Double], rows n: Int) throws -> Double {
    guard actionDist.count == n * nActions else { throw EnvironmentError("action_dist must be \(n)×\(nActions)") }
    let q = expectedReward(contexts, rows: n)
    var s = 0.0
    for k in 0..<q.count { s += actionDist[k] * q[k] }
    return n == 0 ? 0 : s / Double(n)
  }

  // Environment protocol: one-step episodes; the observation is a context.
  public func reset(rng g: inout RNG) -> [Double] {
    rng = RNG(seed: g.nextUInt64())
    state = (0..<dimContext).map { _ in rng.normal() }
    elapsedSteps = 0
    started = true
    return state
  }

  public func reset(state s: [Double]) throws -> [Double] {
    guard s.count == dimContext else { throw EnvironmentError("bandit state (a context) must have \(dimContext) numbers, got \(s.count)") }
    state = s
    elapsedSteps = 0
    started = true
    return state
  }

  public func step(_ action: [Double]) throws -> StepResult {
    guard action.count == 1, action[0] == action[0].rounded(), action[0] >= 0, action[0] < Double(nActions) else {
      throw EnvironmentError("bandit action must be an integer in 0..\(nActions - 1)")
    }
    guard started else { throw EnvironmentError("call reset before step") }
    let q = expectedReward(state, rows: 1)[Int(action[0])]
    let r = binary ? (rng.uniform() < q ? 1.0 : 0.0) : q + rewardStd * rng.normal()
    elapsedSteps += 1
    // the next observation is a fresh context (the episode ends after one step)
    state = (0..<dimContext).map { _ in rng.normal() }
    return StepResult(observation: state, reward: r, terminated: true, truncated: false)
  }
}
