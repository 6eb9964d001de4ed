/// One lexical token: its kind, where it starts, and its text or value.
struct Token: Sendable {
  /// What kind of token this is.
  var kind: TokenKind
  /// Where the token starts; `length` covers the token on its first line.
  var span: Span
  /// The name of a `.name` or keyword, the decoded value of a `.string` or
  /// `.stringText`, the lexeme of a `.number` or `.error`; empty otherwise.
  var text: String
  /// The value of a `.number` token (0 for other kinds).
  var number: Double

  /// Creates a token.
  init(_ kind: TokenKind, _ span: Span, text: String = "", number: Double = 0) {
    self.kind = kind
    self.span = span
    self.text = text
    self.number = number
  }

  /// How the token is named in "expected X, found Y" messages.
  var found: String {
    switch kind {
    case .eof: return "end of input"
    case .newline: return "newline"
    case .string, .stringBegin, .stringText, .stringEnd: return "string"
    case .name, .number, .error: return "'\(text)'"
    default: return "'\(kind.spelling)'"
    }
  }
}
