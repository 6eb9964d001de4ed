/// Equal-width reliability bins over [0, 1], as netcal and the calibration
/// literature bin them: edges `linspace(0, 1, bins + 1)`, bins are [lo, hi)
/// and a confidence of exactly 1 falls in the last bin.
public struct ReliabilityBin: Equatable, Sendable {
  public var lower: Double
  public var upper: Double
  /// Samples in the bin.
  public var count: Int
  /// Mean confidence of those samples (NaN when empty).
  public var confidence: Double
  /// Fraction of them that are correct (NaN when empty).
  public var accuracy: Double
}

/// Errors for calibration inputs.
public struct CalibrationError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

public enum Reliability {
  /// The bins of `confidence` (each in [0, 1]) against `correct` (0 or 1).
  public static func bins(confidence: [Double], correct: [Double], bins: Int) throws -> [ReliabilityBin] {
    guard confidence.count == correct.count else {
      throw CalibrationError("confidence has \(confidence.count) values but correct has \(correct.count)")
    }
    guard bins >= 1 else { throw CalibrationError("bins must be at least 1, got \(bins)") }
    var count = [Int](repeating: 0, count: bins)
    var sumConf = [Double](repeating: 0, count: bins)
    var sumAcc = [Double](repeating: 0, count: bins)
    for i in confidence.indices {
      let c = confidence[i]
      guard c >= 0 && c <= 1 else { throw CalibrationError("confidence[\(i)] = \(c) is outside [0, 1]") }
      let y = correct[i]
      guard y == 0 || y == 1 else { throw CalibrationError("correct[\(i)] = \(y) must be 0 or 1") }
      let b = min(bins - 1, Int(c * Double(bins)))
      count[b] += 1
      sumConf[b] += c
      sumAcc[b] += y
    }
    return (0..<bins).map { b in
      ReliabilityBin(
        lower: Double(b) / Double(bins), upper: Double(b + 1) / Double(bins), count: count[b],
        confidence: count[b] > 0 ? sumConf[b] / Double(count[b]) : .nan,
        accuracy: count[b] > 0 ? sumAcc[b] / Double(count[b]) : .nan)
    }
  }
}

extension Reliability {
  /// Expected calibration error: Σ_b (n_b / n) · |accuracy_b − confidence_b| over the bins.
  public static func ece(confidence: [Double], correct: [Double], bins: Int) throws -> Double {
    let table = try self.bins(confidence: confidence, correct: correct, bins: bins)
    let n = Double(confidence.count)
    guard n > 0 else { throw CalibrationError("no samples") }
    return table.reduce(0) { acc, b in b.count == 0 ? acc : acc + Double(b.count) / n * abs(b.accuracy - b.confidence) }
  }
}
