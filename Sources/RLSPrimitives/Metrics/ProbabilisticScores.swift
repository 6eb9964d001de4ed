import Foundation
import RLSNumerics

/// Proper scoring rules for binary probabilistic predictions, as
/// scikit-learn computes them: `prob` is the predicted probability of label
/// 1, `label` is 0 or 1. Throws for different or zero lengths, a
/// probability outside [0, 1] (or `NaN`) and a label other than 0 and 1.
public enum ProbabilisticScores {
  /// The Brier score, mean (prob − label)² (`brier_score_loss`).
  public static func brier(prob: Tensor, label: Tensor) throws -> Double {
    try prob.withUnsafeBufferPointer { p in
      try label.withUnsafeBufferPointer { l in
        try check(p, l)
        var s = 0.0
        for i in 0..<p.count {
          let d = l[i] - p[i]
          s += d * d
        }
        return s / Double(p.count)
      }
    }
  }

  /// The negative log-likelihood (log loss), mean −log p(label)
  /// (`log_loss`), with probabilities clipped to [ε, 1 − ε], ε = 2⁻⁵²,
  /// as scikit-learn does, so a confident mistake costs 36.04, not ∞.
  public static func nll(prob: Tensor, label: Tensor) throws -> Double {
    try prob.withUnsafeBufferPointer { p in
      try label.withUnsafeBufferPointer { l in
        try check(p, l)
        let eps = Double.ulpOfOne
        var s = 0.0
        for i in 0..<p.count {
          let q = l[i] == 1 ? p[i] : 1 - p[i]
          s -= Foundation.log(Swift.min(1 - eps, Swift.max(eps, q)))
        }
        return s / Double(p.count)
      }
    }
  }

  private static func check(_ p: UnsafeBufferPointer<Double>, _ l: UnsafeBufferPointer<Double>) throws {
    try Check.sameLength(p.count, l.count, "prob", "label")
    try Check.atLeast(p.count, 1, "prob")
    try Check.probabilities(p, "prob")
    try Check.binary(l, "label")
  }
}
