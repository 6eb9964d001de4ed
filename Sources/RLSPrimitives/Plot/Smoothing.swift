import Foundation

/// Learning-curve smoothing.
public enum Smoothing {
  /// Exponential moving average with debiasing, as TensorBoard's smoothing
  /// slider computes it: `weight` in [0, 1); 0 returns the input. Non-finite
  /// values are passed through and skipped.
  public static func ema(_ y: [Double], weight: Double) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(y.count)
    var last = 0.0
    var steps = 0.0
    for v in y {
      guard v.isFinite else {
        out.append(v)
        continue
      }
      last = last * weight + (1 - weight) * v
      steps += 1
      let debias = 1 - pow(weight, steps)
      out.append(debias > 0 ? last / debias : v)
    }
    return out
  }
}
