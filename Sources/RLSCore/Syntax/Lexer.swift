/// Turns RLScript source text into tokens.
///
/// The lexer works on the UTF-8 bytes of the text and counts columns in Unicode
/// scalars (one per non-continuation byte). It runs to the end of the input in
/// one pass, reporting problems as diagnostics and emitting `.error` tokens for
/// text it cannot tokenize, so the parser never sees a gap.
///
/// Newlines: a newline becomes a `.newline` token only where it can end a
/// statement. It is dropped while a `(`, `[` or `${` is the innermost open
/// bracket (inside `{` newlines separate statements, and the parser skips them
/// inside map literals), after a token that cannot end a line
/// (`TokenKind.continuesLine`), after another newline, and when the next line
/// starts with `|>` or `.` (leading-operator pipelines).
struct Lexer {
  /// An open bracket, innermost last. `interp` is a `${` together with the
  /// position of its string's opening quote (for "unterminated string").
  enum Open {
    case paren, bracket, brace
    case interp(Span)
  }

  let bytes: [UInt8]
  var i = 0
  var line = 1
  var col = 1
  /// The tokens produced so far; after `run()` the last one is `.eof`.
  var tokens: [Token] = []
  /// Every problem found, in source order.
  var diagnostics: [Diagnostic] = []
  /// True when the input ended inside a string literal (more input could
  /// complete it); the "unterminated string" diagnostic is then not genuine.
  var endedInsideString = false
  var stack: [Open] = []
  /// Newlines before this byte offset are continuation lines (found by
  /// looking ahead for a leading `|>` or `.`).
  var continuationUntil = -1
  /// Byte offset just past the last invalid character, to report a run of
  /// them once.
  var lastInvalidEnd = -1

  /// Creates a lexer over `text`; call `run()` to tokenize it.
  init(_ text: String) {
    bytes = Array(text.utf8)
  }

  /// Tokenizes `text` and returns the finished lexer (tokens, diagnostics).
  static func tokenize(_ text: String) -> Lexer {
    var lexer = Lexer(text)
    lexer.run()
    return lexer
  }

  /// Lexes the whole input.
  mutating func run() {
    let n = bytes.count
    if n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }  // BOM
    tokens.reserveCapacity(n / 4 + 1)
    while i < n {
      let b = bytes[i]
      switch b {
      case 0x20, 0x09, 0x0D:  // space, tab, CR (CRLF line ends)
        i += 1
        col += 1
      case 0x0A:
        lexNewline()
      case UInt8(ascii: "#"):
        skipComment()
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        lexNumber()
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
        lexName()
      case UInt8(ascii: "\""):
        lexStringStart()
      case 0x80...0xFF:
        if let (scalar, _) = decodeScalar(at: i), scalar.properties.isXIDStart {
          lexName()
        } else {
          lexInvalidCharacter()
        }
      default:
        lexPunctuation(b)
      }
    }
    tokens.append(Token(.eof, Span(line: line, column: col)))
  }

  // MARK: - Emitting

  /// Appends a token of `kind` that started at (`line`, `column`) and ends at
  /// the current position.
  mutating func emit(_ kind: TokenKind, line: Int, column: Int, text: String = "", number: Double = 0) {
    let length = line == self.line ? col - column : 1
    tokens.append(Token(kind, Span(line: line, column: column, length: length), text: text, number: number))
  }

  /// Records a diagnostic.
  mutating func report(_ message: String, line: Int, column: Int, length: Int = 1) {
    diagnostics.append(Diagnostic(message, at: Span(line: line, column: column, length: length)))
  }

  // MARK: - Layout

  /// Handles a `\n` in code (not inside a string).
  mutating func lexNewline() {
    let span = Span(line: line, column: col)
    let significant = newlineIsSignificant()
    i += 1
    line += 1
    col = 1
    if significant { tokens.append(Token(.newline, span)) }
  }

  /// Whether the newline at `i` ends a statement (see the type's comment).
  mutating func newlineIsSignificant() -> Bool {
    switch stack.last {
    case .paren?, .bracket?, .interp?: return false
    case .brace?, nil: break
    }
    guard let last = tokens.last, last.kind != .newline, !last.kind.continuesLine else { return false }
    if i < continuationUntil { return false }
    // Look past blank lines and comments for a leading `|>` or `.`.
    var j = i
    let n = bytes.count
    while j < n {
      let c = bytes[j]
      if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A {
        j += 1
      } else if c == UInt8(ascii: "#") {
        while j < n && bytes[j] != 0x0A { j += 1 }
      } else {
        break
      }
    }
    if j < n {
      let c = bytes[j]
      let next: UInt8 = j + 1 < n ? bytes[j + 1] : 0
      if c == UInt8(ascii: ".") || (c == UInt8(ascii: "|") && next == UInt8(ascii: ">")) {
        continuationUntil = j
        return false
      }
    }
    return true
  }

  /// Skips a `#` comment up to (not including) the newline.
  mutating func skipComment() {
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if b == 0x0A { return }
      if (b < 0x20 && b != 0x09 && b != 0x0D) || b == 0x7F {
        report("invalid character \(Lexer.codePoint(UInt32(b))) in comment", line: line, column: col)
      }
      i += 1
      if b & 0xC0 != 0x80 { col += 1 }
    }
  }

  // MARK: - Names

  /// Lexes an identifier or keyword (ASCII letters, digits, `_`, and Unicode
  /// XID characters).
  mutating func lexName() {
    let start = i
    let startCol = col
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if Lexer.isNameByte(b) {
        i += 1
        col += 1
      } else if b >= 0x80, let (scalar, length) = decodeScalar(at: i), scalar.properties.isXIDContinue {
        i += length
        col += 1
      } else {
        break
      }
    }
    let text = String(decoding: bytes[start..<i], as: UTF8.self)
    emit(TokenKind.keywords[text] ?? .name, line: line, column: startCol, text: text)
  }

  /// True for ASCII letters, digits and `_`.
  static func isNameByte(_ b: UInt8) -> Bool {
    (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
      || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
  }

  // MARK: - Punctuation and operators

  /// Lexes punctuation or an operator starting with the ASCII byte `b`.
  mutating func lexPunctuation(_ b: UInt8) {
    let startCol = col
    let next: UInt8 = i + 1 < bytes.count ? bytes[i + 1] : 0
    let eq = next == UInt8(ascii: "=")
    var kind: TokenKind
    var width = 1
    switch b {
    case UInt8(ascii: "("): kind = .lparen; stack.append(.paren)
    case UInt8(ascii: "["): kind = .lbracket; stack.append(.bracket)
    case UInt8(ascii: "{"): kind = .lbrace; stack.append(.brace)
    case UInt8(ascii: ")"):
      kind = .rparen
      if case .paren? = stack.last { stack.removeLast() }
    case UInt8(ascii: "]"):
      kind = .rbracket
      if case .bracket? = stack.last { stack.removeLast() }
    case UInt8(ascii: "}"):
      closeBrace()
      return
    case UInt8(ascii: ","): kind = .comma
    case UInt8(ascii: ":"): kind = .colon
    case UInt8(ascii: ";"): kind = .semicolon
    case UInt8(ascii: "."): kind = .dot
    case UInt8(ascii: "@"): kind = .at
    case UInt8(ascii: "%"): kind = .percent
    case UInt8(ascii: "+"): kind = eq ? .plusAssign : .plus; width = eq ? 2 : 1
    case UInt8(ascii: "-"): kind = eq ? .minusAssign : .minus; width = eq ? 2 : 1
    case UInt8(ascii: "/"): kind = eq ? .slashAssign : .slash; width = eq ? 2 : 1
    case UInt8(ascii: "="): kind = eq ? .eqEq : .assign; width = eq ? 2 : 1
    case UInt8(ascii: "<"): kind = eq ? .lessEq : .less; width = eq ? 2 : 1
    case UInt8(ascii: ">"): kind = eq ? .greaterEq : .greater; width = eq ? 2 : 1
    case UInt8(ascii: "*"):
      if next == UInt8(ascii: "*") {
        kind = .starStar; width = 2
      } else {
        kind = eq ? .starAssign : .star; width = eq ? 2 : 1
      }
    case UInt8(ascii: "!") where eq: kind = .bangEq; width = 2
    case UInt8(ascii: "|") where next == UInt8(ascii: ">"): kind = .pipe; width = 2
    default:
      lexInvalidCharacter()
      return
    }
    i += width
    col += width
    emit(kind, line: line, column: startCol)
  }

  /// Handles `}`: closes a `{`, or ends a `${...}` interpolation and resumes
  /// the string around it. Unclosed `(`/`[` inside are dropped.
  mutating func closeBrace() {
    let startCol = col
    i += 1
    col += 1
    let target = stack.lastIndex { open in
      if case .paren = open { return false }
      if case .bracket = open { return false }
      return true
    }
    if let target {
      let open = stack[target]
      stack.removeSubrange(target...)
      if case .interp(let quote) = open {
        emit(.interpClose, line: line, column: startCol)
        lexStringBody(quote: quote, begun: true)
        return
      }
    }
    emit(.rbrace, line: line, column: startCol)
  }

  /// Reports the character at `i` as invalid and emits an `.error` token
  /// (a run of invalid characters is reported once).
  mutating func lexInvalidCharacter() {
    let startCol = col
    let start = i
    let (scalar, length) = decodeScalar(at: i) ?? ("\u{FFFD}" as Unicode.Scalar, 1)
    i += length
    col += 1
    let shown = Lexer.describe(scalar)
    if start != lastInvalidEnd {
      var message = "invalid character \(shown)"
      switch scalar {
      case "!": message += "; use 'not' or '!='"
      case "&": message += "; use 'and'"
      case "|": message += "; use 'or' or '|>'"
      case "'": message += "; strings use double quotes"
      default: break
      }
      report(message, line: line, column: startCol)
      emit(.error, line: line, column: startCol, text: String(scalar))
    }
    lastInvalidEnd = i
  }

  // MARK: - Unicode helpers

  /// Decodes the UTF-8 scalar starting at byte `at`, with its length in
  /// bytes; nil if the bytes there are not a well-formed scalar.
  func decodeScalar(at index: Int) -> (Unicode.Scalar, Int)? {
    let n = bytes.count
    guard index < n else { return nil }
    let b0 = UInt32(bytes[index])
    var length = 0
    var value: UInt32 = 0
    if b0 < 0x80 {
      return Unicode.Scalar(b0).map { ($0, 1) }
    } else if b0 & 0xE0 == 0xC0 {
      length = 2; value = b0 & 0x1F
    } else if b0 & 0xF0 == 0xE0 {
      length = 3; value = b0 & 0x0F
    } else if b0 & 0xF8 == 0xF0 {
      length = 4; value = b0 & 0x07
    } else {
      return nil
    }
    guard index + length <= n else { return nil }
    for k in 1..<length {
      let b = UInt32(bytes[index + k])
      guard b & 0xC0 == 0x80 else { return nil }
      value = (value << 6) | (b & 0x3F)
    }
    return Unicode.Scalar(value).map { ($0, length) }
  }

  /// A character for a message: `'§'`, or `U+0000` when it is invisible.
  static func describe(_ scalar: Unicode.Scalar) -> String {
    let v = scalar.value
    let invisible =
      v < 0x20 || (v >= 0x7F && v <= 0xA0) || scalar.properties.isWhitespace
      || scalar.properties.generalCategory == .format || scalar.properties.generalCategory == .control
    return invisible ? codePoint(v) : "'\(scalar)'"
  }

  /// `U+00XX` notation.
  static func codePoint(_ v: UInt32) -> String {
    let hex = String(v, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}
