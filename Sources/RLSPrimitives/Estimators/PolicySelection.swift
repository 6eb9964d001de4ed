import RLSNumerics

/// Off-policy selection metrics as SCOPE-RL computes them
/// (`scope_rl/ope/ops.py`, `OffPolicySelection`), from the estimated values
/// `est` and the true values `truth` of M candidate policies.
///
/// Ranking and ties, exactly as SCOPE-RL: a ranking is
/// `np.argsort(values)[::-1]`, i.e. descending with ties broken towards the
/// later index (numpy's default argsort is stable for M ≤ 16, which is what
/// the reversal then turns around; here it is stable for every M).
/// - Top-k metrics (`_obtain_topk_policy_performance`) rank the candidates in
///   their given order by `est` and look at the true values of the first k.
/// - Regret and rank correlation (`_select_by_policy_value` with metrics)
///   first put the candidates in true-ranking order (`argsort(truth)[::-1]`),
///   then rank that list by `est`.
public enum PolicySelection {
  /// Indices of `x` from the largest to the smallest, ties towards the later index.
  public static func ranking(_ x: [Double]) -> [Int] {
    let ascending = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
    return ascending.reversed()
  }

  static func check(_ est: [Double], _ truth: [Double]) throws {
    guard est.count == truth.count else { throw EstimatorError("est has \(est.count) policies but truth has \(truth.count)") }
    guard !est.isEmpty else { throw EstimatorError("est and truth are empty: there are no policies to select from") }
    for (x, name) in [(est, "est"), (truth, "truth")] {
      if let i = x.firstIndex(where: { !$0.isFinite }) {
        throw EstimatorError("\(name)[\(i)] = \(formatNumber(x[i])) must be finite")
      }
    }
  }

  static func check(k: Int, _ m: Int) throws {
    guard k >= 1 && k <= m else { throw EstimatorError("k = \(k) must be in [1, \(m)] (the number of policies)") }
  }

  /// The true values of the k policies with the highest estimates, in ranking order.
  public static func topK(_ est: [Double], _ truth: [Double], k: Int) throws -> [Double] {
    try check(est, truth)
    try check(k: k, est.count)
    return ranking(est).prefix(k).map { truth[$0] }
  }

  /// Best true value among the top k (SCOPE-RL `best`).
  public static func best(_ est: [Double], _ truth: [Double], k: Int) throws -> Double {
    try topK(est, truth, k: k).max()!
  }

  /// Worst true value among the top k (SCOPE-RL `worst`).
  public static func worst(_ est: [Double], _ truth: [Double], k: Int) throws -> Double {
    try topK(est, truth, k: k).min()!
  }

  /// Mean true value of the top k (SCOPE-RL `mean`).
  public static func mean(_ est: [Double], _ truth: [Double], k: Int) throws -> Double {
    let v = try topK(est, truth, k: k)
    return v.reduce(0, +) / Double(k)
  }

  /// Standard deviation (ddof 1) of the top k's true values (SCOPE-RL `std`); NaN for k = 1.
  public static func std(_ est: [Double], _ truth: [Double], k: Int) throws -> Double {
    stdev(try topK(est, truth, k: k))
  }

  static func stdev(_ v: [Double]) -> Double {
    guard v.count > 1 else { return .nan }
    let m = v.reduce(0, +) / Double(v.count)
    return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
  }

  /// Share of the top k whose true value is below `threshold` (SCOPE-RL `safety_violation_rate`).
  public static func safetyViolationRate(_ est: [Double], _ truth: [Double], k: Int, threshold: Double) throws -> Double {
    Double(try topK(est, truth, k: k).filter { $0 < threshold }.count) / Double(k)
  }

  /// SharpeRatio@k (Kiyohara et al. 2024): `max(best@k − baseline, 0) / std@k`,
  /// the std over the top k's true values with ddof 1 (NaN at k = 1; ±∞ or
  /// NaN when the top k share one value). With `clip` (SCOPE-RL's
  /// `clip_sharpe_ratio`), for k ≥ 2 NaN becomes 0 and the ratio is clipped
  /// to [0, 100].
  public static func sharpeRatio(_ est: [Double], _ truth: [Double], baseline: Double, k: Int, clip: Bool = false) throws -> Double {
    guard baseline.isFinite else { throw EstimatorError("baseline = \(formatNumber(baseline)) must be finite") }
    let v = try topK(est, truth, k: k)
    var s = Swift.max(v.max()! - baseline, 0) / stdev(v)
    if clip && k >= 2 {
      if s.isNaN { s = 0 }
      s = Swift.min(Swift.max(s, 0), 100)
    }
    return s
  }

  /// The candidates' true values in true-ranking order and, in that order,
  /// the ranking by estimate (SCOPE-RL `_select_by_policy_value`).
  static func trueOrder(_ est: [Double], _ truth: [Double]) -> (sortedTruth: [Double], estimatedRanking: [Int]) {
    let order = ranking(truth)
    let aligned = order.map { est[$0] }
    return (order.map { truth[$0] }, ranking(aligned))
  }

  /// Regret@k as SCOPE-RL reports it: the sum of the k best true values minus
  /// the sum of the true values of the k policies ranked highest by `est`.
  public static func regret(_ est: [Double], _ truth: [Double], k: Int) throws -> Double {
    try check(est, truth)
    try check(k: k, est.count)
    let (sorted, ranked) = trueOrder(est, truth)
    return sorted.prefix(k).reduce(0, +) - ranked.prefix(k).map { sorted[$0] }.reduce(0, +)
  }

  /// Spearman's rank correlation as SCOPE-RL computes it:
  /// `spearmanr(arange(M), estimated_ranking_index)` — the true-ranking
  /// positions against the positions the estimates give them (NaN for M = 1).
  public static func rankCorrelation(_ est: [Double], _ truth: [Double]) throws -> Double {
    try check(est, truth)
    let m = est.count
    guard m > 1 else { return .nan }
    let (_, ranked) = trueOrder(est, truth)
    // Both sides are permutations of 0..<M (no ties): Pearson on them.
    let mean = Double(m - 1) / 2
    var sxy = 0.0
    var sxx = 0.0
    for (i, r) in ranked.enumerated() {
      sxy += (Double(i) - mean) * (Double(r) - mean)
      sxx += (Double(i) - mean) * (Double(i) - mean)
    }
    return sxy / sxx
  }

  /// How `nmse` normalises the mean squared error.
  public enum MSENormalization: String, CaseIterable, Sendable {
    /// Divide by the squared range of the true values, (max truth − min truth)².
    case range
    /// No normalisation: SCOPE-RL's `mean_squared_error(truth, est)`.
    case none
  }

  /// The mean squared error of the estimates, normalised (see `MSENormalization`).
  public static func nmse(_ est: [Double], _ truth: [Double], normalize: MSENormalization = .range) throws -> Double {
    try check(est, truth)
    let mse = zip(est, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(est.count)
    switch normalize {
    case .none: return mse
    case .range:
      let r = truth.max()! - truth.min()!
      return mse / (r * r)
    }
  }

  /// Type I and II error rates of a safety test (SCOPE-RL): a policy is safe
  /// when its value is at least `threshold`; type I = safe policies the
  /// estimates call unsafe / safe policies, type II = unsafe policies the
  /// estimates call safe / unsafe policies (0 when the denominator is 0).
  public static func typeErrors(_ est: [Double], _ truth: [Double], threshold: Double = 0) throws -> (typeI: Double, typeII: Double) {
    try check(est, truth)
    var safe = 0
    var unsafe = 0
    var missed = 0
    var falseAlarm = 0
    for (e, t) in zip(est, truth) {
      if t >= threshold {
        safe += 1
        if e < threshold { missed += 1 }
      } else {
        unsafe += 1
        if e >= threshold { falseAlarm += 1 }
      }
    }
    return (safe > 0 ? Double(missed) / Double(safe) : 0, unsafe > 0 ? Double(falseAlarm) / Double(unsafe) : 0)
  }
}
