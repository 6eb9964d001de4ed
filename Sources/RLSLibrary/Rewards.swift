import RLSCore
import RLSNumerics
import RLSPrimitives

/// `reward`: rule-based rewards (SWE-RL) and reward and advantage shapings
/// (RL-PLUS, LaSeR).
enum RewardNatives {
  static func required(_ c: NativeCall, _ name: String, _ what: String) throws -> Double {
    guard c.option(name) != nil else { throw c.error("option \(name) is required (\(what))") }
    return try c.number(option: name, default: 0)
  }

  static let rows: [Native] = [
    Native(
      "swe_rl", usage: "reward.swe_rl(context, oracle, output, detail:)",
      doc: """
        SWE-RL's rule-based reward (Wei et al. 2025; facebookresearch/swe-rl, calculate_search_replace_reward). `context`: map file path → original content (only the files concerned); `oracle`: map path → the oracle's new content; `output`: the model's text, "<think>…</think><solution>…</solution>" whose solution holds search/replace blocks (lines: a fence of three backticks with anything after it, "### PATH", "<<<<<<< SEARCH", the old lines, "=======", the new lines, ">>>>>>> REPLACE", a closing fence of three backticks). Each edit replaces every occurrence of its search text starting at a line start (a path absent from context starts empty). Format errors give -1: a tag not present exactly once, an empty thought, no block, a search equal to its replace, a search not found. Otherwise each changed file's unified diff (difflib.unified_diff of the lines, 3 lines of context, without the file headers) is compared with the oracle's by SequenceMatcher(autojunk=False).ratio(); a file changed on one side only scores 0; the reward is the mean over the files changed by either side (1 when neither changes anything). `output` may instead be a list of outputs for the same problem (a group of samples), giving a vector of rewards (the oracle's patches computed once, the outputs scored on all cores), or a map path → predicted new content (SWE-RL's general calculate_reward). `detail: true` returns {reward, similarities: [{path, pred_change, oracle_change, similarity}] (by path), thought, answer} or, on a format error, {reward: -1, error} (a list of them for a list of outputs).
        """
    ) { c in
      let context = try files(c, 0, "context")
      let oracle = try files(c, 1, "oracle")
      let detail = try c.bool(option: "detail", default: false)
      let r: SWERLReward.Result
      if let text = c[2].string {
        r = try MetricsArguments.run(c) {
          try SWERLReward.searchReplace(context: context, oracle: oracle, output: text.value, shouldStop: MetricsArguments.shouldStop)
        }
      } else if let list = c[2].list {
        let outputs = try list.items.enumerated().map { i, v in
          guard let s = v.string?.value else {
            throw c.error("output[\(i)] must be a string (a model's output), got \(v.typeName)", argument: 2, kind: .type)
          }
          return s
        }
        let rs = try MetricsArguments.run(c) {
          try SWERLReward.searchReplace(context: context, oracle: oracle, outputs: outputs, shouldStop: MetricsArguments.shouldStop)
        }
        guard detail else { return c.vm.tensorValue(Tensor(vector: rs.map(\.reward))) }
        return c.vm.list(rs.map { sweRLDetail(c.vm, $0) })
      } else if c[2].map != nil {
        let predicted = try files(c, 2, "output")
        r = try MetricsArguments.run(c) {
          try SWERLReward.general(context: context, oracle: oracle, predicted: predicted, shouldStop: MetricsArguments.shouldStop)
        }
      } else {
        throw c.typeError(2, "output", "a string (the model's output), a list of them or a map (path → predicted content)")
      }
      guard detail else { return .number(r.reward) }
      return sweRLDetail(c.vm, r)
    },
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

  /// A map of file path → content (both strings), in the map's order.
  static func files(_ c: NativeCall, _ i: Int, _ name: String) throws -> SWERLReward.Files {
    let m = try c.map(i, name)
    return try m.entries.map { k, v in
      guard let path = k.string?.value else {
        throw c.error("\(name) keys must be file paths (strings), got a \(k.typeName) key", argument: i, kind: .type)
      }
      guard let content = v.string?.value else {
        throw c.error("\(name)[\"\(path)\"] must be a string (the file's content), got \(v.typeName)", argument: i, kind: .type)
      }
      return (path, content)
    }
  }

  /// The `detail: true` map of reward.swe_rl (SWE-RL's metadata names).
  static func sweRLDetail(_ vm: VM, _ r: SWERLReward.Result) -> Value {
    if let e = r.error { return vm.map([("reward", .number(r.reward)), ("error", vm.string(e))]) }
    let sims = r.similarities.map { s in
      vm.map([
        ("path", vm.string(s.path)), ("pred_change", vm.string(s.predicted)), ("oracle_change", vm.string(s.oracle)),
        ("similarity", .number(s.similarity)),
      ])
    }
    var pairs: [(String, Value)] = [("reward", .number(r.reward)), ("similarities", vm.list(sims))]
    if let t = r.thought { pairs.append(("thought", vm.string(t))) }
    if let a = r.solution { pairs.append(("answer", vm.string(a))) }
    return vm.map(pairs)
  }
}
