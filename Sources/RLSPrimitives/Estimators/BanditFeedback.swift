import RLSNumerics

/// Logged bandit feedback, as SPEC §5 fixes it: `reward`, `action` and
/// `pscore` are vectors of `n` rounds; `actionDist` (π_e(a | x_i)) and `qHat`
/// (q̂(x_i, a)) are `n×K` matrices.
///
/// OBP's `action_dist` and `estimated_rewards_by_reg_model` are
/// `n×K×len_list`; here they are `n×K`, which is OBP's position 0 (OBP's
/// default when no `position` is given).
///
/// Every field is optional so that an estimator asks only for what it reads:
/// DM needs `actionDist` and `qHat`; IPW-type estimators need `reward`,
/// `action`, `pscore` and `actionDist`; DR-type ones need all five.
public struct BanditFeedback: Sendable {
  public var reward: Tensor?
  public var action: Tensor?
  public var pscore: Tensor?
  public var actionDist: Tensor?
  public var qHat: Tensor?

  public init(reward: Tensor? = nil, action: Tensor? = nil, pscore: Tensor? = nil, actionDist: Tensor? = nil, qHat: Tensor? = nil) {
    self.reward = reward
    self.action = action
    self.pscore = pscore
    self.actionDist = actionDist
    self.qHat = qHat
  }
}

/// The fields an estimator reads.
struct BanditNeeds: OptionSet {
  let rawValue: Int
  /// `reward`, `action`, `pscore` (and `actionDist`).
  static let logged = BanditNeeds(rawValue: 1)
  /// `qHat` (and `actionDist`).
  static let model = BanditNeeds(rawValue: 2)
}

/// Shape-checked, raw views of the fields an estimator reads. Element checks
/// (NaN, ranges, integers, distributions) happen inside the estimator's one
/// pass over the rows; `diagnose(row:)` turns a bad row into a message.
struct BanditData {
  let n: Int
  let k: Int
  let needs: BanditNeeds
  let reward: [Double]
  let action: [Double]
  let pscore: [Double]
  let actionDist: [Double]
  let qHat: [Double]

  /// Checks presence, ranks and shapes; throws naming the field.
  init(_ fb: BanditFeedback, needs: BanditNeeds) throws {
    func vector(_ t: Tensor?, _ name: String) throws -> Tensor {
      guard let t else { throw EstimatorError("fb.\(name) is missing") }
      guard t.rank == 1 else { throw EstimatorError("\(name) must be a vector, got shape \(t.shape)") }
      return t
    }
    func matrix(_ t: Tensor?, _ name: String) throws -> Tensor {
      guard let t else { throw EstimatorError("fb.\(name) is missing") }
      guard t.rank == 2 else { throw EstimatorError("\(name) must be an n×K matrix, got shape \(t.shape)") }
      return t
    }
    self.needs = needs
    let pi = try matrix(fb.actionDist, "action_dist")
    actionDist = pi.storage
    k = pi.cols
    if needs.contains(.logged) {
      let r = try vector(fb.reward, "reward")
      let a = try vector(fb.action, "action")
      let p = try vector(fb.pscore, "pscore")
      n = r.rows
      for (t, name) in [(a, "action"), (p, "pscore")] where t.rows != n {
        throw EstimatorError("\(name) has \(t.rows) elements but reward has \(n)")
      }
      guard pi.rows == n else { throw EstimatorError("action_dist has \(pi.rows) rows but reward has \(n)") }
      reward = r.storage
      action = a.storage
      pscore = p.storage
    } else {
      n = pi.rows
      reward = []
      action = []
      pscore = []
    }
    if needs.contains(.model) {
      let q = try matrix(fb.qHat, "q_hat")
      guard q.rows == pi.rows, q.cols == pi.cols else {
        throw EstimatorError("q_hat has shape \(q.shape) but action_dist has \(pi.shape)")
      }
      qHat = q.storage
    } else {
      qHat = []
    }
    guard n > 0 else { throw EstimatorError("fb has no rounds (n = 0)") }
    guard k > 0 else { throw EstimatorError("action_dist has no columns (K = 0)") }
  }

  /// OBP's tolerance for "each row of action_dist sums to 1" (`np.allclose`).
  static let sumTolerance = 1e-8 + 1e-5

  /// The message for the first problem of row `i` (which the pass found bad).
  func diagnose(row i: Int) -> EstimatorError {
    func num(_ x: Double) -> String { formatNumber(x) }
    if needs.contains(.logged) {
      let r = reward[i]
      if r.isNaN { return EstimatorError("reward[\(i)] is NaN") }
      if !r.isFinite { return EstimatorError("reward[\(i)] = \(num(r)) must be finite") }
      let a = action[i]
      if a.isNaN { return EstimatorError("action[\(i)] is NaN") }
      if !(a >= 0 && a < Double(k)) {
        return EstimatorError("action[\(i)] = \(num(a)) must be an integer in [0, \(k)) (action_dist has \(k) columns)")
      }
      if a != a.rounded(.down) { return EstimatorError("action[\(i)] = \(num(a)) is not an integer") }
      let p = pscore[i]
      if p.isNaN { return EstimatorError("pscore[\(i)] is NaN") }
      if !(p > 0 && p <= 1) { return EstimatorError("pscore[\(i)] = \(num(p)) must be in (0, 1]") }
    }
    var s = 0.0
    for j in 0..<k {
      let x = actionDist[i * k + j]
      if x.isNaN { return EstimatorError("action_dist[\(i), \(j)] is NaN") }
      if !(x >= 0 && x <= 1) { return EstimatorError("action_dist[\(i), \(j)] = \(num(x)) must be in [0, 1]") }
      s += x
    }
    if !(Swift.abs(s - 1) <= BanditData.sumTolerance) {
      return EstimatorError("action_dist row \(i) sums to \(num(s)), not 1")
    }
    if needs.contains(.model) {
      for j in 0..<k {
        let q = qHat[i * k + j]
        if q.isNaN { return EstimatorError("q_hat[\(i), \(j)] is NaN") }
        if !q.isFinite { return EstimatorError("q_hat[\(i), \(j)] = \(num(q)) must be finite") }
      }
    }
    return EstimatorError("row \(i) is invalid")
  }
}
