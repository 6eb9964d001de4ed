import RLSCore
import RLSNumerics
import RLSPrimitives

/// `loss`: policy, value and preference losses with their gradients
/// (CleanRL's PPO, TRL's GRPO, PPO-M's calibrated reward model, PACS,
/// Bradley–Terry).
enum LossNatives {
  static func optionalTensor(_ c: NativeCall, _ i: Int, _ name: String) throws -> Tensor? {
    c.has(i) ? try c.tensor(i, name) : nil
  }

  static let rows: [Native] = [
    Native(
      "ppo_clip", usage: "loss.ppo_clip(logp_new, logp_old, adv, clip:, norm_adv:)",
      doc:
        "PPO's clipped surrogate as CleanRL's ppo.py: ρ = exp(logp_new − logp_old), loss = mean(max(−Aρ, −A·clamp(ρ, 1 − clip, 1 + clip))). norm_adv (default true) first normalises the advantages, (A − mean)/(std + 1e-8) with ddof 1; clip defaults to 0.2. Returns {loss, grad (∂loss/∂logp_new), clipfrac (mean |ρ − 1| > clip, strict), approx_kl (mean (ρ − 1) − log ρ), old_approx_kl (mean −log ρ)}."
    ) { c in
      let (new, old, a) = (try c.tensor(0, "logp_new"), try c.tensor(1, "logp_old"), try c.tensor(2, "adv"))
      let clip = try c.number(option: "clip", default: 0.2)
      let norm = try c.bool(option: "norm_adv", default: true)
      let r = try EstimatorArguments.run(c, argument: nil) {
        try Losses.ppoClip(logpNew: new, logpOld: old, advantages: a, clip: clip, normAdv: norm)
      }
      return c.vm.map([
        ("loss", .number(r.loss)), ("grad", c.vm.tensorValue(r.grad)), ("clipfrac", .number(r.clipfrac)),
        ("approx_kl", .number(r.approxKL)), ("old_approx_kl", .number(r.oldApproxKL)),
      ])
    },
    Native(
      "value_clip", usage: "loss.value_clip(v_new, v_old, returns, clip:, clip_vloss:)",
      doc:
        "CleanRL's value loss: 0.5·mean(max((v − R)², (v_old + clamp(v − v_old, −clip, clip) − R)²)), or 0.5·mean((v − R)²) with clip_vloss: false. clip defaults to 0.2. Returns {loss, grad (∂loss/∂v_new)}."
    ) { c in
      let (v, vo, R) = (try c.tensor(0, "v_new"), try c.tensor(1, "v_old"), try c.tensor(2, "returns"))
      let clip = try c.number(option: "clip", default: 0.2)
      let on = try c.bool(option: "clip_vloss", default: true)
      let r = try EstimatorArguments.run(c, argument: nil) {
        try Losses.valueClip(values: v, oldValues: vo, returns: R, clip: clip, clipValueLoss: on)
      }
      return c.vm.map([("loss", .number(r.loss)), ("grad", c.vm.tensorValue(r.grad))])
    },
    Native(
      "kl_k3", usage: "loss.kl_k3(logp, logp_ref, mask:)",
      doc:
        "Schulman's k3 estimator of KL(π ‖ π_ref) from tokens sampled from π (as TRL's GRPO KL term): mean over the (masked) tokens of exp(ref − logp) − (ref − logp) − 1. Returns {value, grad (∂value/∂logp)}."
    ) { c in
      let (lp, ref) = (try c.tensor(0, "logp"), try c.tensor(1, "logp_ref"))
      let mask = try c.option("mask").map { try EstimatorArguments.tensorOption(c, $0, "mask") }
      let r = try EstimatorArguments.run(c, argument: nil) { try Losses.klK3(logp: lp, logpRef: ref, mask: mask) }
      return c.vm.map([("value", .number(r.value)), ("grad", c.vm.tensorValue(r.grad))])
    },
    Native(
      "grpo", usage: "loss.grpo(logp, logp_old, logp_ref, adv, mask, beta:, epsilon:, epsilon_high:, loss_type:, max_completion_length:)",
      doc:
        "TRL's GRPO loss (GRPOTrainer._compute_loss, token-level importance sampling): ρ = exp(logp − logp_old), per token −min(ρA, clamp(ρ, 1 − epsilon, 1 + epsilon_high)·A) + beta·k3 KL to logp_ref. logp, logp_old, logp_ref, mask: B×T (logp_old nil = logp, i.e. ρ = 1; logp_ref may be nil when beta = 0; mask nil = all tokens); adv: one per sequence (vector of B) or B×T. loss_type: \"grpo\" (per-sequence token mean, then mean), \"bnpo\" (token mean over the batch), \"dr_grpo\" (sum / (B·max_completion_length), default T), \"dapo\" (TRL's default; sum / tokens in the batch, the same as bnpo on one process). Defaults: beta 0, epsilon 0.2, epsilon_high = epsilon. Returns {loss, grad (∂loss/∂logp), clip_ratio: {low, high, region} (masked means of ρ < 1 − ε with A < 0, ρ > 1 + ε_high with A > 0, either), kl (masked mean k3, NaN without logp_ref)}."
    ) { c in
      let lp = try c.tensor(0, "logp")
      let old = try optionalTensor(c, 1, "logp_old")
      let ref = try optionalTensor(c, 2, "logp_ref")
      let a = try c.tensor(3, "adv")
      let mask = try optionalTensor(c, 4, "mask")
      let beta = try c.number(option: "beta", default: 0)
      let eps = try c.number(option: "epsilon", default: 0.2)
      let epsHigh = try c.number(option: "epsilon_high")
      let type = Losses.GRPOLossType(rawValue: try c.choice(option: "loss_type", Losses.GRPOLossType.allCases.map(\.rawValue), default: "dapo"))!
      let L = c.option("max_completion_length") == nil ? nil : try c.int(option: "max_completion_length", default: 1)
      let r = try EstimatorArguments.run(c, argument: nil) {
        try Losses.grpo(
          logp: lp, logpOld: old, logpRef: ref, advantages: a, mask: mask, beta: beta, epsilon: eps, epsilonHigh: epsHigh, lossType: type,
          maxCompletionLength: L)
      }
      let clip = c.vm.map([("low", .number(r.clipLow)), ("high", .number(r.clipHigh)), ("region", .number(r.clipRegion))])
      return c.vm.map([("loss", .number(r.loss)), ("grad", c.vm.tensorValue(r.grad)), ("clip_ratio", clip), ("kl", .number(r.kl))])
    },
    Native(
      "crm", usage: "loss.crm(r_cwh, r_cwl, r_rwh, r_rwl)",
      doc:
        "PPO-M's calibrated reward-model loss (Leng et al. 2025, Reward-Calibration code, CalibratedRewardModelTrainer with the default sigmoid loss): −mean log σ(r_cwh − r_cwl) − mean log σ(r_rwl − r_rwh), where r_cwh / r_cwl score the chosen answer with a high / low stated confidence and r_rwh / r_rwl the rejected one. Returns {loss, grads: {r_cwh, r_cwl, r_rwh, r_rwl}, accuracy ((mean(cwh > cwl) + mean(rwl > rwh))/2)}."
    ) { c in
      let t = try (0..<4).map { try c.tensor($0, ["r_cwh", "r_cwl", "r_rwh", "r_rwl"][$0]) }
      let r = try EstimatorArguments.run(c, argument: nil) { try Losses.crm(cwh: t[0], cwl: t[1], rwh: t[2], rwl: t[3]) }
      let grads = c.vm.map(zip(["r_cwh", "r_cwl", "r_rwh", "r_rwl"], r.grads).map { ($0, c.vm.tensorValue($1)) })
      return c.vm.map([("loss", .number(r.loss)), ("grads", grads), ("accuracy", .number(r.accuracy))])
    },
    Native(
      "pacs", usage: "loss.pacs(logratio_sums, labels, group_size:, beta:, adv_estimator:, use_weight:, weight_mode:, normalize:)",
      doc:
        "The PACS loss (Li et al. 2025, pacs_core_algos.compute_pacs_loss): score r = beta·Σ_t log(π/π_old) per response (logratio_sums, consecutive groups of group_size responses per question); advantage ψ by adv_estimator \"rloo\" (default; r − mean of the others), \"grpo\" ((r − mean)/(std + 1e-6), ddof 1; normalize: false centres only) or \"naive\" (r); loss = BCE-with-logits of ψ against labels (0/1) with weights: weight_mode \"question\" (default; balanced class weights m/(2·count) in groups holding both labels), \"only_positive\", \"only_negative\"; use_weight: false gives 1. beta defaults to 1. Returns {loss, grad (∂loss/∂logratio_sums), advantages, weights}."
    ) { c in
      let s = try c.vector(0, "logratio_sums")
      let y = try c.vector(1, "labels")
      guard c.option("group_size") != nil else { throw c.error("option group_size is required (responses per question)") }
      let m = try c.int(option: "group_size", default: 1)
      let beta = try c.number(option: "beta", default: 1)
      let est = PACS.AdvantageEstimator(
        rawValue: try c.choice(option: "adv_estimator", PACS.AdvantageEstimator.allCases.map(\.rawValue), default: "rloo"))!
      let useWeight = try c.bool(option: "use_weight", default: true)
      let mode = PACS.WeightMode(rawValue: try c.choice(option: "weight_mode", PACS.WeightMode.allCases.map(\.rawValue), default: "question"))!
      let norm = try c.bool(option: "normalize", default: true)
      let r = try EstimatorArguments.run(c, argument: nil) {
        try PACS.loss(logratioSums: s, labels: y, groupSize: m, beta: beta, estimator: est, normalize: norm, useWeight: useWeight, weightMode: mode)
      }
      return c.vm.map([
        ("loss", .number(r.loss)), ("grad", c.vm.tensorValue(r.grad)), ("advantages", c.vm.tensorValue(r.advantages)),
        ("weights", c.vm.tensorValue(r.weights)),
      ])
    },
    Native(
      "bradley_terry", usage: "loss.bradley_terry(chosen, rejected, margin:)",
      doc:
        "Bradley–Terry pairwise reward-model loss (OpenRLHF PairWiseLoss): mean(−log σ(chosen − rejected − margin)), margin optional. Returns {loss, grad_chosen, grad_rejected, accuracy (mean chosen > rejected)}."
    ) { c in
      let (ch, rj) = (try c.tensor(0, "chosen"), try c.tensor(1, "rejected"))
      let margin = try c.option("margin").map { try EstimatorArguments.tensorOption(c, $0, "margin") }
      let r = try EstimatorArguments.run(c, argument: nil) { try Losses.bradleyTerry(chosen: ch, rejected: rj, margin: margin) }
      return c.vm.map([
        ("loss", .number(r.loss)), ("grad_chosen", c.vm.tensorValue(r.gradChosen)), ("grad_rejected", c.vm.tensorValue(r.gradRejected)),
        ("accuracy", .number(r.accuracy)),
      ])
    },
  ]
}
