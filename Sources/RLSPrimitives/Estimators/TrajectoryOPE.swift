import RLSNumerics

/// Trajectory-level off-policy estimators with SCOPE-RL's semantics
/// (`scope_rl/ope/discrete/basic_estimators.py`, `_estimate_trajectory_value`
/// of each class; the policy value is the mean over trajectories).
///
/// Inputs are n×T matrices (n trajectories of T steps): `reward`,
/// `pscoreB` = π_b(a_t|s_t) and `pscoreE` = π_e(a_t|s_t) of the logged
/// actions, `qHat` = q̂(s_t, a_t) at the logged action and `vHat` =
/// Σ_a π_e(a|s_t) q̂(s_t, a). (SCOPE-RL takes the n·T×K action distribution
/// and Q table and forms these itself.) Shorter trajectories are padded with
/// reward 0, both propensities 1 and q̂ = v̂ = 0.
///
/// With the discount `γ^t` and the weights
/// - trajectory-wise `W_i = Π_t π_e / Π_t π_b` (the same at every step),
/// - per-decision `w_{i,t} = Π_{t'≤t} π_e / Π_{t'≤t} π_b` (cumulative products
///   of each policy's propensities, divided, as SCOPE-RL computes them):
/// - `tis`: Σ_t γ^t W_i r_{i,t};   `pdis`: Σ_t γ^t w_{i,t} r_{i,t}
/// - `dr` (step-wise): Σ_t γ^t [w_{i,t}(r_{i,t} − q̂_{i,t}) + w_{i,t−1} v̂_{i,t}], w_{i,−1} = 1
/// - `sntis`, `snpdis`, `sndr`: the same with each weight divided by its
///   mean over trajectories at that step plus 1e-10 (SCOPE-RL's
///   `weight / (weight.mean(axis=0) + 1e-10)`); SNDR's previous-step weight
///   is the normalised one, 1 at t = 0.
public enum TrajectoryEstimator: String, CaseIterable, Sendable {
  case tis, pdis
  case dr = "dr_traj"
  case sntis, snpdis
  case sndr = "sndr_traj"

  var perDecision: Bool { self != .tis && self != .sntis }
  var selfNormalised: Bool { self == .sntis || self == .snpdis || self == .sndr }
  var doublyRobust: Bool { self == .dr || self == .sndr }
}

/// Logged trajectories (see `TrajectoryEstimator`).
public struct Trajectories: Sendable {
  public var reward: Tensor?
  public var pscoreB: Tensor?
  public var pscoreE: Tensor?
  public var qHat: Tensor?
  public var vHat: Tensor?

  public init(reward: Tensor? = nil, pscoreB: Tensor? = nil, pscoreE: Tensor? = nil, qHat: Tensor? = nil, vHat: Tensor? = nil) {
    self.reward = reward
    self.pscoreB = pscoreB
    self.pscoreE = pscoreE
    self.qHat = qHat
    self.vHat = vHat
  }
}

public enum TrajectoryOPE {
  /// Per-trajectory values (their mean is the estimate).
  public static func trajectoryValues(_ e: TrajectoryEstimator, _ tr: Trajectories, gamma: Double = 1) throws -> [Double] {
    guard gamma >= 0 && gamma <= 1 else { throw EstimatorError("gamma must be in [0, 1], got \(formatNumber(gamma))") }
    func field(_ t: Tensor?, _ name: String) throws -> Tensor {
      guard let t else { throw EstimatorError("tr.\(name) is missing") }
      guard t.rank == 2 else { throw EstimatorError("\(name) must be an n×T matrix (trajectories × steps), got shape \(t.shape)") }
      return t
    }
    let r = try field(tr.reward, "reward")
    let pb = try field(tr.pscoreB, "pscore_b")
    let pe = try field(tr.pscoreE, "pscore_e")
    var fields = [(pb, "pscore_b"), (pe, "pscore_e")]
    var q: Tensor? = nil
    var v: Tensor? = nil
    if e.doublyRobust {
      q = try field(tr.qHat, "q_hat")
      v = try field(tr.vHat, "v_hat")
      fields += [(q!, "q_hat"), (v!, "v_hat")]
    }
    for (t, name) in fields where t.shape != r.shape {
      throw EstimatorError("\(name) has shape \(t.shape) but reward has \(r.shape)")
    }
    let (n, T) = (r.rows, r.cols)
    guard n > 0 && T > 0 else { throw EstimatorError("tr has no steps (reward has shape \(r.shape))") }
    func at(_ i: Int) -> String { "[\(i / T), \(i % T)]" }
    for i in 0..<(n * T) {
      let x = r.storage[i]
      if !x.isFinite { throw EstimatorError("reward\(at(i)) = \(formatNumber(x)) must be finite") }
      let b = pb.storage[i]
      if !(b > 0 && b <= 1) { throw EstimatorError("pscore_b\(at(i)) = \(formatNumber(b)) must be in (0, 1]") }
      let p = pe.storage[i]
      if !(p >= 0 && p <= 1) { throw EstimatorError("pscore_e\(at(i)) = \(formatNumber(p)) must be in [0, 1]") }
      if let q, !q.storage[i].isFinite { throw EstimatorError("q_hat\(at(i)) = \(formatNumber(q.storage[i])) must be finite") }
      if let v, !v.storage[i].isFinite { throw EstimatorError("v_hat\(at(i)) = \(formatNumber(v.storage[i])) must be finite") }
    }
    // Weights, row by row: cumulative products of each policy's propensities, divided.
    var w = [Double](repeating: 0, count: n * T)
    for i in 0..<n {
      var ce = 1.0
      var cb = 1.0
      for t in 0..<T {
        ce *= pe.storage[i * T + t]
        cb *= pb.storage[i * T + t]
        w[i * T + t] = ce / cb
      }
      if !e.perDecision {
        let last = w[i * T + T - 1]
        for t in 0..<T { w[i * T + t] = last }
      }
    }
    if e.selfNormalised {
      for t in 0..<T {
        var s = 0.0
        for i in 0..<n { s += w[i * T + t] }
        let d = s / Double(n) + 1e-10
        for i in 0..<n { w[i * T + t] /= d }
      }
    }
    var out = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var value = 0.0
      var discount = 1.0
      var prev = 1.0
      for t in 0..<T {
        let k = i * T + t
        if e.doublyRobust {
          value += discount * (w[k] * (r.storage[k] - q!.storage[k]) + prev * v!.storage[k])
          prev = w[k]
        } else {
          value += discount * w[k] * r.storage[k]
        }
        discount *= gamma
      }
      out[i] = value
    }
    return out
  }

  /// The estimate: the mean of the trajectory values.
  public static func estimate(_ e: TrajectoryEstimator, _ tr: Trajectories, gamma: Double = 1) throws -> Double {
    let v = try trajectoryValues(e, tr, gamma: gamma)
    return v.reduce(0, +) / Double(v.count)
  }
}
