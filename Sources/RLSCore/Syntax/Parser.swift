/// Parses RLScript source text into a `Program` (see SPEC.md section 1).
///
/// A recursive-descent parser over the tokens of `Lexer`, with precedence
/// climbing for binary operators. Each parse function starts with a comment
/// giving the grammar rule it parses; tokens in quotes, NAME/NUMBER/STRING for
/// token classes, NL for a newline token.
///
/// ## Spans (what `Expr.span`, `Stmt.span` and friends point at)
/// - Statements, literals, names, lists (`[`), maps (`{`), function literals
///   and declarations (`fn`), `if`, `try`, blocks (`{`), parameters and
///   keyword arguments (their name), interpolated strings (the opening `"`):
///   their first token, with that token's length.
/// - Unary, binary, `and`, `or`: the operator token (`a + b` points at `+`).
/// - Index `x[i]`: the `[`. Field `x.name`: the `.`, with a length covering
///   `.name`.
/// - Call `f(x)`: the start of the callee (`f`); when the callee is a field
///   `m.f`, the length covers `m.f`. A pipeline `x |> f(a)` becomes the call
///   `f(x, a)` with the span of `f`.
/// - Parenthesised expressions have no node of their own: `(a + b)` is the
///   `+` node.
/// - Columns are 1-based Unicode-scalar counts; a length only covers text on
///   the token's first line.
///
/// ## Complete, incomplete, failed
/// The parser stops at the first syntax error found at the end of the input
/// (the input ended inside a bracket, string or interpolation, after a binary
/// operator, `,` or `=`, after `if cond`, `else`, `try { }`, ...) and marks it
/// as not genuine. A newline followed only by the end of input counts as the
/// end. `parse` answers `.incomplete` when every diagnostic is of that kind,
/// `.failure` when any error occurred before the end, and `.success` when
/// there was no error at all.
///
/// ## Recovery
/// After a syntax error the parser skips to the next newline or `;` at the
/// nesting level where the statement started (or to the `}` closing the
/// enclosing block) and carries on, up to 20 errors. Nesting deeper than
/// 200 expressions/blocks stops the parse with one diagnostic, so no input
/// can overflow the stack.
public final class Parser {
  /// Deepest allowed nesting of expressions and blocks.
  static let maxDepth = 200
  /// Parsing stops after this many errors.
  static let maxErrors = 20

  let tokens: [Token]
  /// Index of the current token (never past the final `.eof`).
  var pos = 0
  /// Current nesting depth (see `descend`).
  var depth = 0
  /// Brackets, braces, strings and interpolations opened minus closed, over
  /// the tokens consumed so far; used to resynchronise after an error.
  var openBrackets = 0
  /// Errors found, in the order found.
  var diagnostics: [Diagnostic] = []
  /// How many of `diagnostics` are genuine (not caused by the input ending).
  var genuineErrors = 0
  /// True when parsing stopped at an error at the end of the input.
  var reachedEnd = false

  init(tokens: [Token]) {
    self.tokens = tokens
  }

  /// Parses a unit of source: a file, a REPL entry or a notebook cell.
  ///
  /// Returns `.incomplete` when the input is valid so far but ended too early
  /// (an open bracket, string or block, a trailing operator...): the REPL
  /// asks for another line, the kernel answers `is_complete` with
  /// "incomplete". A script runner should use `parse(_:allowIncomplete:)`
  /// with `false` to get diagnostics instead.
  public static func parse(_ source: Source) -> ParseResult {
    parse(source, allowIncomplete: true)
  }

  /// Parses a unit of source; with `allowIncomplete` false, input that ends
  /// too early is a `.failure` with a diagnostic such as
  /// "expected '}' to close block, found end of input" or
  /// "unterminated string", never `.incomplete`.
  public static func parse(_ source: Source, allowIncomplete: Bool) -> ParseResult {
    let lexer = Lexer.tokenize(source.text)
    let parser = Parser(tokens: lexer.tokens)
    let statements = parser.parseProgram()
    var parserDiagnostics = parser.diagnostics
    if lexer.endedInsideString && parser.reachedEnd && !parserDiagnostics.isEmpty {
      // "expected ')' ..., found end of input" only repeats "unterminated string".
      parserDiagnostics.removeLast()
    }
    let all = lexer.diagnostics + parserDiagnostics
    if all.isEmpty {
      return .success(Program(statements: statements, source: source))
    }
    let lexerGenuine = lexer.diagnostics.count - (lexer.endedInsideString ? 1 : 0)
    if allowIncomplete && lexerGenuine == 0 && parser.genuineErrors == 0 {
      return .incomplete
    }
    let sorted = all.enumerated().sorted { a, b in
      let (x, y) = (a.element.span, b.element.span)
      if x.line != y.line { return x.line < y.line }
      if x.column != y.column { return x.column < y.column }
      return a.offset < b.offset
    }
    return .failure(sorted.prefix(maxErrors).map(\.element))
  }

  // MARK: - Tokens

  /// The current token.
  var current: Token { tokens[pos] }

  /// The kind of the current token.
  var kind: TokenKind { tokens[pos].kind }

  /// The kind of the token `offset` places ahead (`.eof` past the end).
  func peekKind(_ offset: Int = 1) -> TokenKind {
    let j = pos + offset
    return j < tokens.count ? tokens[j].kind : .eof
  }

  /// Consumes and returns the current token (stays on `.eof`).
  @discardableResult
  func advance() -> Token {
    let token = tokens[pos]
    switch token.kind {
    case .eof: return token
    case .lparen, .lbracket, .lbrace, .stringBegin, .interpOpen: openBrackets += 1
    case .rparen, .rbracket, .rbrace, .stringEnd, .interpClose: openBrackets -= 1
    default: break
    }
    pos += 1
    return token
  }

  /// Consumes the current token if it is of `kind`.
  func accept(_ kind: TokenKind) -> Bool {
    guard self.kind == kind else { return false }
    advance()
    return true
  }

  /// Skips newline tokens.
  func skipNewlines() {
    while kind == .newline { advance() }
  }

  /// The index of the first token at or after the current one that is not a
  /// newline (to look for `else`/`catch` on the next line without consuming).
  func indexPastNewlines() -> Int {
    var j = pos
    while j + 1 < tokens.count && tokens[j].kind == .newline { j += 1 }
    return j
  }

  /// True when the current token is the end of input, or newlines up to it.
  var atEnd: Bool {
    tokens[indexPastNewlines()].kind == .eof
  }

  // MARK: - Errors

  /// Records "expected `what`, found <current token>" and returns the
  /// failure to throw.
  @inline(never)
  func expected(_ what: String) -> ParseFailure {
    let found = atEnd ? "end of input" : current.found
    return fail("expected \(what), found \(found)")
  }

  /// Records a syntax error at the current token and returns the failure to
  /// throw: `.abort` at the end of input or after too many errors, else
  /// `.recover`. An `.error` token was already reported by the lexer.
  @inline(never)
  func fail(_ message: String) -> ParseFailure {
    if atEnd {
      reachedEnd = true
      diagnostics.append(Diagnostic(message, at: current.span))
      return .abort
    }
    if kind == .error { return .recover }
    diagnostics.append(Diagnostic(message, at: current.span))
    genuineErrors += 1
    return diagnostics.count >= Parser.maxErrors ? .abort : .recover
  }

  /// Records an error that does not stop the parse (a duplicate keyword, an
  /// invalid assignment target...).
  @inline(never)
  func report(_ message: String, at span: Span) {
    diagnostics.append(Diagnostic(message, at: span))
    genuineErrors += 1
  }

  /// Enters one level of nesting; the caller undoes it with `depth -= 1`.
  /// Throws `.abort` beyond `maxDepth`.
  func descend() throws {
    if depth >= Parser.maxDepth {
      diagnostics.append(Diagnostic("nesting too deep (limit \(Parser.maxDepth))", at: current.span))
      genuineErrors += 1
      throw ParseFailure.abort
    }
    depth += 1
  }

  /// After an error: skips to the next newline or `;` outside the brackets
  /// opened since the statement began (`start` is `openBrackets` then), or to
  /// the `}` that closes the enclosing block, or to the end of input.
  func synchronize(from start: Int) {
    var nest = max(0, openBrackets - start)
    while true {
      switch kind {
      case .eof:
        return
      case .newline, .semicolon:
        if nest == 0 { return }
      case .rbrace:
        if nest == 0 { return }
        nest -= 1
      case .lparen, .lbracket, .lbrace, .stringBegin, .interpOpen:
        nest += 1
      case .rparen, .rbracket, .stringEnd, .interpClose:
        nest = max(0, nest - 1)
      default:
        break
      }
      advance()
    }
  }
}
