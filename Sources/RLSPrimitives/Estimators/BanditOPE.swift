import RLSNumerics

/// The bandit off-policy estimators, with OBP's semantics (`obp.ope`,
/// release 0.5.x): each is the mean over rounds of OBP's
/// `_estimate_round_rewards`.
///
/// With `w_i = π_e(a_i|x_i) / pscore_i`, `q̂_i = q̂(x_i, a_i)` and
/// `dm_i = Σ_a π_e(a|x_i) q̂(x_i, a) / Σ_a π_e(a|x_i)`:
/// - `dm`: mean dm_i
/// - `ips`: mean r_i min(w_i, clip)
/// - `snips`: Σ r_i w_i / Σ w_i
/// - `dr`: mean [dm_i + min(w_i, clip)(r_i − q̂_i)]
/// - `sndr`: mean dm_i + Σ w_i (r_i − q̂_i) / Σ w_i
/// - `switchDR`: mean [dm_i + 1[w_i ≤ τ] w_i (r_i − q̂_i)]
/// - `dros`: mean [dm_i + λw_i/(w_i² + λ) (r_i − q̂_i)] (λ = ∞ gives DR)
/// - `subgaussIPW`: mean r_i w_i/(1 − λ + λw_i)
/// - `subgaussDR`: mean [dm_i + w_i/(1 − λ + λw_i) (r_i − q̂_i)]
public enum BanditEstimator: String, CaseIterable, Sendable {
  case dm, ips, snips, dr, sndr
  case switchDR = "switch_dr"
  case dros
  case subgaussIPW = "subgauss_ipw"
  case subgaussDR = "subgauss_dr"

  /// The fields the estimator reads.
  var needs: BanditNeeds {
    switch self {
    case .dm: return [.model]
    case .ips, .snips, .subgaussIPW: return [.logged]
    default: return [.logged, .model]
    }
  }

  /// The estimate from the sums over `n` rounds.
  func value(_ s: BanditSums, n: Int) -> Double {
    let nd = Double(n)
    switch self {
    case .dm: return s.dm / nd
    case .ips: return s.ipsClip / nd
    case .snips: return s.rw / s.w
    case .dr: return (s.dm + s.drClip) / nd
    case .sndr: return s.dm / nd + s.wRes / s.w
    case .switchDR: return (s.dm + s.switchRes) / nd
    case .dros: return (s.dm + s.drosRes) / nd
    case .subgaussIPW: return s.sgIPW / nd
    case .subgaussDR: return (s.dm + s.sgRes) / nd
    }
  }
}

/// Bandit OPE over `BanditFeedback`.
public enum BanditOPE {
  /// One estimate (one validating pass over the rows, on all cores).
  public static func estimate(_ e: BanditEstimator, _ fb: BanditFeedback, _ prm: BanditParameters = .init()) throws -> Double {
    try prm.validate()
    let data = try BanditData(fb, needs: e.needs)
    return e.value(try data.sums(prm, only: e), n: data.n)
  }

  /// Every estimator in one pass over the rows (which must then hold all
  /// five fields), in `BanditEstimator.allCases` order.
  public static func estimateAll(_ fb: BanditFeedback, _ prm: BanditParameters = .init()) throws -> [(BanditEstimator, Double)] {
    try prm.validate()
    let data = try BanditData(fb, needs: [.logged, .model])
    let s = try data.sums(prm)
    return BanditEstimator.allCases.map { ($0, $0.value(s, n: data.n)) }
  }

  /// OBP's `_estimate_round_rewards`: the per-round values whose mean is the
  /// estimate (for SNIPS and SNDR the self-normalising mean weight is that of
  /// all rounds, as in OBP).
  public static func roundRewards(_ e: BanditEstimator, _ fb: BanditFeedback, _ prm: BanditParameters = .init()) throws -> [Double] {
    try prm.validate()
    let data = try BanditData(fb, needs: e.needs)
    let s = try data.sums(prm, only: e)  // validates every row; gives Σ w for the self-normalised ones
    let meanW = s.w / Double(data.n)
    let n = data.n
    let k = data.k
    return [Double](unsafeUninitializedCapacity: n) { out, initialized in
      data.reward.withUnsafeBufferPointer { R in
        data.action.withUnsafeBufferPointer { A in
          data.pscore.withUnsafeBufferPointer { P in
            data.actionDist.withUnsafeBufferPointer { PI in
              data.qHat.withUnsafeBufferPointer { Q in
                let o = out
                Chunks.run(n) { _, range in
                  for i in range {
                    let base = i * k
                    var dm = 0.0
                    if e.needs.contains(.model) {
                      var pq = 0.0
                      var sum = 0.0
                      for j in 0..<k {
                        sum += PI[base + j]
                        pq += PI[base + j] * Q[base + j]
                      }
                      dm = pq / sum
                    }
                    guard e.needs.contains(.logged) else {
                      o[i] = dm
                      continue
                    }
                    let ai = Int(A[i])
                    let r = R[i]
                    let w = PI[base + ai] / P[i]
                    let res = e.needs.contains(.model) ? r - Q[base + ai] : 0
                    switch e {
                    case .dm: o[i] = dm
                    case .ips: o[i] = r * Swift.min(w, prm.clip)
                    case .snips: o[i] = r * w / meanW
                    case .dr: o[i] = dm + Swift.min(w, prm.clip) * res
                    case .sndr: o[i] = dm + w * res / meanW
                    case .switchDR: o[i] = dm + (w <= prm.tau ? w * res : 0)
                    case .dros: o[i] = dm + prm.drosWeight(w) * res
                    case .subgaussIPW: o[i] = prm.sgWeight(w) * r
                    case .subgaussDR: o[i] = dm + prm.sgWeight(w) * res
                    }
                  }
                }
              }
            }
          }
        }
      }
      initialized = n
    }
  }
}

extension BanditOPE {
  /// OBP's `estimate_interval`: a bootstrap of the estimator's round rewards
  /// (see `Bootstrap.interval`); `mean` is the mean of the resample means.
  public static func interval(
    _ e: BanditEstimator, _ fb: BanditFeedback, _ prm: BanditParameters = .init(), alpha: Double = 0.05,
    resamples: Int = 10_000, seed: UInt64 = 0, resampler: Resampler = .xoshiro, shouldStop: () -> Bool = { false }
  ) throws -> BootstrapInterval {
    let rounds = try roundRewards(e, fb, prm)
    return try Bootstrap.interval(rounds, alpha: alpha, resamples: resamples, seed: seed, resampler: resampler, shouldStop: shouldStop)
  }
}
