/// String literals: escapes, multi-line text and `${...}` interpolation.
extension Lexer {
  /// Lexes from an opening `"`.
  mutating func lexStringStart() {
    let quote = Span(line: line, column: col)
    i += 1
    col += 1
    lexStringBody(quote: quote, begun: false)
  }

  /// Lexes string text up to the closing `"` or the next `${`.
  ///
  /// `begun` is true once a `stringBegin` token was emitted for this string
  /// (it has an interpolation). A string without interpolation becomes one
  /// `.string` token whose span starts at the quote. At `${` the lexer emits
  /// the pieces so far, pushes an `.interp` and returns to code; the matching
  /// `}` (see `closeBrace`) calls this again with `begun` true.
  mutating func lexStringBody(quote: Span, begun: Bool) {
    var buffer: [UInt8] = []
    var textLine = line
    var textCol = col
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      switch b {
      case UInt8(ascii: "\""):
        i += 1
        col += 1
        finishString(buffer, quote: quote, begun: begun, textLine: textLine, textCol: textCol)
        return
      case UInt8(ascii: "\\"):
        lexEscape(into: &buffer)
      case UInt8(ascii: "$") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "{"):
        if !begun { tokens.append(Token(.stringBegin, quote)) }
        if !buffer.isEmpty {
          emit(.stringText, line: textLine, column: textCol, text: String(decoding: buffer, as: UTF8.self))
        }
        let openCol = col
        i += 2
        col += 2
        emit(.interpOpen, line: line, column: openCol)
        stack.append(.interp(quote))
        return
      case 0x0A:
        buffer.append(b)
        i += 1
        line += 1
        col = 1
      case 0x0D where i + 1 < n && bytes[i + 1] == 0x0A:
        i += 1  // CRLF inside a string is stored as LF
        col += 1
      case 0x00..<0x20 where b != 0x09 && b != 0x0D, 0x7F:
        report("invalid character \(Lexer.codePoint(UInt32(b))) in string; use an escape such as \\n or \\u{...}", line: line, column: col)
        i += 1
        col += 1
      default:
        buffer.append(b)
        i += 1
        if b & 0xC0 != 0x80 { col += 1 }
      }
      if buffer.isEmpty {
        textLine = line
        textCol = col
      }
    }
    // End of input inside the string.
    endedInsideString = true
    diagnostics.append(Diagnostic("unterminated string", at: quote))
    finishString(buffer, quote: quote, begun: begun, textLine: textLine, textCol: textCol)
  }

  /// Emits the tokens that end a string: one `.string` for a plain string,
  /// or the last `stringText` and `stringEnd` for an interpolated one.
  mutating func finishString(_ buffer: [UInt8], quote: Span, begun: Bool, textLine: Int, textCol: Int) {
    let text = String(decoding: buffer, as: UTF8.self)
    if begun {
      if !buffer.isEmpty { emit(.stringText, line: textLine, column: textCol, text: text) }
      let endCol = max(1, col - 1)
      tokens.append(Token(.stringEnd, Span(line: line, column: endCol)))
    } else {
      emit(.string, line: quote.line, column: quote.column, text: text)
    }
  }

  /// Lexes an escape sequence at the backslash `i`, appending its UTF-8.
  /// A backslash before a line break removes both. Unknown escapes are reported and dropped (the character after the
  /// backslash is then read as ordinary text).
  mutating func lexEscape(into buffer: inout [UInt8]) {
    let escCol = col
    let n = bytes.count
    i += 1
    col += 1
    guard i < n else { return }  // the caller reports the unterminated string
    let c = bytes[i]
    var value: UInt8
    switch c {
    case UInt8(ascii: "n"): value = 0x0A
    case UInt8(ascii: "t"): value = 0x09
    case UInt8(ascii: "r"): value = 0x0D
    case UInt8(ascii: "0"): value = 0x00
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"): value = c
    case UInt8(ascii: "u"):
      lexUnicodeEscape(into: &buffer, escCol: escCol)
      return
    case 0x0A:
      // A backslash at the end of a line joins the next line.
      i += 1
      line += 1
      col = 1
      return
    case 0x0D where i + 1 < n && bytes[i + 1] == 0x0A:
      i += 2
      line += 1
      col = 1
      return
    default:
      let shown: String
      if let (scalar, _) = decodeScalar(at: i), Lexer.describe(scalar).hasPrefix("'") {
        shown = "'\\\(scalar)'"
      } else {
        shown = "'\\' followed by \(decodeScalar(at: i).map { Lexer.describe($0.0) } ?? "an invalid byte")"
      }
      report("unknown escape sequence \(shown) (valid: \\n \\t \\r \\\" \\\\ \\$ \\0 \\u{...})", line: line, column: escCol, length: 2)
      return
    }
    buffer.append(value)
    i += 1
    col += 1
  }

  /// Lexes `u{XXXX}` after a backslash (1 to 8 hex digits naming a Unicode
  /// scalar).
  mutating func lexUnicodeEscape(into buffer: inout [UInt8], escCol: Int) {
    let n = bytes.count
    i += 1  // 'u'
    col += 1
    guard i < n, bytes[i] == UInt8(ascii: "{") else {
      report("expected '{' after '\\u' in unicode escape", line: line, column: escCol, length: 2)
      return
    }
    i += 1
    col += 1
    var value: UInt32 = 0
    var digits = 0
    while i < n, let d = Lexer.hexValue(bytes[i]) {
      if digits < 8 { value = value << 4 | UInt32(d) }
      digits += 1
      i += 1
      col += 1
    }
    guard i < n, bytes[i] == UInt8(ascii: "}") else {
      report("expected '}' to close unicode escape", line: line, column: escCol, length: max(2, col - escCol))
      return
    }
    i += 1
    col += 1
    guard digits >= 1, digits <= 8, let scalar = Unicode.Scalar(value) else {
      report("invalid unicode escape: not a Unicode scalar value", line: line, column: escCol, length: col - escCol)
      return
    }
    buffer.append(contentsOf: String(scalar).utf8)
  }

  /// The value of an ASCII hex digit, or nil.
  static func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
