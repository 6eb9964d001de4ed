import Foundation
import RLSNumerics

/// Policy-gradient, value and preference losses with their gradients.
///
/// Each loss returns its value and the gradient with respect to its first
/// argument (the quantity a model produces), computed analytically as
/// PyTorch's autograd would: `max`/`min` ties split the gradient in half
/// between both sides (`torch.maximum`/`torch.minimum`), `clamp` passes the
/// gradient where its input is within the bounds (inclusive).
public enum Losses {
  // MARK: Checks

  static func same(_ a: Tensor, _ aName: String, _ b: Tensor, _ bName: String) throws {
    guard a.shape == b.shape else { throw EstimatorError("\(bName) has shape \(b.shape) but \(aName) has \(a.shape)") }
  }

  static func finite(_ t: Tensor, _ name: String) throws {
    if let i = t.storage.firstIndex(where: { !$0.isFinite }) {
      throw EstimatorError("\(name)\(Advantages.position(i, t)) = \(formatNumber(t.storage[i])) must be finite")
    }
  }

  static func nonEmpty(_ t: Tensor, _ name: String) throws {
    guard t.count > 0 else { throw EstimatorError("\(name) is empty") }
  }

  /// Mean and standard deviation (ddof 1; NaN for one element) of `x`.
  static func meanStd1(_ x: [Double]) -> (Double, Double) {
    let m = x.reduce(0, +) / Double(x.count)
    guard x.count > 1 else { return (m, .nan) }
    return (m, (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot())
  }

  /// d max(a, b) split as torch.maximum: (∂/∂a share, ∂/∂b share).
  @inline(__always) static func maxShares(_ a: Double, _ b: Double) -> (Double, Double) {
    a > b ? (1, 0) : (a < b ? (0, 1) : (0.5, 0.5))
  }

  @inline(__always) static func log1pexp(_ x: Double) -> Double {
    x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
  }

  @inline(__always) static func sigmoid(_ x: Double) -> Double {
    x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
  }

  // MARK: PPO (CleanRL ppo.py)

  /// CleanRL's clipped surrogate and diagnostics.
  public struct PPOClip: Sendable {
    /// mean(max(−A·ρ, −A·clamp(ρ, 1 − c, 1 + c))), ρ = exp(logp_new − logp_old).
    public var loss: Double
    /// ∂loss/∂logp_new.
    public var grad: Tensor
    /// mean(|ρ − 1| > c) (strict).
    public var clipfrac: Double
    /// mean((ρ − 1) − log ρ) (Schulman's k3).
    public var approxKL: Double
    /// mean(−log ρ).
    public var oldApproxKL: Double
  }

  /// The PPO clipped policy loss as CleanRL's `ppo.py` computes it, with
  /// `normAdv` normalising the advantages of the batch first:
  /// `A ← (A − mean A)/(std A + 1e-8)` (std with ddof 1).
  public static func ppoClip(logpNew: Tensor, logpOld: Tensor, advantages: Tensor, clip: Double = 0.2, normAdv: Bool = true) throws
    -> PPOClip
  {
    try same(logpNew, "logp_new", logpOld, "logp_old")
    try same(logpNew, "logp_new", advantages, "adv")
    try nonEmpty(logpNew, "logp_new")
    for (t, n) in [(logpNew, "logp_new"), (logpOld, "logp_old"), (advantages, "adv")] { try finite(t, n) }
    guard clip >= 0 else { throw EstimatorError("clip must be non-negative, got \(formatNumber(clip))") }
    var a = advantages.storage
    if normAdv {
      let (m, s) = meanStd1(a)
      a = a.map { ($0 - m) / (s + 1e-8) }
    }
    let n = Double(a.count)
    var loss = 0.0
    var clipped = 0
    var kl = 0.0
    var oldKL = 0.0
    var grad = [Double](repeating: 0, count: a.count)
    for i in a.indices {
      let logRatio = logpNew.storage[i] - logpOld.storage[i]
      let r = Foundation.exp(logRatio)
      let rc = Swift.min(Swift.max(r, 1 - clip), 1 + clip)
      let l1 = -a[i] * r
      let l2 = -a[i] * rc
      loss += Swift.max(l1, l2)
      let (s1, s2) = maxShares(l1, l2)
      let inside: Double = (r >= 1 - clip && r <= 1 + clip) ? 1 : 0
      grad[i] = (s1 * -a[i] * r + s2 * -a[i] * r * inside) / n + 0  // + 0: no negative zeros
      if Swift.abs(r - 1) > clip { clipped += 1 }
      kl += (r - 1) - logRatio
      oldKL += -logRatio
    }
    return PPOClip(
      loss: loss / n, grad: try Tensor(shape: logpNew.shape, storage: grad), clipfrac: Double(clipped) / n, approxKL: kl / n,
      oldApproxKL: oldKL / n)
  }

  /// CleanRL's value loss: with `clipValueLoss`,
  /// `0.5·mean(max((v − R)², (v_old + clamp(v − v_old, −c, c) − R)²))`,
  /// else `0.5·mean((v − R)²)`; gradient with respect to `v`.
  public static func valueClip(values: Tensor, oldValues: Tensor, returns: Tensor, clip: Double = 0.2, clipValueLoss: Bool = true) throws
    -> (loss: Double, grad: Tensor)
  {
    try same(values, "v_new", oldValues, "v_old")
    try same(values, "v_new", returns, "returns")
    try nonEmpty(values, "v_new")
    for (t, n) in [(values, "v_new"), (oldValues, "v_old"), (returns, "returns")] { try finite(t, n) }
    guard clip >= 0 else { throw EstimatorError("clip must be non-negative, got \(formatNumber(clip))") }
    let n = Double(values.count)
    var loss = 0.0
    var grad = [Double](repeating: 0, count: values.count)
    for i in 0..<values.count {
      let (v, vo, R) = (values.storage[i], oldValues.storage[i], returns.storage[i])
      let u = (v - R) * (v - R)
      guard clipValueLoss else {
        loss += u
        grad[i] = (v - R) / n
        continue
      }
      let d = v - vo
      let vc = vo + Swift.min(Swift.max(d, -clip), clip)
      let c = (vc - R) * (vc - R)
      loss += Swift.max(u, c)
      let (s1, s2) = maxShares(u, c)
      let inside: Double = (d >= -clip && d <= clip) ? 1 : 0
      grad[i] = (s1 * (v - R) + s2 * (vc - R) * inside) / n + 0
    }
    return (0.5 * loss / n, try Tensor(shape: values.shape, storage: grad))
  }

  /// Schulman's k3 estimate of KL(π ‖ π_ref) from samples of π:
  /// mean over (masked) tokens of `exp(ref − logp) − (ref − logp) − 1`;
  /// gradient `(1 − exp(ref − logp))/count` with respect to `logp`.
  public static func klK3(logp: Tensor, logpRef: Tensor, mask: Tensor? = nil) throws -> (value: Double, grad: Tensor) {
    try same(logp, "logp", logpRef, "logp_ref")
    try finite(logp, "logp")
    try finite(logpRef, "logp_ref")
    if let m = mask { try same(logp, "logp", m, "mask") }
    let w = mask?.storage ?? [Double](repeating: 1, count: logp.count)
    let total = w.reduce(0, +)
    guard total > 0 else { throw EstimatorError("no tokens to average over (the mask is all zero or logp is empty)") }
    var value = 0.0
    var grad = [Double](repeating: 0, count: logp.count)
    for i in 0..<logp.count where w[i] != 0 {
      let d = logpRef.storage[i] - logp.storage[i]
      value += w[i] * (Foundation.exp(d) - d - 1)
      grad[i] = w[i] * (1 - Foundation.exp(d)) / total
    }
    return (value / total, try Tensor(shape: logp.shape, storage: grad))
  }

  // MARK: GRPO (TRL GRPOTrainer._compute_loss)

  /// How the per-token GRPO losses are averaged (TRL's `loss_type`).
  public enum GRPOLossType: String, CaseIterable, Sendable {
    /// Per sequence: Σ_t loss·mask / max(Σ_t mask, 1), then the mean over sequences.
    case grpo
    /// Over all tokens of the batch: Σ loss·mask / max(Σ mask, 1).
    case bnpo
    /// Σ loss·mask / (B · max_completion_length) (Dr. GRPO).
    case drGRPO = "dr_grpo"
    /// Σ loss·mask / max(tokens in the batch, 1): on one process without
    /// gradient accumulation, TRL's `num_items_in_batch` is Σ mask, as bnpo.
    case dapo
  }

  /// The GRPO loss, gradient and clip statistics.
  public struct GRPO: Sendable {
    public var loss: Double
    /// ∂loss/∂logp (B×T).
    public var grad: Tensor
    /// Masked mean of `ρ < 1 − ε_low and A < 0`.
    public var clipLow: Double
    /// Masked mean of `ρ > 1 + ε_high and A > 0`.
    public var clipHigh: Double
    /// Masked mean of either.
    public var clipRegion: Double
    /// Masked mean of the k3 KL to the reference (NaN when beta = 0 and no reference is given).
    public var kl: Double
  }

  /// TRL's GRPO token-level loss: `ρ = exp(logp − logp_old)`,
  /// `ℓ = −min(ρA, clamp(ρ, 1 − ε, 1 + ε_high)·A) + β·(exp(ref − logp) − (ref − logp) − 1)`,
  /// averaged as `lossType` says. `logp`, `logpOld`, `logpRef` and `mask` are
  /// B×T; `advantages` is a vector of B (one per sequence) or B×T.
  public static func grpo(
    logp: Tensor, logpOld: Tensor?, logpRef: Tensor?, advantages: Tensor, mask: Tensor?, beta: Double = 0, epsilon: Double = 0.2,
    epsilonHigh: Double? = nil, lossType: GRPOLossType = .dapo, maxCompletionLength: Int? = nil
  ) throws -> GRPO {
    guard logp.rank == 2 else { throw EstimatorError("logp must be a B×T matrix (sequences × tokens), got shape \(logp.shape)") }
    let (B, T) = (logp.rows, logp.cols)
    guard B > 0 && T > 0 else { throw EstimatorError("logp is empty (shape \(logp.shape))") }
    try finite(logp, "logp")
    let old = logpOld ?? logp
    try same(logp, "logp", old, "logp_old")
    try finite(old, "logp_old")
    if let r = logpRef {
      try same(logp, "logp", r, "logp_ref")
      try finite(r, "logp_ref")
    }
    guard beta == 0 || logpRef != nil else { throw EstimatorError("logp_ref is needed when beta is not 0") }
    let m = try mask ?? Tensor.ones([B, T])
    try same(logp, "logp", m, "mask")
    if let i = m.storage.firstIndex(where: { $0 != 0 && $0 != 1 }) {
      throw EstimatorError("mask\(Advantages.position(i, m)) = \(formatNumber(m.storage[i])) must be 0 or 1")
    }
    try finite(advantages, "adv")
    let advAt: (Int, Int) -> Double
    if advantages.rank == 1 {
      guard advantages.count == B else { throw EstimatorError("adv has \(advantages.count) elements but logp has \(B) sequences") }
      advAt = { b, _ in advantages.storage[b] }
    } else {
      try same(logp, "logp", advantages, "adv")
      advAt = { b, t in advantages.storage[b * T + t] }
    }
    let epsLow = epsilon
    let epsHigh = epsilonHigh ?? epsilon
    let L = maxCompletionLength ?? T
    guard L > 0 else { throw EstimatorError("max_completion_length must be positive, got \(L)") }
    let maskTotal = m.storage.reduce(0, +)
    // The weight of each token's loss in the average.
    func weight(_ b: Int) -> Double {
      switch lossType {
      case .grpo:
        let rowMask = (0..<T).reduce(0.0) { $0 + m.storage[b * T + $1] }
        return 1 / (Double(B) * Swift.max(rowMask, 1))
      case .bnpo, .dapo: return 1 / Swift.max(maskTotal, 1)
      case .drGRPO: return 1 / (Double(B) * Double(L))
      }
    }
    var loss = 0.0
    var grad = [Double](repeating: 0, count: B * T)
    var low = 0.0
    var high = 0.0
    var region = 0.0
    var klSum = 0.0
    for b in 0..<B {
      let wb = weight(b)
      for t in 0..<T {
        let i = b * T + t
        let mk = m.storage[i]
        let A = advAt(b, t)
        let r = Foundation.exp(logp.storage[i] - old.storage[i])
        let rc = Swift.min(Swift.max(r, 1 - epsLow), 1 + epsHigh)
        let l1 = r * A
        let l2 = rc * A
        // −min(l1, l2): the min's gradient goes to the smaller side (split on ties).
        let (s1, s2) = maxShares(l2, l1)  // the min's shares: l1 < l2 gives (1, 0)
        let inside: Double = (r >= 1 - epsLow && r <= 1 + epsHigh) ? 1 : 0
        var tokenLoss = -Swift.min(l1, l2)
        var g = -(s1 * r * A + s2 * r * A * inside)
        var kl = Double.nan
        if let ref = logpRef {
          let d = ref.storage[i] - logp.storage[i]
          kl = Foundation.exp(d) - d - 1
          klSum += kl * mk
          if beta != 0 {
            tokenLoss += beta * kl
            g += beta * (1 - Foundation.exp(d))
          }
        }
        loss += tokenLoss * mk * wb
        grad[i] = g * mk * wb + 0
        let isLow = r < 1 - epsLow && A < 0
        let isHigh = r > 1 + epsHigh && A > 0
        low += isLow ? mk : 0
        high += isHigh ? mk : 0
        region += (isLow || isHigh) ? mk : 0
      }
    }
    let denom = Swift.max(maskTotal, 1)
    return GRPO(
      loss: loss, grad: try Tensor(shape: logp.shape, storage: grad), clipLow: low / denom, clipHigh: high / denom, clipRegion: region / denom,
      kl: logpRef == nil ? .nan : klSum / denom)
  }

  // MARK: Preference losses

  /// Bradley–Terry pairwise loss (OpenRLHF `PairWiseLoss`):
  /// `mean(−log σ(chosen − rejected − margin))` (one margin or one per pair), its gradients and the accuracy `mean(chosen > rejected)`.
  public static func bradleyTerry(chosen: Tensor, rejected: Tensor, margin: Tensor? = nil) throws -> (
    loss: Double, gradChosen: Tensor, gradRejected: Tensor, accuracy: Double
  ) {
    try same(chosen, "chosen", rejected, "rejected")
    try nonEmpty(chosen, "chosen")
    try finite(chosen, "chosen")
    try finite(rejected, "rejected")
    if let mg = margin {
      if mg.count != 1 { try same(chosen, "chosen", mg, "margin") }
      try finite(mg, "margin")
    }
    let n = Double(chosen.count)
    var loss = 0.0
    var acc = 0.0
    var gc = [Double](repeating: 0, count: chosen.count)
    for i in 0..<chosen.count {
      let mg = margin.map { $0.count == 1 ? $0.storage[0] : $0.storage[i] } ?? 0
      let z = chosen.storage[i] - rejected.storage[i] - mg
      loss += log1pexp(-z)
      gc[i] = -sigmoid(-z) / n
      if chosen.storage[i] > rejected.storage[i] { acc += 1 }
    }
    return (loss / n, try Tensor(shape: chosen.shape, storage: gc), try Tensor(shape: chosen.shape, storage: gc.map { -$0 }), acc / n)
  }

  /// The calibrated reward-model loss of PPO-M (Leng et al. 2025, "Taming
  /// Overconfidence in LLMs: Reward Calibration in RLHF"; the
  /// Reward-Calibration code's CalibratedRewardModelTrainer, default
  /// "sigmoid" loss): `BT(r_cwh, r_cwl) + BT(r_rwl, r_rwh)` — a chosen answer
  /// with high stated confidence should beat the same answer with low
  /// confidence, and a rejected answer with low confidence should beat it
  /// with high confidence. Gradients for the four inputs, and the confidence
  /// accuracy `(mean(cwh > cwl) + mean(rwl > rwh))/2`.
  public static func crm(cwh: Tensor, cwl: Tensor, rwh: Tensor, rwl: Tensor) throws -> (
    loss: Double, grads: [Tensor], accuracy: Double
  ) {
    for (t, name) in [(cwl, "r_cwl"), (rwh, "r_rwh"), (rwl, "r_rwl")] { try same(cwh, "r_cwh", t, name) }
    let a = try bradleyTerry(chosen: cwh, rejected: cwl)
    let b = try bradleyTerry(chosen: rwl, rejected: rwh)
    return (a.loss + b.loss, [a.gradChosen, a.gradRejected, b.gradRejected, b.gradChosen], (a.accuracy + b.accuracy) / 2)
  }
}
