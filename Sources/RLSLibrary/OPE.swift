import RLSCore
import RLSNumerics
import RLSPrimitives

/// `ope`: off-policy evaluation of bandit policies with OBP's semantics, and
/// of trajectories with SCOPE-RL's. See `BanditOPE` for the formulas.
enum OPE {
  /// The feedback map `fb` as `BanditFeedback`.
  static func feedback(_ c: NativeCall) throws -> BanditFeedback {
    let m = try c.map(0, "fb")
    func f(_ key: String) throws -> Tensor? { try EstimatorArguments.field(c, m, key, "fb") }
    return BanditFeedback(
      reward: try f("reward"), action: try f("action"), pscore: try f("pscore"), actionDist: try f("action_dist"), qHat: try f("q_hat"))
  }

  /// The hyper-parameters from the options (`lambda:` goes to DRos or the
  /// sub-Gaussian estimators, whichever `estimator` is).
  static func parameters(_ c: NativeCall, for e: BanditEstimator?) throws -> BanditParameters {
    var p = BanditParameters()
    p.clip = try c.number(option: "clip", default: .infinity)
    p.tau = try c.number(option: "tau", default: .infinity)
    if let lam = try c.number(option: "lambda") {
      if e == .subgaussIPW || e == .subgaussDR { p.sgLambda = lam } else { p.drosLambda = lam }
    }
    if let d = try c.number(option: "dros_lambda") { p.drosLambda = d }
    if let s = try c.number(option: "sg_lambda") { p.sgLambda = s }
    return p
  }

  static func estimator(_ c: NativeCall, default d: String) throws -> BanditEstimator {
    let name = try c.choice(option: "estimator", BanditEstimator.allCases.map(\.rawValue), default: d)
    return BanditEstimator(rawValue: name)!
  }

  /// A row computing one estimator.
  static func row(_ e: BanditEstimator, usage: String, doc: String) -> Native {
    Native(e.rawValue, usage: usage, doc: doc) { c in
      let fb = try feedback(c)
      let prm = try parameters(c, for: e)
      return .number(try EstimatorArguments.run(c) { try BanditOPE.estimate(e, fb, prm) })
    }
  }

  static let fbDoc =
    "fb = {reward: [n], action: [n] (integers in [0, K)), pscore: [n] (π_b(a_i|x_i) in (0, 1]), action_dist: n×K (π_e(·|x_i), rows summing to 1), q_hat: n×K (q̂(x_i, a))}; OBP's n×K×len_list arrays at position 0."

  static let rows: [Native] = [
    row(
      .dm, usage: "ope.dm(fb)",
      doc: "Direct method (OBP DirectMethod): mean over rounds of Σ_a π_e(a|x_i) q̂(x_i, a) / Σ_a π_e(a|x_i). Reads action_dist and q_hat. \(fbDoc)"),
    row(
      .ips, usage: "ope.ips(fb, clip:)",
      doc:
        "Inverse propensity scoring (OBP InverseProbabilityWeighting): mean r_i min(w_i, clip), w_i = π_e(a_i|x_i)/pscore_i; clip (OBP's lambda_) defaults to Infinity. \(fbDoc)"
    ),
    row(.snips, usage: "ope.snips(fb)", doc: "Self-normalised IPS (OBP SelfNormalizedInverseProbabilityWeighting): Σ r_i w_i / Σ w_i. \(fbDoc)"),
    row(
      .dr, usage: "ope.dr(fb, clip:)",
      doc:
        "Doubly robust (OBP DoublyRobust): mean [dm_i + min(w_i, clip)(r_i − q̂(x_i, a_i))], dm_i the DM term of round i; clip defaults to Infinity. \(fbDoc)"
    ),
    row(.sndr, usage: "ope.sndr(fb)", doc: "Self-normalised DR (OBP SelfNormalizedDoublyRobust): mean dm_i + Σ w_i (r_i − q̂_i) / Σ w_i. \(fbDoc)"),
    row(
      .switchDR, usage: "ope.switch_dr(fb, tau:)",
      doc:
        "Switch-DR (OBP SwitchDoublyRobust, tau = its lambda_): mean [dm_i + 1[w_i ≤ tau] w_i (r_i − q̂_i)]; tau defaults to Infinity (plain DR). \(fbDoc)"
    ),
    row(
      .dros, usage: "ope.dros(fb, lambda:)",
      doc:
        "DR with optimistic shrinkage (OBP DoublyRobustWithShrinkage): mean [dm_i + λw_i/(w_i² + λ)(r_i − q̂_i)]; lambda ≥ 0 defaults to 0 as in OBP (which makes it DM), Infinity gives DR. A zero weight stays 0 where OBP would compute 0/0. \(fbDoc)"
    ),
    row(
      .subgaussIPW, usage: "ope.subgauss_ipw(fb, lambda:)",
      doc:
        "Sub-Gaussian IPW (OBP SubGaussianInverseProbabilityWeighting, Metelli et al. 2021): mean r_i w_i/(1 − λ + λw_i), lambda in [0, 1] (default 0 = IPS). \(fbDoc)"
    ),
    row(
      .subgaussDR, usage: "ope.subgauss_dr(fb, lambda:)",
      doc: "Sub-Gaussian DR (OBP SubGaussianDoublyRobust): mean [dm_i + w_i/(1 − λ + λw_i)(r_i − q̂_i)], lambda in [0, 1] (default 0 = DR). \(fbDoc)"),
    Native(
      "ipw_round_rewards", usage: "ope.ipw_round_rewards(fb, clip:)",
      doc: "The per-round IPS values r_i min(w_i, clip) (OBP's _estimate_round_rewards), a vector of n whose mean is ope.ips. \(fbDoc)"
    ) { c in
      let fb = try feedback(c)
      let prm = try parameters(c, for: .ips)
      return c.vm.tensorValue(Tensor(vector: try EstimatorArguments.run(c) { try BanditOPE.roundRewards(.ips, fb, prm) }))
    },
    Native(
      "round_rewards", usage: "ope.round_rewards(fb, estimator:, clip:, tau:, lambda:)",
      doc:
        "The per-round values of any estimator (OBP's _estimate_round_rewards; SNIPS/SNDR normalise by the mean weight of all rounds), a vector of n whose mean is the estimate. estimator: \"dm\", \"ips\", \"snips\", \"dr\", \"sndr\", \"switch_dr\", \"dros\", \"subgauss_ipw\", \"subgauss_dr\" (default \"ips\")."
    ) { c in
      let fb = try feedback(c)
      let e = try estimator(c, default: "ips")
      let prm = try parameters(c, for: e)
      return c.vm.tensorValue(Tensor(vector: try EstimatorArguments.run(c) { try BanditOPE.roundRewards(e, fb, prm) }))
    },
    Native(
      "estimate_all", usage: "ope.estimate_all(fb, clip:, tau:, dros_lambda:, sg_lambda:)",
      doc:
        "Every bandit estimate in one pass over the data: a map {dm, ips, snips, dr, sndr, switch_dr, dros, subgauss_ipw, subgauss_dr}. clip applies to ips and dr, tau to switch_dr, dros_lambda (default 0) to dros, sg_lambda (default 0) to the sub-Gaussian ones. fb needs all five fields."
    ) { c in
      let fb = try feedback(c)
      let prm = try parameters(c, for: nil)
      let all = try EstimatorArguments.run(c) { try BanditOPE.estimateAll(fb, prm) }
      return c.vm.map(all.map { ($0.0.rawValue, .number($0.1)) })
    },
    Native(
      "interval", usage: "ope.interval(fb, estimator:, alpha:, n_boot:, seed:, resampler:, clip:, tau:, lambda:)",
      doc:
        "Bootstrap confidence interval as OBP's estimate_interval: n_boot (default 10000) resamples of the estimator's round rewards with replacement; returns {mean, lower, upper}: the mean of the resample means and their 100·alpha/2 and 100·(1 − alpha/2) percentiles (numpy's linear method); alpha defaults to 0.05, estimator to \"ips\", seed to 0. resampler: \"xoshiro\" (default; one stream per resample, all cores) or \"numpy\" (numpy's RandomState(seed).choice draw for draw, which reproduces OBP's interval for the same seed)."
    ) { c in
      let fb = try feedback(c)
      let e = try estimator(c, default: "ips")
      let prm = try parameters(c, for: e)
      let alpha = try c.number(option: "alpha", default: 0.05)
      let nBoot = try c.int(option: "n_boot", default: 10_000)
      let seed = try c.int(option: "seed", default: 0)
      guard seed >= 0 else { throw c.error("seed must be a non-negative integer, got \(seed)") }
      let resampler = Resampler(rawValue: try c.choice(option: "resampler", Resampler.allCases.map(\.rawValue), default: "xoshiro"))!
      let ci = try EstimatorArguments.run(c) {
        try BanditOPE.interval(
          e, fb, prm, alpha: alpha, resamples: nBoot, seed: UInt64(seed), resampler: resampler, shouldStop: { Interrupt.isRequested })
      }
      return c.vm.map([("mean", .number(ci.mean)), ("lower", .number(ci.lower)), ("upper", .number(ci.upper))])
    },
  ]
}

extension OPE {
  /// The trajectories map `tr`.
  static func trajectories(_ c: NativeCall) throws -> Trajectories {
    let m = try c.map(0, "tr")
    func f(_ key: String) throws -> Tensor? { try EstimatorArguments.field(c, m, key, "tr") }
    return Trajectories(reward: try f("reward"), pscoreB: try f("pscore_b"), pscoreE: try f("pscore_e"), qHat: try f("q_hat"), vHat: try f("v_hat"))
  }

  static let trDoc =
    "tr = {reward, pscore_b (π_b of the logged action), pscore_e (π_e of the logged action), q_hat (q̂ at the logged action), v_hat (Σ_a π_e q̂)}, each n×T (trajectories × steps; pad short ones with reward 0, propensities 1, q̂ = v̂ = 0). gamma defaults to 1; per_trajectory: true returns the n trajectory values instead of their mean."

  static func trajectoryRow(_ e: TrajectoryEstimator, doc: String) -> Native {
    Native(e.rawValue, usage: "ope.\(e.rawValue)(tr, gamma:, per_trajectory:)", doc: "\(doc) \(trDoc)") { c in
      let tr = try trajectories(c)
      let gamma = try c.number(option: "gamma", default: 1)
      let per = try c.bool(option: "per_trajectory", default: false)
      let values = try EstimatorArguments.run(c) { try TrajectoryOPE.trajectoryValues(e, tr, gamma: gamma) }
      return per ? c.vm.tensorValue(Tensor(vector: values)) : .number(values.reduce(0, +) / Double(values.count))
    }
  }

  static let trajectoryRows: [Native] = [
    trajectoryRow(
      .tis, doc: "Trajectory-wise importance sampling (SCOPE-RL TrajectoryWiseImportanceSampling): mean_i Σ_t γ^t W_i r_{i,t}, W_i = Π_t π_e/Π_t π_b."
    ),
    trajectoryRow(
      .pdis,
      doc:
        "Per-decision importance sampling (SCOPE-RL PerDecisionImportanceSampling): mean_i Σ_t γ^t w_{i,t} r_{i,t}, w_{i,t} = Π_{t'≤t} π_e / Π_{t'≤t} π_b."
    ),
    trajectoryRow(
      .dr, doc: "Step-wise doubly robust (SCOPE-RL DoublyRobust): mean_i Σ_t γ^t [w_{i,t}(r_{i,t} − q̂_{i,t}) + w_{i,t−1} v̂_{i,t}], w_{i,−1} = 1."),
    trajectoryRow(.sntis, doc: "Self-normalised TIS (SCOPE-RL SelfNormalizedTIS): TIS with W_i / (mean over trajectories + 1e-10)."),
    trajectoryRow(
      .snpdis,
      doc: "Self-normalised PDIS (SCOPE-RL SelfNormalizedPDIS): PDIS with each w_{i,t} divided by its mean over trajectories at step t plus 1e-10."),
    trajectoryRow(
      .sndr,
      doc:
        "Self-normalised step-wise DR (SCOPE-RL SelfNormalizedDR): DR with the per-step self-normalised weights (mean over trajectories + 1e-10), the previous-step weight normalised too (1 at t = 0)."
    ),
  ]
}
