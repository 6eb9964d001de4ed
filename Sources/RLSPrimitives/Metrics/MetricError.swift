/// Bad input to a metric: an empty list where one is needed, a token id that
/// is not an integer, lengths that differ, a probability outside [0, 1], a
/// `NaN`, `k > n` ...
///
/// The message is user-facing and names the argument and the position, e.g.
/// `cands[2][7] is not an integer token id: 1.5` or
/// `conf has 10 elements but correct has 9`. The language shows it after the
/// name of the function that failed.
public struct MetricError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What went wrong, naming the argument and position.
  public var message: String

  /// An error with a user-facing message.
  public init(_ message: String) {
    self.message = message
  }

  /// The message.
  public var description: String { message }
}

/// Thrown by a long-running metric when its `shouldStop` callback asked it
/// to stop (the language passes its interrupt flag, so Ctrl-C stops a metric
/// within milliseconds).
public struct MetricInterrupted: Error, Sendable {
  public init() {}
}

/// Shared argument checks with one wording for every metric.
enum Check {
  /// Throws unless `a` and `b` have the same length.
  static func sameLength(_ a: Int, _ b: Int, _ nameA: String, _ nameB: String) throws {
    guard a == b else {
      throw MetricError("\(nameA) has \(a) elements but \(nameB) has \(b)")
    }
  }

  /// Throws unless there are at least `minimum` elements.
  static func atLeast(_ n: Int, _ minimum: Int, _ name: String) throws {
    guard n >= minimum else {
      let what = minimum == 1 ? "at least one element" : "at least \(minimum) elements"
      throw MetricError("\(name) needs \(what), got \(n)")
    }
  }

  /// Throws at the first `NaN` of `x`.
  static func noNaN(_ x: UnsafeBufferPointer<Double>, _ name: String) throws {
    for i in 0..<x.count where x[i].isNaN {
      throw MetricError("\(name)[\(i)] is NaN")
    }
  }

  /// Throws at the first element of `x` outside [0, 1] (or `NaN`).
  static func probabilities(_ x: UnsafeBufferPointer<Double>, _ name: String) throws {
    // x(1 − x) ≥ 0 exactly on [0, 1] (NaN fails): one predictable branch.
    for i in 0..<x.count where !(x[i] * (1 - x[i]) >= 0) {
      throw MetricError("\(name)[\(i)] is \(describe(x[i])), outside [0, 1]")
    }
  }

  /// Throws at the first element of `x` that is neither 0 nor 1.
  static func binary(_ x: UnsafeBufferPointer<Double>, _ name: String) throws {
    // x(1 − x) = 0 exactly for 0 and 1: one predictable branch.
    for i in 0..<x.count where x[i] * (1 - x[i]) != 0 {
      throw MetricError("\(name)[\(i)] is \(describe(x[i])), but must be 0 or 1")
    }
  }

  /// `x` as a count (a non-negative integer), or an error naming it.
  static func count(_ x: Double, _ name: String) throws -> Int {
    guard x == x.rounded(), x >= 0, x < 9.0e15 else {
      throw MetricError("\(name) must be a non-negative integer, got \(describe(x))")
    }
    return Int(x)
  }
}

/// A number as messages show it (shortest round-trip, `NaN`, `Infinity`).
func describe(_ x: Double) -> String {
  if x.isNaN { return "NaN" }
  if x.isInfinite { return x < 0 ? "-Infinity" : "Infinity" }
  if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int(x)) }
  return "\(x)"
}
