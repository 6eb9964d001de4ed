import RLSNumerics

/// The area under the ROC curve, as scikit-learn's `roc_auc_score` for
/// binary labels: the probability that a random positive scores above a
/// random negative, ties counting one half (which is what the trapezoid
/// over the ROC curve with tied thresholds gives).
///
/// The positives' and negatives' scores are radix-sorted separately and
/// merged once: O(n) passes, no comparison sort. Throws for different
/// lengths, no samples, `NaN` scores or labels other than 0 and 1; a single
/// class gives `NaN`, scikit-learn's documented value (with its
/// `UndefinedMetricWarning`).
public enum AUC {
  /// ROC AUC of `score` against `label` (0 or 1).
  public static func roc(score: Tensor, label: Tensor) throws -> Double {
    try Check.sameLength(score.count, label.count, "score", "label")
    try Check.atLeast(score.count, 1, "score")
    let n = score.count
    // Positives' keys fill the buffer from the front, negatives' from the
    // back, without a branch on the label.
    var keys = [UInt64](repeating: 0, count: n)
    var scratch = [UInt64](repeating: 0, count: n)
    var p = 0
    try score.withUnsafeBufferPointer { s in
      try label.withUnsafeBufferPointer { l in
        try Check.noNaN(s, "score")
        try Check.binary(l, "label")
        keys.withUnsafeMutableBufferPointer { k in
          var q = 0
          for i in 0..<n {
            let isPositive = l[i] == 1 ? 1 : 0
            let mask = 0 &- isPositive
            k[(p & mask) | ((n &- 1 &- q) & ~mask)] = RadixSort.key(s[i])
            p &+= isPositive
            q &+= 1 &- isPositive
          }
        }
      }
    }
    guard p > 0, p < n else { return .nan }
    keys.withUnsafeMutableBufferPointer { k in
      scratch.withUnsafeMutableBufferPointer { t in
        guard let k = k.baseAddress, let t = t.baseAddress else { return }
        RadixSort.sort(k, nil, p, t, nil)
        RadixSort.sort(k + p, nil, n - p, t, nil)
      }
    }
    let positives = keys[0..<p]
    let negatives = keys[p..<n]
    // Twice the count of (positive, negative) pairs ordered right, ties once.
    var twice = 0
    var below = p
    var i = 0
    while i < p {
      let v = positives[i]
      var j = i + 1
      while j < positives.count && positives[j] == v { j += 1 }
      while below < n && negatives[below] < v { below += 1 }
      var equal = below
      while equal < n && negatives[equal] == v { equal += 1 }
      twice += (j - i) * (2 * (below - p) + (equal - below))
      i = j
    }
    return Double(twice) / (2 * Double(p) * Double(n - p))
  }
}
