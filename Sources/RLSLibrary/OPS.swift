import RLSCore
import RLSNumerics
import RLSPrimitives

/// `ops`: off-policy selection metrics over M candidate policies, as SCOPE-RL
/// computes them (see `PolicySelection` for the ranking and tie rules).
enum OPS {
  static func values(_ c: NativeCall) throws -> ([Double], [Double]) {
    (try c.vector(0, "est").storage, try c.vector(1, "truth").storage)
  }

  /// The `k:` option: one integer, or a list/vector of them (then the result is a vector).
  static func ks(_ c: NativeCall) throws -> (ks: [Int], many: Bool) {
    guard let v = c.option("k") else { throw c.error("option k is required (the number of policies deployed, 1 ≤ k ≤ M)") }
    if case .number = v { return ([try c.int(option: "k", default: 1)], false) }
    let t = try EstimatorArguments.vectorOrNumber(c, v, "k")
    return (
      try t.storage.map { d in
        guard d == d.rounded(), Swift.abs(d) < 1e15 else { throw c.error("k must be an integer, got \(formatNumber(d))") }
        return Int(d)
      }, true
    )
  }

  /// A row `name(est, truth, k:)` whose value is `f(est, truth, k)`.
  static func atK(_ name: String, doc: String, _ f: @escaping ([Double], [Double], Int) throws -> Double) -> Native {
    Native(name, usage: "ops.\(name)(est, truth, k:)", doc: doc) { c in
      let (est, truth) = try values(c)
      let (ks, many) = try ks(c)
      let out = try EstimatorArguments.run(c, argument: nil) { try ks.map { try f(est, truth, $0) } }
      return many ? c.vm.tensorValue(Tensor(vector: out)) : .number(out[0])
    }
  }

  static let rankingDoc =
    "Candidates are ranked by est in descending order with ties broken towards the later index, as SCOPE-RL's np.argsort(est)[::-1]; k is an integer in [1, M] or a list of them (then a vector)."

  static let rows: [Native] = [
    Native(
      "sharpe_ratio_at_k", usage: "ops.sharpe_ratio_at_k(est, truth, baseline, k:, clip:)",
      doc:
        "SharpeRatio@k (Kiyohara et al. 2024, SCOPE-RL): max(best@k − baseline, 0) / std@k over the true values of the k policies with the highest estimates (std with ddof 1, so NaN at k = 1). baseline is the behaviour policy's value. clip: true applies SCOPE-RL's clip_sharpe_ratio for k ≥ 2 (NaN → 0, then clipped to [0, 100]). \(rankingDoc)"
    ) { c in
      let (est, truth) = try values(c)
      let baseline = try c.number(2, "baseline")
      let clip = try c.bool(option: "clip", default: false)
      let (ks, many) = try ks(c)
      let out = try EstimatorArguments.run(c, argument: nil) {
        try ks.map { try PolicySelection.sharpeRatio(est, truth, baseline: baseline, k: $0, clip: clip) }
      }
      return many ? c.vm.tensorValue(Tensor(vector: out)) : .number(out[0])
    },
    atK("best_at_k", doc: "The best true value among the top k policies by estimate (SCOPE-RL best@k). \(rankingDoc)", PolicySelection.best),
    atK("worst_at_k", doc: "The worst true value among the top k policies by estimate (SCOPE-RL worst@k). \(rankingDoc)", PolicySelection.worst),
    atK("mean_at_k", doc: "The mean true value of the top k policies by estimate (SCOPE-RL mean@k). \(rankingDoc)", PolicySelection.mean),
    atK(
      "std_at_k",
      doc: "The standard deviation (ddof 1; NaN at k = 1) of the true values of the top k policies by estimate (SCOPE-RL std@k). \(rankingDoc)",
      PolicySelection.std),
    atK(
      "regret_at_k",
      doc:
        "Regret@k as SCOPE-RL reports it: the sum of the k best true values minus the sum of the true values of the k policies ranked highest by est. SCOPE-RL ranks here within the true-ranking order (candidates sorted by truth with np.argsort(truth)[::-1], then by est the same way), which decides ties. k is an integer in [1, M] or a list of them.",
      PolicySelection.regret),
    Native(
      "safety_violation_rate_at_k", usage: "ops.safety_violation_rate_at_k(est, truth, k:, threshold:)",
      doc:
        "The share of the top k policies by estimate whose true value is below threshold (default 0), SCOPE-RL's safety_violation_rate. \(rankingDoc)"
    ) { c in
      let (est, truth) = try values(c)
      let threshold = try c.number(option: "threshold", default: 0)
      let (ks, many) = try ks(c)
      let out = try EstimatorArguments.run(c, argument: nil) {
        try ks.map { try PolicySelection.safetyViolationRate(est, truth, k: $0, threshold: threshold) }
      }
      return many ? c.vm.tensorValue(Tensor(vector: out)) : .number(out[0])
    },
    Native(
      "nmse", usage: "ops.nmse(est, truth, normalize:)",
      doc:
        "Normalised mean squared error of the estimates: mean((est − truth)²) / (max truth − min truth)² (normalize: \"range\", the default), or SCOPE-RL's plain mean_squared_error (normalize: \"none\")."
    ) { c in
      let (est, truth) = try values(c)
      let norm = PolicySelection.MSENormalization(
        rawValue: try c.choice(option: "normalize", PolicySelection.MSENormalization.allCases.map(\.rawValue), default: "range"))!
      return .number(try EstimatorArguments.run(c, argument: nil) { try PolicySelection.nmse(est, truth, normalize: norm) })
    },
    Native(
      "rank_corr", usage: "ops.rank_corr(est, truth)",
      doc:
        "Spearman rank correlation as SCOPE-RL computes it: spearmanr(arange(M), estimated ranking) where the candidates are first put in true-ranking order (ties: np.argsort(...)[::-1] on truth, then on est). NaN for M = 1."
    ) { c in
      let (est, truth) = try values(c)
      return .number(try EstimatorArguments.run(c, argument: nil) { try PolicySelection.rankCorrelation(est, truth) })
    },
    Native(
      "type_errors", usage: "ops.type_errors(est, truth, threshold:)",
      doc:
        "Safety-test error rates (SCOPE-RL): a policy is safe when its value ≥ threshold (default 0). Returns {type_i, type_ii}: type_i = safe policies whose estimate is below threshold / safe policies, type_ii = unsafe policies whose estimate reaches it / unsafe policies (0 when there are none)."
    ) { c in
      let (est, truth) = try values(c)
      let threshold = try c.number(option: "threshold", default: 0)
      let r = try EstimatorArguments.run(c, argument: nil) { try PolicySelection.typeErrors(est, truth, threshold: threshold) }
      return c.vm.map([("type_i", .number(r.typeI)), ("type_ii", .number(r.typeII))])
    },
    Native(
      "ranking", usage: "ops.ranking(values)",
      doc:
        "Indices of values from the largest to the smallest with ties towards the later index: SCOPE-RL's np.argsort(values)[::-1] (with a stable argsort)."
    ) { c in
      let v = try c.vector(0, "values").storage
      return c.vm.list(PolicySelection.ranking(v).map { .number(Double($0)) })
    },
  ]
}
