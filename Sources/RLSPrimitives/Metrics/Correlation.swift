import Foundation
import RLSNumerics

/// Correlation and agreement between two samples, as SciPy and
/// scikit-learn compute them: `pearson` (scipy.stats.pearsonr's r),
/// `spearman` (Pearson's r of average ranks, scipy.stats.spearmanr),
/// `kendall` (tau-b, scipy.stats.kendalltau) and `r2` (sklearn.metrics
/// .r2_score). Throws for different lengths, fewer than two pairs, or a
/// `NaN`; a constant input gives `NaN` for the correlations, SciPy's
/// documented value.
public enum Correlation {
  /// Pearson's correlation coefficient, clipped to [−1, 1].
  public static func pearson(_ x: Tensor, _ y: Tensor) throws -> Double {
    try x.withUnsafeBufferPointer { a in
      try y.withUnsafeBufferPointer { b in
        try checkPairs(a, b, "x", "y")
        return pearson(a, b)
      }
    }
  }

  /// Spearman's rank correlation: Pearson's r of the average ranks.
  public static func spearman(_ x: Tensor, _ y: Tensor) throws -> Double {
    try x.withUnsafeBufferPointer { a in
      try y.withUnsafeBufferPointer { b in
        try checkPairs(a, b, "x", "y")
        let (ra, rb) = rankBoth(a, b)
        return ra.withUnsafeBufferPointer { pa in rb.withUnsafeBufferPointer { pb in pearson(pa, pb) } }
      }
    }
  }

  /// Kendall's tau-b: (concordant − discordant) / √((pairs − x ties)(pairs
  /// − y ties)), counted in O(n log n) (Knight's algorithm, as SciPy).
  public static func kendall(_ x: Tensor, _ y: Tensor) throws -> Double {
    try x.withUnsafeBufferPointer { a in
      try y.withUnsafeBufferPointer { b in
        try checkPairs(a, b, "x", "y")
        return kendall(a, b)
      }
    }
  }

  /// The coefficient of determination of predictions `yPred` for `yTrue`:
  /// 1 − Σ(yTrue − yPred)² / Σ(yTrue − mean)². As scikit-learn (with
  /// `force_finite`), a constant `yTrue` gives 1 for a perfect prediction
  /// and 0 otherwise.
  public static func r2(_ yTrue: Tensor, _ yPred: Tensor) throws -> Double {
    try yTrue.withUnsafeBufferPointer { t in
      try yPred.withUnsafeBufferPointer { p in
        try checkPairs(t, p, "y_true", "y_pred")
        let n = t.count
        let mean = Sum.pairwise(t) / Double(n)
        var residual = 0.0
        var total = 0.0
        for i in 0..<n {
          let e = t[i] - p[i]
          residual += e * e
          let d = t[i] - mean
          total += d * d
        }
        if total == 0 { return residual == 0 ? 1 : 0 }
        if residual == 0 { return 1 }
        return 1 - residual / total
      }
    }
  }

  static func checkPairs(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, _ na: String, _ nb: String)
    throws
  {
    try Check.sameLength(a.count, b.count, na, nb)
    try Check.atLeast(a.count, 2, na)
    try Check.noNaN(a, na)
    try Check.noNaN(b, nb)
  }

  private static func isConstant(_ a: UnsafeBufferPointer<Double>) -> Bool {
    let first = a[0]
    for v in a where v != first { return false }
    return true
  }

  static func pearson(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
    if isConstant(a) || isConstant(b) { return .nan }
    let n = Double(a.count)
    let ma = Sum.pairwise(a) / n
    let mb = Sum.pairwise(b) / n
    var sab = 0.0
    var saa = 0.0
    var sbb = 0.0
    for i in 0..<a.count {
      let da = a[i] - ma
      let db = b[i] - mb
      sab += da * db
      saa += da * da
      sbb += db * db
    }
    let r = sab / (saa.squareRoot() * sbb.squareRoot())
    return Swift.max(-1, Swift.min(1, r))
  }

  /// The average ranks of both samples (on two cores for large inputs).
  private static func rankBoth(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> ([Double], [Double]) {
    var ra: [Double] = []
    var rb: [Double] = []
    if a.count < 50_000 {
      return (RadixSort.averageRanks(a), RadixSort.averageRanks(b))
    }
    withoutActuallyEscaping({ (i: Int) in
      if i == 0 { ra = RadixSort.averageRanks(a) } else { rb = RadixSort.averageRanks(b) }
    }) { body in
      Parallel.forEachChunk(2, chunk: 1) { c, _ in body(c) }
    }
    return (ra, rb)
  }

  static func kendall(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
    let n = a.count
    // Dense ranks of y, then the pairs in (x, y) order: sort by y, then
    // stably by x.
    let (yKeys, yOrder) = RadixSort.argsort(b)
    var yRank = [Int32](repeating: 0, count: n)
    var rank: Int32 = 0
    var yTies = 0
    var run = 1
    for t in 0..<n {
      if t > 0 && yKeys[t] != yKeys[t - 1] {
        rank += 1
        yTies += run * (run - 1) / 2
        run = 1
      } else if t > 0 {
        run += 1
      }
      yRank[Int(yOrder[t])] = rank
    }
    yTies += run * (run - 1) / 2
    var keys = [UInt64](repeating: 0, count: n)
    var ranks = [Int32](repeating: 0, count: n)
    for t in 0..<n {
      let i = Int(yOrder[t])
      keys[t] = RadixSort.key(a[i])
      ranks[t] = yRank[i]
    }
    RadixSort.sort(&keys, &ranks)
    var xTies = 0
    var jointTies = 0
    var xRun = 1
    var jointRun = 1
    for t in 1..<n {
      if keys[t] == keys[t - 1] {
        xRun += 1
        if ranks[t] == ranks[t - 1] {
          jointRun += 1
        } else {
          jointTies += jointRun * (jointRun - 1) / 2
          jointRun = 1
        }
      } else {
        xTies += xRun * (xRun - 1) / 2
        jointTies += jointRun * (jointRun - 1) / 2
        xRun = 1
        jointRun = 1
      }
    }
    xTies += xRun * (xRun - 1) / 2
    jointTies += jointRun * (jointRun - 1) / 2
    let total = n * (n - 1) / 2
    if xTies == total || yTies == total { return .nan }
    let discordant = inversions(&ranks)
    let difference = total - xTies - yTies + jointTies - 2 * discordant
    let tau = Double(difference) / Double(total - xTies).squareRoot() / Double(total - yTies).squareRoot()
    return Swift.max(-1, Swift.min(1, tau))
  }

  /// The number of pairs i < j with v[i] > v[j], by bottom-up merge sort
  /// (`v` ends sorted).
  static func inversions(_ v: inout [Int32]) -> Int {
    let n = v.count
    var buffer = [Int32](repeating: 0, count: n)
    var count = 0
    var width = 1
    while width < n {
      v.withUnsafeMutableBufferPointer { src in
        buffer.withUnsafeMutableBufferPointer { dst in
          var lo = 0
          while lo < n {
            let mid = Swift.min(lo + width, n)
            let hi = Swift.min(lo + 2 * width, n)
            var i = lo
            var j = mid
            var k = lo
            while i < mid && j < hi {
              if src[j] < src[i] {
                dst[k] = src[j]
                count += mid - i
                j += 1
              } else {
                dst[k] = src[i]
                i += 1
              }
              k += 1
            }
            while i < mid {
              dst[k] = src[i]
              i += 1
              k += 1
            }
            while j < hi {
              dst[k] = src[j]
              j += 1
              k += 1
            }
            lo = hi
          }
        }
      }
      swap(&v, &buffer)
      width *= 2
    }
    return count
  }
}
