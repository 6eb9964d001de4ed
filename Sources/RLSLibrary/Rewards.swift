import RLSCore
import RLSNumerics
import RLSPrimitives

/// `reward`: reward and advantage shapings (RL-PLUS, LaSeR).
enum RewardNatives {
  static func required(_ c: NativeCall, _ name: String, _ what: String) throws -> Double {
    guard c.option(name) != nil else { throw c.error("option \(name) is required (\(what))") }
    return try c.number(option: name, default: 0)
  }

  static let rows: [Native] = [
    Native(
      "mis_ratio", usage: "reward.mis_ratio(logp, logp_old, pi_omega:)",
      doc:
        "RL-PLUS's multiple-importance-sampling ratio for external-data tokens (Dong et al. 2025; rlplus_core_alg.compute_token_on_off_policy_loss, off_policy_strategy \"RL-PLUS\"): r = π_θ / ((π_old + π_ω)/2), the balance heuristic over the previous policy and the external one. pi_omega (probabilities, same shape as logp) defaults to the code's (π_old + 1)/2. logp, logp_old: log-probabilities of the tokens."
    ) { c in
      let (lp, old) = (try c.tensor(0, "logp"), try c.tensor(1, "logp_old"))
      let omega = try c.option("pi_omega").map { try EstimatorArguments.tensorOption(c, $0, "pi_omega") }
      return c.vm.tensorValue(try EstimatorArguments.run(c, argument: nil) { try RewardShaping.misRatio(logp: lp, logpOld: old, piOmega: omega) })
    },
    Native(
      "exploration_advantage", usage: "reward.exploration_advantage(adv, logp, gamma:)",
      doc:
        "RL-PLUS's exploration-based advantage: A · (1 − π_θ(token))^gamma with π_θ = exp(logp) held constant, weighting tokens the policy finds unlikely; gamma defaults to 0.5 (the RL-PLUS code's value). adv: one per sequence (vector of B) or the shape of logp (B×T)."
    ) { c in
      let (a, lp) = (try c.tensor(0, "adv"), try c.tensor(1, "logp"))
      let gamma = try c.number(option: "gamma", default: 0.5)
      return c.vm.tensorValue(
        try EstimatorArguments.run(c, argument: nil) { try RewardShaping.explorationAdvantage(advantages: a, logp: lp, gamma: gamma) })
    },
    Native(
      "laser_score", usage: "reward.laser_score(logp_token, ref_logp:, beta:)",
      doc:
        "LaSeR's last-token self-rewarding score (Yang et al. 2025): β·(log π_θ(z_c | x, y) − c), where logp_token holds, per solution, the policy's next-token log-probability of the pre-specified token z_c after the solution's last token, ref_logp is the pre-computed reference constant c and beta the KL coefficient β (both required)."
    ) { c in
      let lp = try c.tensor(0, "logp_token")
      let ref = try required(c, "ref_logp", "the reference log-probability c of the special token")
      let beta = try required(c, "beta", "the KL coefficient")
      return c.vm.tensorValue(try EstimatorArguments.run(c, argument: nil) { try RewardShaping.laserScore(logpToken: lp, refLogp: ref, beta: beta) })
    },
    Native(
      "laser_loss", usage: "reward.laser_loss(logp_token, verifier_reward, ref_logp:, beta:)",
      doc:
        "LaSeR's auxiliary MSE loss aligning the last-token self-rewarding scores r_s = β·(logp_token − ref_logp) with the verifier's rewards: mean((r_s − r_v)²). Returns {loss, grad (∂loss/∂logp_token = 2β(r_s − r_v)/n), scores}."
    ) { c in
      let (lp, rv) = (try c.tensor(0, "logp_token"), try c.tensor(1, "verifier_reward"))
      let ref = try required(c, "ref_logp", "the reference log-probability c of the special token")
      let beta = try required(c, "beta", "the KL coefficient")
      let r = try EstimatorArguments.run(c, argument: nil) {
        try RewardShaping.laserLoss(logpToken: lp, verifierReward: rv, refLogp: ref, beta: beta)
      }
      return c.vm.map([("loss", .number(r.loss)), ("grad", c.vm.tensorValue(r.grad)), ("scores", c.vm.tensorValue(r.scores))])
    },
  ]
}
