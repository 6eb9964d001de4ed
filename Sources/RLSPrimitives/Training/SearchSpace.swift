import Foundation
import RLSNumerics

/// Hyperparameter search plans: the points of a grid, or random draws from
/// per-parameter distributions, deterministic for a seed.
public enum SearchSpace {
  /// How one hyperparameter is drawn in a random search.
  public enum Dimension: Sendable, Equatable {
    /// One of `count` listed values, uniformly.
    case choice(count: Int)
    /// `low + (high − low)·u`, u uniform in [0, 1).
    case uniform(low: Double, high: Double)
    /// `exp(log low + (log high − log low)·u)` (low > 0).
    case logUniform(low: Double, high: Double)
    /// A uniform integer in `low...high` (both ends included).
    case integer(low: Int, high: Int)
    /// `floor(exp(log low + (log(high + 1) − log low)·u))`, at most high (1 ≤ low):
    /// integers with log-uniform weight.
    case logInteger(low: Int, high: Int)
  }

  /// One drawn value: an index into a list of choices, or a number.
  public enum Draw: Sendable, Equatable {
    case index(Int)
    case number(Double)
  }

  /// The largest number of runs a plan may hold.
  public static let maxRuns = 1_000_000

  /// Every combination of one index per dimension (`counts[i]` values in
  /// dimension i), as `itertools.product`: the first dimension varies
  /// slowest, the last fastest. No dimensions give one empty combination.
  ///
  /// - Throws: `TrainingError` when a count is below 1 (`names[i]` named) or
  ///   the grid has more than `maxRuns` points.
  public static func grid(_ counts: [Int], names: [String]) throws -> [[Int]] {
    var total = 1
    for (i, c) in counts.enumerated() {
      guard c >= 1 else { throw TrainingError("\(names[i]) has no values to try") }
      let (t, overflow) = total.multipliedReportingOverflow(by: c)
      guard !overflow, t <= maxRuns else { throw TrainingError("the grid has more than \(maxRuns) points") }
      total = t
    }
    var out: [[Int]] = []
    out.reserveCapacity(total)
    for r in 0..<total {
      var rest = r
      var point = [Int](repeating: 0, count: counts.count)
      for i in stride(from: counts.count - 1, through: 0, by: -1) {
        point[i] = rest % counts[i]
        rest /= counts[i]
      }
      out.append(point)
    }
    return out
  }

  /// `trials` random points from `RNG(seed:)`: for each trial, one draw per
  /// dimension in order (a choice is `integer(lo: 0, hi: count)`, numbers
  /// use one `uniform()` each).
  ///
  /// - Throws: `TrainingError` for trials outside 0...maxRuns or a bad
  ///   dimension (`lr: low must be positive for a log scale, got 0`).
  public static func random(_ dims: [Dimension], names: [String], trials: Int, seed: UInt64) throws -> [[Draw]] {
    guard trials >= 0, trials <= maxRuns else { throw TrainingError("trials must be between 0 and \(maxRuns), got \(trials)") }
    for (i, d) in dims.enumerated() { try check(d, names[i]) }
    var rng = RNG(seed: seed)
    var out: [[Draw]] = []
    out.reserveCapacity(trials)
    for _ in 0..<trials {
      var point: [Draw] = []
      for d in dims {
        switch d {
        case .choice(let n): point.append(.index(try rng.integer(lo: 0, hi: n)))
        case .uniform(let lo, let hi): point.append(.number(lo + (hi - lo) * rng.uniform()))
        case .logUniform(let lo, let hi):
          let a = log(lo)
          point.append(.number(Swift.min(Swift.max(exp(a + (log(hi) - a) * rng.uniform()), lo), hi)))
        case .integer(let lo, let hi): point.append(.number(Double(try rng.integer(lo: lo, hi: hi + 1))))
        case .logInteger(let lo, let hi):
          let a = log(Double(lo))
          let v = floor(exp(a + (log(Double(hi) + 1) - a) * rng.uniform()))
          point.append(.number(Swift.min(Swift.max(v, Double(lo)), Double(hi))))
        }
      }
      out.append(point)
    }
    return out
  }

  static func check(_ d: Dimension, _ name: String) throws {
    switch d {
    case .choice(let n): guard n >= 1 else { throw TrainingError("\(name) has no values to try") }
    case .uniform(let lo, let hi), .logUniform(let lo, let hi):
      guard lo.isFinite, hi.isFinite, lo <= hi else {
        throw TrainingError("\(name): low (\(formatNumber(lo))) and high (\(formatNumber(hi))) must be finite with low ≤ high")
      }
      if case .logUniform = d, !(lo > 0) { throw TrainingError("\(name): low must be positive for a log scale, got \(formatNumber(lo))") }
    case .integer(let lo, let hi), .logInteger(let lo, let hi):
      guard lo <= hi, hi < Int(1) << 52, lo > -(Int(1) << 52) else {
        throw TrainingError("\(name): low (\(lo)) must not exceed high (\(hi))")
      }
      if case .logInteger = d, lo < 1 { throw TrainingError("\(name): low must be at least 1 for a log scale, got \(lo)") }
    }
  }
}
