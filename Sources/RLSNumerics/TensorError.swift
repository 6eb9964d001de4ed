/// A failure of a numerics operation that a user can cause: a bad shape, an
/// index out of range, an impossible allocation, an invalid distribution
/// parameter.
///
/// The message is user-facing and names the sizes involved, e.g.
/// `shapes [2, 3] and [4] do not broadcast` or
/// `index 5 is out of range for axis 0 with size 3`. The interpreter shows it
/// as is, after the name of the function that failed.
public struct TensorError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What went wrong, with the sizes involved.
  public var message: String

  /// Creates an error with a user-facing message.
  public init(_ message: String) {
    self.message = message
  }

  /// The message.
  public var description: String { message }
}

/// A shape written the way messages show it: `[2, 3]`.
@inline(__always)
func describe(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
