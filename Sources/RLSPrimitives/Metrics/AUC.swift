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
    var positives: [UInt64] = []
    var negatives: [UInt64] = []
    try score.withUnsafeBufferPointer { s in
      try label.withUnsafeBufferPointer { l in
        try Check.noNaN(s, "score")
        try Check.binary(l, "label")
        var p = 0
        for i in 0..<l.count where l[i] == 1 { p += 1 }
        positives.reserveCapacity(p)
        negatives.reserveCapacity(l.count - p)
        for i in 0..<s.count {
          if l[i] == 1 {
            positives.append(RadixSort.key(s[i]))
          } else {
            negatives.append(RadixSort.key(s[i]))
          }
        }
      }
    }
    guard !positives.isEmpty, !negatives.isEmpty else { return .nan }
    positives = RadixSort.sorted(positives)
    negatives = RadixSort.sorted(negatives)
    // Twice the count of (positive, negative) pairs ordered right, ties once.
    var twice = 0
    var below = 0
    var i = 0
    while i < positives.count {
      let v = positives[i]
      var j = i + 1
      while j < positives.count && positives[j] == v { j += 1 }
      while below < negatives.count && negatives[below] < v { below += 1 }
      var equal = below
      while equal < negatives.count && negatives[equal] == v { equal += 1 }
      twice += (j - i) * (2 * below + (equal - below))
      i = j
    }
    return Double(twice) / (2 * Double(positives.count) * Double(negatives.count))
  }
}
