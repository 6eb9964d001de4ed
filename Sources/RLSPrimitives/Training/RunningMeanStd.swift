import Foundation

/// Running mean and variance of vectors (gymnasium's RunningMeanStd: the
/// parallel update of Chan et al. with an initial count of 1e-4, population
/// variance), and the normalisation `clip((x − mean) / √(var + ε), ±clip)`
/// of gymnasium's NormalizeObservation followed by CleanRL's clip.
public struct RunningMeanStd: Sendable {
  /// Running mean per component.
  public var mean: [Double]
  /// Running population variance per component.
  public var variance: [Double]
  /// Observations seen (plus the initial 1e-4).
  public var count: Double
  /// Added to the variance before the square root.
  public var epsilon: Double
  /// Normalised values are clipped to ±clip.
  public var clip: Double

  /// Statistics of `size`-vectors (mean 0, variance 1, count 1e-4).
  public init(size: Int, epsilon: Double = 1e-8, clip: Double = 10) {
    mean = [Double](repeating: 0, count: size)
    variance = [Double](repeating: 1, count: size)
    count = 1e-4
    self.epsilon = epsilon
    self.clip = clip
  }

  /// Adds the `rows` vectors of `x` (row-major) as one batch.
  public mutating func update(_ x: [Double], rows n: Int) {
    let d = mean.count
    guard n >= 1, x.count == n * d else { return }
    let bn = Double(n)
    let total = count + bn
    for j in 0..<d {
      var m = 0.0
      for r in 0..<n { m += x[r * d + j] }
      m /= bn
      var v = 0.0
      for r in 0..<n { v += (x[r * d + j] - m) * (x[r * d + j] - m) }
      v /= bn
      let delta = m - mean[j]
      let m2 = variance[j] * count + v * bn + delta * delta * count * bn / total
      mean[j] += delta * bn / total
      variance[j] = m2 / total
    }
    count = total
  }

  /// `x` (row-major vectors) normalised and clipped.
  public func normalize(_ x: [Double]) -> [Double] {
    let d = mean.count
    var out = x
    guard d > 0 else { return out }
    for i in 0..<out.count {
      let j = i % d
      out[i] = Swift.min(Swift.max((x[i] - mean[j]) / (variance[j] + epsilon).squareRoot(), -clip), clip)
    }
    return out
  }
}
