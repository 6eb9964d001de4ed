import Foundation

/// The PPO loss of one minibatch and its gradients, in CleanRL ppo.py's
/// terms: advantages normalised over the minibatch (when `normAdv`; unbiased
/// std + 1e-8), `pg = mean(max(−A·ratio, −A·clamp(ratio, 1 ± clip)))`,
/// value loss `0.5·mean(max((v − R)², (v_old + clamp(v − v_old, ±clip) − R)²))`
/// (or `0.5·mean((v − R)²)` without `clipVloss`), and
/// `loss = pg − entCoef·mean(entropy) + vfCoef·v_loss`. Gradients follow
/// PyTorch's autograd through `max` (to the larger term, half to each on a
/// tie) and `clamp` (zero outside the range).
public enum PPOLoss {
  /// The transitions of one minibatch (row-major, `rows` of each).
  public struct Minibatch {
    /// Observations as the networks take them (rows × observation size).
    public var observations: [Double]
    /// Actions taken (rows × action size; indices for a discrete space).
    public var actions: [Double]
    /// Log-probabilities of the actions when they were taken.
    public var oldLogp: [Double]
    /// Advantages (normalised here when `normAdv`).
    public var advantages: [Double]
    /// Value targets (advantages + old values).
    public var returns: [Double]
    /// Values when the actions were taken.
    public var oldValues: [Double]
    /// Transitions in the minibatch.
    public var rows: Int { oldLogp.count }

    /// A minibatch from its columns.
    public init(
      observations: [Double], actions: [Double], oldLogp: [Double], advantages: [Double], returns: [Double], oldValues: [Double]
    ) {
      self.observations = observations
      self.actions = actions
      self.oldLogp = oldLogp
      self.advantages = advantages
      self.returns = returns
      self.oldValues = oldValues
    }
  }

  /// What CleanRL logs of a minibatch.
  public struct Stats: Sendable {
    /// `0.5·mean(...)` of the (clipped) squared value error.
    public var valueLoss = 0.0
    /// The clipped surrogate loss.
    public var policyLoss = 0.0
    /// Mean entropy of the policy.
    public var entropy = 0.0
    /// `mean(−log ratio)`.
    public var oldApproxKL = 0.0
    /// `mean((ratio − 1) − log ratio)` (k3).
    public var approxKL = 0.0
    /// Fraction of ratios outside 1 ± clip.
    public var clipfrac = 0.0
    /// Zeros.
    public init() {}
  }

  /// The loss of `b` under `policy`; sets the actor's and critic's
  /// gradients (zeroed first) and returns the gradient of `logStd`.
  public static func lossAndGradients(_ policy: ActorCritic, _ b: Minibatch, _ c: PPOConfig) throws -> (
    loss: Double, stats: Stats, logStdGrad: [Double]
  ) {
    let m = b.rows
    let fm = Double(m)
    guard m >= 1 else { throw ModelError("an empty minibatch") }
    let k = policy.actionSpace.actionSize
    guard b.actions.count == m * k, b.advantages.count == m, b.returns.count == m, b.oldValues.count == m else {
      throw ModelError("a minibatch of \(m) rows needs \(m * k) actions and \(m) advantages, returns and old values")
    }
    if case .discrete(let n) = policy.actionSpace {
      for (i, a) in b.actions.enumerated() where !(a >= 0 && a < Double(n) && a == a.rounded()) {
        throw ModelError("actions[\(i)] = \(a) is not an action index in 0..\(n - 1)")
      }
    }
    var mbAdv = b.advantages
    if c.normAdv {
      var mean = 0.0
      for a in b.advantages { mean += a }
      mean /= fm
      var ss = 0.0
      for a in b.advantages { ss += (a - mean) * (a - mean) }
      let std = (ss / (fm - 1)).squareRoot()
      for r in 0..<m { mbAdv[r] = (b.advantages[r] - mean) / (std + 1e-8) }
    }
    policy.zeroGrad()
    var s = Stats()
    // actor: new log-probabilities and entropies
    let out = try policy.actor.forward(b.observations, rows: m)
    let outs = policy.actor.outputSize
    var gOut = [Double](repeating: 0, count: m * outs)
    var logStdGrad = [Double](repeating: 0, count: policy.logStd.count)
    var newLogp = [Double](repeating: 0, count: m)
    var dLogpOut: [Double]
    var dEntOut: [Double] = []
    var entSum = 0.0
    switch policy.actionSpace {
    case .discrete:
      let ai = b.actions.map { Int($0) }
      let h = try PolicyHeads.categorical(logits: out, rows: m, cols: outs, actions: ai)
      newLogp = h.logp
      dLogpOut = h.dLogp
      dEntOut = h.dEntropy
      for e in h.entropy { entSum += e }
    case .box:
      let h = try PolicyHeads.gaussian(mean: out, rows: m, cols: outs, logStd: policy.logStd, actions: b.actions)
      newLogp = h.logp
      dLogpOut = h.dMean
      for e in h.entropy { entSum += e }
      // d(-entCoef·mean entropy)/d logStd_j = -entCoef
      for j in 0..<logStdGrad.count { logStdGrad[j] = -c.entCoef }
      dEntOut = h.dLogStd  // n × d gradient of logp w.r.t. logStd
    }
    var pgSum = 0.0
    var clipped = 0
    for r in 0..<m {
      let logratio = newLogp[r] - b.oldLogp[r]
      let ratio = exp(logratio)
      s.oldApproxKL += -logratio
      s.approxKL += (ratio - 1) - logratio
      if abs(ratio - 1) > c.clipCoef { clipped += 1 }
      let a = mbAdv[r]
      let clampR = min(max(ratio, 1 - c.clipCoef), 1 + c.clipCoef)
      let inRange = ratio >= 1 - c.clipCoef && ratio <= 1 + c.clipCoef
      let pg1 = -a * ratio
      let pg2 = -a * clampR
      pgSum += max(pg1, pg2)
      // torch.max passes the gradient to the larger term (half to each when equal); clamp passes it inside its range
      let dRatio: Double
      if pg1 > pg2 {
        dRatio = -a
      } else if pg1 < pg2 {
        dRatio = inRange ? -a : 0
      } else {
        dRatio = -a / 2 + (inRange ? -a / 2 : 0)
      }
      let dLogp = dRatio * ratio / fm
      switch policy.actionSpace {
      case .discrete:
        for q in 0..<outs { gOut[r * outs + q] = dLogp * dLogpOut[r * outs + q] - c.entCoef / fm * dEntOut[r * outs + q] }
      case .box:
        for q in 0..<outs {
          gOut[r * outs + q] = dLogp * dLogpOut[r * outs + q]
          logStdGrad[q] += dLogp * dEntOut[r * outs + q]
        }
      }
    }
    s.oldApproxKL /= fm
    s.approxKL /= fm
    s.clipfrac = Double(clipped) / fm
    s.policyLoss = pgSum / fm
    s.entropy = entSum / fm
    try policy.actor.backward(gOut, inputGradient: false)
    // critic: (clipped) value loss
    guard let critic = policy.critic else { throw ModelError("PPO needs a critic") }
    let v = try critic.forward(b.observations, rows: m)
    var dv = [Double](repeating: 0, count: m)
    var vSum = 0.0
    for r in 0..<m {
      let ret = b.returns[r]
      if c.clipVloss {
        let old = b.oldValues[r]
        let diff = v[r] - old
        let vClipped = old + min(max(diff, -c.clipCoef), c.clipCoef)
        let unc = (v[r] - ret) * (v[r] - ret)
        let cl = (vClipped - ret) * (vClipped - ret)
        vSum += max(unc, cl)
        let gUnc = 2 * (v[r] - ret)
        let gCl = diff >= -c.clipCoef && diff <= c.clipCoef ? 2 * (vClipped - ret) : 0
        let g = unc > cl ? gUnc : (unc < cl ? gCl : (gUnc + gCl) / 2)
        dv[r] = c.vfCoef * 0.5 * g / fm
      } else {
        vSum += (v[r] - ret) * (v[r] - ret)
        dv[r] = c.vfCoef * (v[r] - ret) / fm
      }
    }
    s.valueLoss = 0.5 * vSum / fm
    try critic.backward(dv, inputGradient: false)
    return (s.policyLoss - c.entCoef * s.entropy + c.vfCoef * s.valueLoss, s, logStdGrad)
  }
}
