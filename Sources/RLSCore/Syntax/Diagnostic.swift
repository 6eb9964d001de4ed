/// A compile-time problem found by the lexer, parser or compiler.
public struct Diagnostic: Error, Sendable {
  /// What went wrong and what was expected, e.g. "expected ')' after arguments".
  public var message: String
  /// Where it went wrong.
  public var span: Span
  public init(_ message: String, at span: Span) {
    self.message = message
    self.span = span
  }
}

/// The outcome of parsing a unit of source.
public enum ParseResult {
  /// The whole input parsed.
  case success(Program)
  /// The input ended inside an open bracket, brace, string or after a binary
  /// operator: more lines would complete it (REPL continuation, kernel is_complete).
  case incomplete
  /// One or more syntax errors (the parser recovers at statement boundaries).
  case failure([Diagnostic])
}
