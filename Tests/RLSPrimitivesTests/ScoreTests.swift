import Foundation
import RLSNumerics
import XCTest

@testable import RLSPrimitives

final class ScoreTests: XCTestCase {
  /// P(positive > negative) + ½ P(tie) over all pairs.
  func bruteAUC(_ s: [Double], _ y: [Double]) -> Double {
    var num = 0.0
    var pairs = 0.0
    for i in s.indices where y[i] == 1 {
      for j in s.indices where y[j] == 0 {
        num += s[i] > s[j] ? 1 : (s[i] == s[j] ? 0.5 : 0)
        pairs += 1
      }
    }
    return num / pairs
  }

  func testAUCMatchesPairCounting() throws {
    var rng = TestRNG(5)
    for _ in 0..<50 {
      let n = 2 + rng.int(60)
      let s = (0..<n).map { _ in Double(rng.int(8)) / 4 - 0.5 }
      var y = (0..<n).map { _ in Double(rng.int(2)) }
      y[0] = 0
      y[1] = 1
      assertClose(try AUC.roc(score: Tensor(vector: s), label: Tensor(vector: y)), bruteAUC(s, y))
    }
    XCTAssertEqual(try AUC.roc(score: Tensor(vector: [-0.0, 0.0]), label: Tensor(vector: [0, 1])), 0.5)
    XCTAssertTrue(try AUC.roc(score: Tensor(vector: [1, 2]), label: Tensor(vector: [1, 1])).isNaN)
  }

  func testBrierAndNLL() throws {
    let p = Tensor(vector: [0.9, 0.2, 1, 0])
    let y = Tensor(vector: [1, 0, 0, 0])
    assertClose(try ProbabilisticScores.brier(prob: p, label: y), (0.01 + 0.04 + 1 + 0) / 4)
    let eps = Double.ulpOfOne
    let expected = -(log(0.9) + log(0.8) + log(eps) + log(1 - eps)) / 4
    assertClose(try ProbabilisticScores.nll(prob: p, label: y), expected)
  }

  /// netcal's binning from its definition: edges linspace(0, 1, bins + 1),
  /// [lo, hi) with 1 in the last bin, confidences clipped to [ε, 1 − ε].
  func bruteECE(_ c: [Double], _ y: [Double], _ bins: Int) -> (Double, Double) {
    let eps = Double.ulpOfOne
    let edges = (0...bins).map { $0 == bins ? 1.0 : Double($0) * (1.0 / Double(bins)) }
    var count = [Double](repeating: 0, count: bins)
    var sc = count
    var sy = count
    for (x, hit) in zip(c, y) {
      let v = min(1 - eps, max(eps, x))
      let b = min(bins - 1, edges.lastIndex { $0 <= v }!)
      count[b] += 1
      sc[b] += v
      sy[b] += hit
    }
    var ece = 0.0
    var mce = 0.0
    for b in 0..<bins where count[b] > 0 {
      let gap = abs(sy[b] / count[b] - sc[b] / count[b])
      ece += gap * count[b] / Double(c.count)
      mce = max(mce, gap)
    }
    return (ece, mce)
  }

  func testECEMatchesBinningDefinition() throws {
    var rng = TestRNG(9)
    for bins in [1, 3, 10, 15] {
      let n = 1 + rng.int(3000)
      let c = (0..<n).map { i in i % 7 == 0 ? Double(rng.int(bins + 1)) / Double(bins) : rng.uniform() }
      let y = c.map { rng.uniform() < $0 ? 1.0 : 0.0 }
      let (ece, mce) = bruteECE(c, y, bins)
      assertClose(try ECE.ece(conf: Tensor(vector: c), correct: Tensor(vector: y), bins: bins), ece, rtol: 1e-10)
      assertClose(try ECE.mce(conf: Tensor(vector: c), correct: Tensor(vector: y), bins: bins), mce, rtol: 1e-10)
    }
    // Quantile bins hold equally many samples: 4 distinct values, 4 bins.
    let q = try ECE.binned(
      conf: Tensor(vector: [0.1, 0.4, 0.6, 0.9]), correct: Tensor(vector: [0, 1, 1, 1]), bins: 4, strategy: .quantile)
    XCTAssertEqual(q.counts, [1, 1, 1, 1])
  }

  func testECELargeInputIsDeterministic() throws {
    var rng = TestRNG(1)
    let c = (0..<300_000).map { _ in rng.uniform() }
    let y = c.map { _ in Double(rng.int(2)) }
    let a = try ECE.ece(conf: Tensor(vector: c), correct: Tensor(vector: y))
    XCTAssertEqual(a, try ECE.ece(conf: Tensor(vector: c), correct: Tensor(vector: y)))
    assertClose(a, bruteECE(c, y, 10).0, rtol: 1e-9)
  }

  func testErrors() {
    assertMetricError("conf[1] is 1.5, outside [0, 1]") {
      try ECE.ece(conf: Tensor(vector: [0.5, 1.5]), correct: Tensor(vector: [1, 1]))
    }
    assertMetricError("correct[0] is 2, but must be 0 or 1") {
      try ECE.mce(conf: Tensor(vector: [0.5]), correct: Tensor(vector: [2]))
    }
    assertMetricError("conf has 1 elements but correct has 2") {
      try ECE.ece(conf: Tensor(vector: [0.5]), correct: Tensor(vector: [1, 0]))
    }
    assertMetricError("bins must be at least 1") {
      try ECE.ece(conf: Tensor(vector: [0.5]), correct: Tensor(vector: [1]), bins: 0)
    }
    assertMetricError("prob[0] is NaN, outside [0, 1]") {
      try ProbabilisticScores.nll(prob: Tensor(vector: [.nan]), label: Tensor(vector: [1]))
    }
    assertMetricError("label[1] is 0.5, but must be 0 or 1") {
      try ProbabilisticScores.brier(prob: Tensor(vector: [0.5, 0.5]), label: Tensor(vector: [1, 0.5]))
    }
    assertMetricError("score[1] is NaN") {
      try AUC.roc(score: Tensor(vector: [0, .nan]), label: Tensor(vector: [0, 1]))
    }
    assertMetricError("prob needs at least one element") {
      try ProbabilisticScores.brier(prob: Tensor(vector: []), label: Tensor(vector: []))
    }
  }
}
