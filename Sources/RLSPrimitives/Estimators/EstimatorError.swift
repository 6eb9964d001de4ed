/// Bad input to an estimator, an advantage or a loss: shapes that disagree, a
/// propensity outside (0, 1], an action that is not an integer in [0, K), a
/// `NaN`, `k` out of range ...
///
/// The message is user-facing and names the field and the row, e.g.
/// `action_dist has 9 rows but reward has 10` or
/// `pscore[17] = 0 must be in (0, 1]`. The language shows it after the name
/// of the function that failed (`ope.ips: ...`).
public struct EstimatorError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What went wrong, naming the field and the position.
  public var message: String

  /// An error with a user-facing message.
  public init(_ message: String) { self.message = message }

  /// The message.
  public var description: String { message }

  /// Thrown by long computations when their `shouldStop` hook answered true.
  public static let stopped = EstimatorError("stopped")
}
