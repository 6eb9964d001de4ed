import Foundation
import RLSNumerics

/// Reward and advantage shapings from recent RLVR papers, as their code computes them.
public enum RewardShaping {
  static func check(_ t: Tensor, _ name: String) throws {
    try Losses.finite(t, name)
  }

  /// RL-PLUS's multiple-importance-sampling ratio for tokens of external
  /// (off-policy) data (Dong et al. 2025, "RL-PLUS"; `rlplus_core_alg.py`,
  /// `compute_token_on_off_policy_loss` with `off_policy_strategy="RL-PLUS"`):
  /// `r = π_θ / ((π_old + π_ω)/2)`, the balance heuristic over the previous
  /// policy and the external one. The code takes `π_ω = (π_old + 1)/2`
  /// (the default here); pass `piOmega` (probabilities, same shape) to use
  /// known external probabilities. `logp`, `logpOld`: log π_θ, log π_old.
  public static func misRatio(logp: Tensor, logpOld: Tensor, piOmega: Tensor? = nil) throws -> Tensor {
    try Losses.same(logp, "logp", logpOld, "logp_old")
    try check(logp, "logp")
    try check(logpOld, "logp_old")
    if let w = piOmega {
      try Losses.same(logp, "logp", w, "pi_omega")
      if let i = w.storage.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
        throw EstimatorError("pi_omega\(Advantages.position(i, w)) = \(formatNumber(w.storage[i])) must be in [0, 1]")
      }
    }
    var out = [Double](repeating: 0, count: logp.count)
    for i in 0..<logp.count {
      let p = Foundation.exp(logp.storage[i])
      let old = Foundation.exp(logpOld.storage[i])
      let omega = piOmega?.storage[i] ?? 0.5 * (old + 1)
      out[i] = 2 * p / (old + omega)
    }
    return try Tensor(shape: logp.shape, storage: out)
  }

  /// RL-PLUS's exploration-based advantage: `A_t · (1 − π_θ(e_t))^γ` with
  /// π_θ treated as a constant (detached), so that tokens the policy finds
  /// unlikely — unexplored but correct paths — weigh more; the code uses
  /// γ = 0.5. `advantages` is one per sequence (vector of B) or B×T like `logp`.
  public static func explorationAdvantage(advantages: Tensor, logp: Tensor, gamma: Double = 0.5) throws -> Tensor {
    try check(advantages, "adv")
    try check(logp, "logp")
    guard gamma >= 0 else { throw EstimatorError("gamma must be non-negative, got \(formatNumber(gamma))") }
    let cols = logp.rank == 2 ? logp.cols : 1
    let perSequence = advantages.rank == 1 && logp.rank == 2
    if perSequence {
      guard advantages.count == logp.rows else { throw EstimatorError("adv has \(advantages.count) elements but logp has \(logp.rows) rows") }
    } else {
      try Losses.same(logp, "logp", advantages, "adv")
    }
    if let i = logp.storage.firstIndex(where: { $0 > 0 }) {
      throw EstimatorError("logp\(Advantages.position(i, logp)) = \(formatNumber(logp.storage[i])) is not a log-probability (> 0)")
    }
    var out = [Double](repeating: 0, count: logp.count)
    for i in 0..<logp.count {
      let a = perSequence ? advantages.storage[i / cols] : advantages.storage[i]
      out[i] = a * Foundation.pow(1 - Foundation.exp(logp.storage[i]), gamma)
    }
    return try Tensor(shape: logp.shape, storage: out)
  }

  /// LaSeR's last-token self-rewarding score (Yang et al. 2025, "LaSeR:
  /// Reinforcement Learning with Last-Token Self-Rewarding"):
  /// `r_s = β · (log π_θ(z_c | x, y) − c)`, where `log π_θ(z_c | x, y)` is the
  /// policy's next-token log-probability of the pre-specified token z_c after
  /// the solution's last token (`logp_token`, one per solution), `c` the
  /// pre-computed reference log-probability of z_c and `β` the KL coefficient.
  public static func laserScore(logpToken: Tensor, refLogp: Double, beta: Double) throws -> Tensor {
    try check(logpToken, "logp_token")
    guard refLogp.isFinite, beta.isFinite else { throw EstimatorError("ref_logp and beta must be finite") }
    return try Tensor(shape: logpToken.shape, storage: logpToken.storage.map { beta * ($0 - refLogp) })
  }

  /// LaSeR's auxiliary loss aligning the self-rewarding scores with the
  /// verifier's rewards: `mean((r_s − r_v)²)`, and its gradient with respect
  /// to `logp_token`, `2β(r_s − r_v)/n`.
  public static func laserLoss(logpToken: Tensor, verifierReward: Tensor, refLogp: Double, beta: Double) throws -> (
    loss: Double, grad: Tensor, scores: Tensor
  ) {
    let s = try laserScore(logpToken: logpToken, refLogp: refLogp, beta: beta)
    try Losses.same(logpToken, "logp_token", verifierReward, "verifier_reward")
    try check(verifierReward, "verifier_reward")
    let n = Double(Swift.max(s.count, 1))
    var loss = 0.0
    var grad = [Double](repeating: 0, count: s.count)
    for i in 0..<s.count {
      let d = s.storage[i] - verifierReward.storage[i]
      loss += d * d
      grad[i] = 2 * beta * d / n
    }
    return (loss / n, try Tensor(shape: s.shape, storage: grad), s)
  }
}
