/// A JSON text that does not parse, a value that cannot be printed, or a JSON
/// file that cannot be read or written.
public struct JSONError: Error, CustomStringConvertible, Sendable {
  /// What went wrong, e.g. jansson's "'}' expected near ']'", or
  /// "cannot open 'x.json': No such file or directory".
  public let message: String
  /// The 1-based line of a syntax error, or `nil` when there is no position.
  public let line: Int?
  /// The column (in characters; 0 at the start of a line) of a syntax error,
  /// as jansson reports it, or `nil` when there is no position.
  public let column: Int?
  /// How many bytes of the text jansson had read when it found a syntax error
  /// (just past the offending token), or `nil` when there is no position.
  public let position: Int?
  /// The file involved, if any.
  public let path: String?

  /// An error with the given parts.
  public init(
    message: String, line: Int? = nil, column: Int? = nil, position: Int? = nil,
    path: String? = nil
  ) {
    self.message = message
    self.line = line
    self.column = column
    self.position = position
    self.path = path
  }

  /// The error as one line: `invalid JSON at line 3, column 7: '}' expected
  /// near ']'` for syntax errors (with `in 'x.json'` after "JSON" when read
  /// from a file), otherwise `message`.
  public var description: String {
    guard let line, let column else { return message }
    let place = path.map { " in '\($0)'" } ?? ""
    return "invalid JSON\(place) at line \(line), column \(column): \(message)"
  }
}
