/// A CSV text that does not parse, or columns that cannot be written as CSV.
public struct CSVError: Error, CustomStringConvertible, Sendable {
  /// What went wrong, e.g. "row 7 has 3 fields but the header has 4".
  public let message: String
  /// The file (or `"<string>"`) the text came from; `nil` for writing errors.
  public let path: String?
  /// The 1-based line of the problem, or `nil` for writing errors.
  public let line: Int?
  /// The 1-based column (in characters) of the problem, or `nil` for writing
  /// errors.
  public let column: Int?

  /// An error with the given parts.
  public init(_ message: String, path: String? = nil, line: Int? = nil, column: Int? = nil) {
    self.message = message
    self.path = path
    self.line = line
    self.column = column
  }

  /// `path:line:column: message` for reading errors, e.g. `data.csv:8:5: row 7
  /// has 3 fields but the header has 4`; the bare message for writing errors.
  public var description: String {
    guard let line, let column else { return message }
    return "\(path ?? "<string>"):\(line):\(column): \(message)"
  }
}
