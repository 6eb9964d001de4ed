import RLSNumerics
import XCTest

@testable import RLSPrimitives

/// Bandit estimators against a direct transcription of OBP's
/// `_estimate_round_rewards` formulas (obp/ope/estimators.py), row by row.
final class BanditOPETests: XCTestCase {
  struct Case {
    var r: [Double], a: [Double], p: [Double], pi: [Double], q: [Double]
    let n: Int, k: Int
    var fb: BanditFeedback {
      BanditFeedback(
        reward: Tensor(vector: r), action: Tensor(vector: a), pscore: Tensor(vector: p),
        actionDist: try! Tensor(rows: n, cols: k, storage: pi), qHat: try! Tensor(rows: n, cols: k, storage: q))
    }
  }

  func makeCase(seed: UInt64, n: Int, k: Int, deterministic: Bool = false, tiny: Bool = false) -> Case {
    var d = Draws(seed)
    let pi = d.distributions(n, k, deterministic: deterministic)
    let a = d.integers(n, below: k)
    var p = d.uniform(n, 0.05, 1)
    if tiny { for i in stride(from: 0, to: n, by: 7) { p[i] = 1e-6 } }
    return Case(r: d.uniform(n, -1, 2), a: a, p: p, pi: pi, q: d.uniform(n * k, 0, 1), n: n, k: k)
  }

  /// Per-row pieces of OBP's formulas: w_i, dm_i (np.average of q̂ under π_e), r_i − q̂(x_i, a_i).
  struct Rows {
    let w: [Double], dm: [Double], res: [Double]
    init(_ c: Case) {
      w = (0..<c.n).map { c.pi[$0 * c.k + Int(c.a[$0])] / c.p[$0] }
      dm = (0..<c.n).map { i in
        var num = 0.0
        var den = 0.0
        for j in 0..<c.k {
          num += c.pi[i * c.k + j] * c.q[i * c.k + j]
          den += c.pi[i * c.k + j]
        }
        return num / den
      }
      res = (0..<c.n).map { c.r[$0] - c.q[$0 * c.k + Int(c.a[$0])] }
    }
  }

  /// OBP's round rewards, written out per row.
  func reference(_ e: BanditEstimator, _ c: Case, _ rows: Rows, _ prm: BanditParameters) -> [Double] {
    let (w, dm, res) = (rows.w, rows.dm, rows.res)
    let meanW = w.reduce(0, +) / Double(c.n)
    let lam = prm.drosLambda
    return (0..<c.n).map { i in
      let sg = w[i] == 0 ? 0 : w[i] / (1 - prm.sgLambda + prm.sgLambda * w[i])
      switch e {
      case .dm: return dm[i]
      case .ips: return c.r[i] * min(w[i], prm.clip)
      case .snips: return c.r[i] * w[i] / meanW
      case .dr: return dm[i] + min(w[i], prm.clip) * res[i]
      case .sndr: return dm[i] + w[i] * res[i] / meanW
      case .switchDR: return dm[i] + (w[i] <= prm.tau ? 1 : 0) * w[i] * res[i]
      case .dros: return dm[i] + (lam == .infinity ? w[i] : (w[i] == 0 ? 0 : lam * w[i] / (w[i] * w[i] + lam))) * res[i]
      case .subgaussIPW: return sg * c.r[i]
      case .subgaussDR: return dm[i] + sg * res[i]
      }
    }
  }

  func testEveryEstimatorMatchesTheRowFormulas() throws {
    let params = [
      BanditParameters(), BanditParameters(clip: 2, tau: 1.5, drosLambda: 3, sgLambda: 0.3),
      BanditParameters(clip: 0, tau: 0, drosLambda: .infinity, sgLambda: 1),
    ]
    for (seed, n, k, det, tiny) in [(1, 50, 3, false, false), (2, 17_000, 10, true, true), (3, 7, 1, false, false)] {
      let c = makeCase(seed: UInt64(seed), n: n, k: k, deterministic: det, tiny: tiny)
      let rows = Rows(c)
      for prm in params {
        let all = try BanditOPE.estimateAll(c.fb, prm)
        for (e, v) in all {
          let ref = reference(e, c, rows, prm)
          let mean = ref.reduce(0, +) / Double(n)
          assertEstClose(v, mean, rtol: 1e-10, atol: 1e-12, "\(e) n=\(n) \(prm)")
          assertEstClose(try BanditOPE.estimate(e, c.fb, prm), v, rtol: 1e-12, atol: 1e-14, "\(e) alone")
          assertEstClose(try BanditOPE.roundRewards(e, c.fb, prm), ref, rtol: 1e-12, atol: 1e-13, "\(e) rounds")
        }
      }
    }
  }

  func testResultsDoNotDependOnScheduling() throws {
    let c = makeCase(seed: 9, n: 100_003, k: 4)
    let first = try BanditOPE.estimateAll(c.fb).map(\.1)
    for _ in 0..<3 { XCTAssertEqual(try BanditOPE.estimateAll(c.fb).map(\.1), first) }
  }

  func testIPSFamilyNeedsNoModelAndDMNeedsNoLogs() throws {
    let c = makeCase(seed: 4, n: 20, k: 3)
    var fb = c.fb
    fb.qHat = nil
    XCTAssertNoThrow(try BanditOPE.estimate(.ips, fb))
    assertEstimatorError("fb.q_hat is missing") { try BanditOPE.estimate(.dr, fb) }
    var dmOnly = c.fb
    dmOnly.reward = nil
    dmOnly.action = nil
    dmOnly.pscore = nil
    XCTAssertNoThrow(try BanditOPE.estimate(.dm, dmOnly))
  }

  func testBadInputNamesTheFieldAndRow() {
    let c = makeCase(seed: 5, n: 30, k: 4)
    func with(_ edit: (inout Case) -> Void) -> BanditFeedback {
      var x = c
      edit(&x)
      return x.fb
    }
    assertEstimatorError("pscore[17] = 0 must be in (0, 1]") { try BanditOPE.estimate(.ips, with { $0.p[17] = 0 }) }
    assertEstimatorError("pscore[3] = 1.5 must be in (0, 1]") { try BanditOPE.estimate(.ips, with { $0.p[3] = 1.5 }) }
    assertEstimatorError("pscore[2] is NaN") { try BanditOPE.estimate(.dr, with { $0.p[2] = .nan }) }
    assertEstimatorError("action[4] = 4 must be an integer in [0, 4)") { try BanditOPE.estimate(.ips, with { $0.a[4] = 4 }) }
    assertEstimatorError("action[5] = 1.5 is not an integer") { try BanditOPE.estimate(.snips, with { $0.a[5] = 1.5 }) }
    assertEstimatorError("reward[6] is NaN") { try BanditOPE.estimate(.ips, with { $0.r[6] = .nan }) }
    assertEstimatorError("action_dist[8, 1] is NaN") { try BanditOPE.estimate(.ips, with { $0.pi[33] = .nan }) }
    assertEstimatorError("action_dist row 9 sums to") { try BanditOPE.estimate(.dm, with { $0.pi[36] += 0.5 }) }
    assertEstimatorError("q_hat[10, 2] is NaN") { try BanditOPE.estimate(.dm, with { $0.q[42] = .nan }) }
    // The first bad row wins, whichever chunk finds it.
    assertEstimatorError("pscore[1] = 0") {
      try BanditOPE.estimate(
        .ips,
        with {
          $0.p[1] = 0; $0.p[20] = -1
        })
    }
    var short = c
    short.r.removeLast()
    assertEstimatorError("action has 30 elements but reward has 29") { try BanditOPE.estimate(.ips, short.fb) }
    let rows = BanditFeedback(
      reward: Tensor(vector: c.r), action: Tensor(vector: c.a), pscore: Tensor(vector: c.p),
      actionDist: try! Tensor(rows: 29, cols: 4, storage: Array(c.pi.prefix(116))))
    assertEstimatorError("action_dist has 29 rows but reward has 30") { try BanditOPE.estimate(.ips, rows) }
    assertEstimatorError("clip must be a non-negative number") { try BanditOPE.estimate(.ips, c.fb, BanditParameters(clip: -1)) }
    assertEstimatorError("lambda must be in [0, 1]") { try BanditOPE.estimate(.subgaussIPW, c.fb, BanditParameters(sgLambda: 2)) }
  }

  func testBootstrapIsReproducibleAndBracketsTheEstimate() throws {
    let c = makeCase(seed: 6, n: 2_000, k: 5)
    for resampler in Resampler.allCases {
      let a = try BanditOPE.interval(.dr, c.fb, resamples: 300, seed: 7, resampler: resampler)
      let b = try BanditOPE.interval(.dr, c.fb, resamples: 300, seed: 7, resampler: resampler)
      XCTAssertEqual(a, b)
      let v = try BanditOPE.estimate(.dr, c.fb)
      XCTAssertLessThan(a.lower, v)
      XCTAssertGreaterThan(a.upper, v)
      assertEstClose(a.mean, v, rtol: 0.05)
    }
    assertEstimatorError("alpha must be in (0, 1)") { try BanditOPE.interval(.ips, c.fb, alpha: 1) }
    assertEstimatorError("stopped") { try BanditOPE.interval(.ips, c.fb, resamples: 100, shouldStop: { true }) }
  }

  func testPercentileIsNumpysLinearMethod() {
    let v = [1.0, 2, 4, 8]
    assertEstClose(Bootstrap.percentile(sorted: v, 50), 3)
    assertEstClose(Bootstrap.percentile(sorted: v, 0), 1)
    assertEstClose(Bootstrap.percentile(sorted: v, 100), 8)
    assertEstClose(Bootstrap.percentile(sorted: v, 2.5), 1 + 0.075)
  }
}

final class XoshiroTests: XCTestCase {
  /// The bootstrap's inlined generator is the project's RNG, output for output.
  func testSameStreamAsRNG() {
    for seed: UInt64 in [0, 1, 42, 0xdead_beef, .max] {
      var a = RNG(seed: seed)
      var b = Xoshiro(seed: seed)
      for _ in 0..<1000 { XCTAssertEqual(a.nextUInt64(), b.next()) }
    }
  }
}

final class BootstrapPairTests: XCTestCase {
  /// Two resamples drawn in one loop give each one's result exactly (up to the
  /// order of the running sums) and odd sizes are handled.
  func testPairMatchesSingles() {
    for n in [1, 2, 3, 7, 1000, 1001] {
      var d = Draws(UInt64(n))
      let x = d.uniform(n)
      x.withUnsafeBufferPointer { p in
        let (a, b) = Bootstrap.resampleMeanPair(p, 11, 12)
        assertEstClose(a, Bootstrap.resampleMean(p, seed: 11), rtol: 1e-13)
        assertEstClose(b, Bootstrap.resampleMean(p, seed: 12), rtol: 1e-13)
      }
    }
  }
}
