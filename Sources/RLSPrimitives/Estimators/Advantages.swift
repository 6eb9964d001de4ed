import RLSNumerics

/// Advantage estimators for policy-gradient training.
///
/// Rollouts are `T×N` matrices (time steps × parallel environments, as in
/// CleanRL) or vectors of `T` steps (one environment). `dones[t] = 1` when
/// step `t` ended its episode (terminated or truncated), so nothing after it
/// is bootstrapped into it. CleanRL stores the same flag one slot later
/// (`dones[t + 1]`, and `next_done` for the last step).
public enum Advantages {
  /// A rollout's shape: steps × environments.
  struct Rollout {
    let steps: Int
    let envs: Int
  }

  static func rollout(_ rewards: Tensor, _ others: [(Tensor, String)], lastValue: Tensor?) throws -> Rollout {
    for (t, name) in others where t.shape != rewards.shape {
      throw EstimatorError("\(name) has shape \(t.shape) but rewards has \(rewards.shape)")
    }
    let r = Rollout(steps: rewards.rows, envs: rewards.rank == 1 ? 1 : rewards.cols)
    if let lv = lastValue, lv.count != r.envs {
      throw EstimatorError("last_value has \(lv.count) elements but there are \(r.envs) environments")
    }
    for (t, name) in [(rewards, "rewards")] + others {
      if let i = t.storage.firstIndex(where: { !$0.isFinite }) {
        throw EstimatorError("\(name)\(position(i, t)) = \(formatNumber(t.storage[i])) must be finite")
      }
    }
    if let lv = lastValue, let i = lv.storage.firstIndex(where: { !$0.isFinite }) {
      throw EstimatorError("last_value[\(i)] = \(formatNumber(lv.storage[i])) must be finite")
    }
    return r
  }

  /// `[i]` for a vector, `[t, e]` for a matrix.
  static func position(_ i: Int, _ t: Tensor) -> String {
    t.rank == 1 ? "[\(i)]" : "[\(i / t.cols), \(i % t.cols)]"
  }

  static func checkDones(_ dones: Tensor) throws {
    if let i = dones.storage.firstIndex(where: { $0 != 0 && $0 != 1 }) {
      throw EstimatorError("dones\(position(i, dones)) = \(formatNumber(dones.storage[i])) must be 0 or 1")
    }
  }

  static func checkUnit(_ x: Double, _ name: String) throws {
    guard x >= 0 && x <= 1 else { throw EstimatorError("\(name) must be in [0, 1], got \(formatNumber(x))") }
  }

  /// Generalised advantage estimation (Schulman et al. 2016) as CleanRL's
  /// `ppo.py` computes it, going backwards from the last step:
  /// `δ_t = r_t + γ V_{t+1} (1 − d_t) − V_t`,
  /// `A_t = δ_t + γ λ (1 − d_t) A_{t+1}`, with `V_T = last_value` (0 when
  /// absent) and `A_T = 0`; `returns = A + V`.
  public static func gae(
    rewards: Tensor, values: Tensor, dones: Tensor, gamma: Double = 0.99, lambda: Double = 0.95, lastValue: Tensor? = nil
  ) throws -> (advantages: Tensor, returns: Tensor) {
    let ro = try rollout(rewards, [(values, "values"), (dones, "dones")], lastValue: lastValue)
    try checkDones(dones)
    try checkUnit(gamma, "gamma")
    try checkUnit(lambda, "lambda")
    let (T, N) = (ro.steps, ro.envs)
    var adv = [Double](repeating: 0, count: T * N)
    var ret = [Double](repeating: 0, count: T * N)
    let r = rewards.storage
    let v = values.storage
    let d = dones.storage
    for e in 0..<N {
      var nextValue = lastValue?.storage[e] ?? 0
      var last = 0.0
      for t in stride(from: T - 1, through: 0, by: -1) {
        let i = t * N + e
        let nonterminal = 1 - d[i]
        let delta = r[i] + gamma * nextValue * nonterminal - v[i]
        last = delta + gamma * lambda * nonterminal * last
        adv[i] = last
        ret[i] = last + v[i]
        nextValue = v[i]
      }
    }
    return (try Tensor(shape: rewards.shape, storage: adv), try Tensor(shape: rewards.shape, storage: ret))
  }

  /// Discounted returns with episode boundaries:
  /// `G_t = r_t + γ (1 − d_t) G_{t+1}`, `G_T = last_value` (0 when absent).
  public static func discountedReturns(rewards: Tensor, dones: Tensor, gamma: Double = 0.99, lastValue: Tensor? = nil) throws -> Tensor {
    let ro = try rollout(rewards, [(dones, "dones")], lastValue: lastValue)
    try checkDones(dones)
    try checkUnit(gamma, "gamma")
    let (T, N) = (ro.steps, ro.envs)
    var out = [Double](repeating: 0, count: T * N)
    let r = rewards.storage
    let d = dones.storage
    for e in 0..<N {
      var g = lastValue?.storage[e] ?? 0
      for t in stride(from: T - 1, through: 0, by: -1) {
        let i = t * N + e
        g = r[i] + gamma * (1 - d[i]) * g
        out[i] = g
      }
    }
    return try Tensor(shape: rewards.shape, storage: out)
  }

  /// How GRPO scales centred rewards (TRL's `scale_rewards`).
  public enum GRPOScale: String, CaseIterable, Sendable {
    /// Divide by the group's standard deviation (ddof 1) + 1e-4 (GRPO).
    case group
    /// Divide by the whole batch's standard deviation (ddof 1) + 1e-4.
    case batch
    /// Centre only (Dr. GRPO).
    case none
  }

  static func checkGroups(_ r: Tensor) throws {
    guard r.rank == 2 else { throw EstimatorError("rewards_by_group must be a matrix (one row per group), got shape \(r.shape)") }
    guard r.rows > 0 && r.cols > 0 else { throw EstimatorError("rewards_by_group is empty (shape \(r.shape))") }
    if let i = r.storage.firstIndex(where: { !$0.isFinite }) {
      throw EstimatorError("rewards_by_group\(position(i, r)) = \(formatNumber(r.storage[i])) must be finite")
    }
  }

  /// Mean and standard deviation (ddof 1; 0 for one element) of `x`.
  static func meanStd(_ x: ArraySlice<Double>) -> (Double, Double) {
    let m = x.reduce(0, +) / Double(x.count)
    guard x.count > 1 else { return (m, 0) }
    let v = x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    return (m, v.squareRoot())
  }

  /// Group-relative advantages as TRL's `GRPOTrainer` computes them: each
  /// row is one prompt's group of completions; `A = r − mean(group)`, then
  /// divided by `std + 1e-4` (std with ddof 1, of the group or of the batch),
  /// or not at all (`.none`, Dr. GRPO). A group of one has std 0.
  public static func grpo(_ rewards: Tensor, scale: GRPOScale = .group) throws -> Tensor {
    try checkGroups(rewards)
    let (G, m) = (rewards.rows, rewards.cols)
    var out = rewards.storage
    let batchStd = meanStd(rewards.storage[...]).1
    for g in 0..<G {
      let row = rewards.storage[(g * m)..<((g + 1) * m)]
      let (mean, std) = meanStd(row)
      let s: Double
      switch scale {
      case .group: s = std + 1e-4
      case .batch: s = batchStd + 1e-4
      case .none: s = 1
      }
      for j in 0..<m { out[g * m + j] = (out[g * m + j] - mean) / s }
    }
    return try Tensor(shape: rewards.shape, storage: out)
  }

  /// REINFORCE leave-one-out advantages (TRL's `RLOOTrainer`): each
  /// completion's baseline is the mean of the other completions of its group,
  /// `A_i = r_i − (Σ_j r_j − r_i)/(m − 1)` (0 for a group of one); with
  /// `normalize`, `A ← (A − mean A)/(std A + 1e-4)` over the whole batch (ddof 1).
  public static func rloo(_ rewards: Tensor, normalize: Bool = false) throws -> Tensor {
    try checkGroups(rewards)
    let (G, m) = (rewards.rows, rewards.cols)
    var out = rewards.storage
    for g in 0..<G {
      let row = rewards.storage[(g * m)..<((g + 1) * m)]
      let total = row.reduce(0, +)
      for j in 0..<m {
        let r = out[g * m + j]
        out[g * m + j] = m > 1 ? r - (total - r) / Double(m - 1) : 0
      }
    }
    if normalize {
      let (mean, std) = out.count > 1 ? meanStd(out[...]) : (out[0], Double.nan)
      out = out.map { ($0 - mean) / (std + 1e-4) }
    }
    return try Tensor(shape: rewards.shape, storage: out)
  }
}
