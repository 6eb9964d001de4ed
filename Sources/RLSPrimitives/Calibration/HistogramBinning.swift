/// Histogram binning (Zadrozny & Elkan 2001): equal-width bins over [0, 1];
/// a score maps to the fraction of positives among the training scores in
/// its bin (the bin's midpoint when the bin was empty).
public struct HistogramBinning: Sendable {
  /// Calibrated value of each bin.
  public private(set) var values: [Double]

  /// Fits `bins` bins to scores in [0, 1] and 0/1 labels.
  public init(scores: [Double], labels: [Double], bins: Int) throws {
    let table = try Reliability.bins(confidence: scores, correct: labels, bins: bins)
    values = table.map { $0.count > 0 ? $0.accuracy : ($0.lower + $0.upper) / 2 }
  }

  /// The calibrated value for a score (clipped to [0, 1]).
  public func predict(_ s: Double) -> Double {
    guard !s.isNaN else { return .nan }
    let c = min(1, max(0, s))
    return values[min(values.count - 1, Int(c * Double(values.count)))]
  }
}
