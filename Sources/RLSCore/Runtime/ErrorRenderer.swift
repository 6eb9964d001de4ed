/// Turns errors into the text users see:
/// ```
/// train.rls:12:17: error: ope.ips: action_dist has 9 rows but reward has 10
///    12 | let v = ope.ips(fb)
///       |                 ^
///   at evaluate (train.rls:12)
/// ```
public enum ErrorRenderer {
  /// The full block: every diagnostic of a syntax error, or the error with its trace.
  public static func render(_ e: RLSError) -> String {
    if !e.diagnostics.isEmpty, let src = e.source {
      return e.diagnostics.map { block(src, $0.span, $0.message) }.joined(separator: "\n")
    }
    var out: String
    if let src = e.source, let span = e.span, span.line > 0 {
      out = block(src, span, e.message)
    } else {
      out = "error: \(e.message)"
    }
    for t in e.trace { out += "\n  at \(t.function) (\(t.sourceName):\(t.line))" }
    return out
  }

  /// One `file:line:col: error: message` block with the source line and caret.
  public static func block(_ src: Source, _ span: Span, _ message: String) -> String {
    let line = src.line(span.line)
    let number = String(span.line)
    let gutter = String(repeating: " ", count: max(1, 5 - number.count))
    let empty = String(repeating: " ", count: gutter.count + number.count)
    var pad = ""
    for (i, ch) in line.unicodeScalars.enumerated() where i < span.column - 1 {
      pad.unicodeScalars.append(ch == "\t" ? "\t" : " ")
    }
    let visible = max(1, min(span.length, max(1, line.unicodeScalars.count - span.column + 1)))
    return "\(src.name):\(span.line):\(span.column): error: \(message)\n"
      + "\(gutter)\(number) | \(line)\n"
      + "\(empty) | \(pad)\(String(repeating: "^", count: visible))"
  }

  /// A one-line form: `file:line:col: message` (for the kernel's evalue and logs).
  public static func oneLine(_ e: RLSError) -> String {
    if let src = e.source, let span = e.span, span.line > 0 {
      return "\(src.name):\(span.line):\(span.column): \(e.message)"
    }
    return e.message
  }
}
