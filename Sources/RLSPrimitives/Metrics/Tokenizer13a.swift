/// sacrebleu's default tokenizer, `13a` (equivalent to mteval-v13a, used by
/// WMT): removes `<skipped>`, joins hyphenated line breaks, unescapes
/// `&quot; &amp; &lt; &gt;`, then applies four regular-expression rules —
/// each ASCII punctuation mark except `' , - .` becomes a token; `.` and `,`
/// split unless preceded by a digit, then unless followed by one; `-` splits
/// after a digit — and splits on whitespace. The rules are applied as
/// Python's `re.sub` does: leftmost, non-overlapping matches.
public enum Tokenizer13a {
  /// The tokens of `line`.
  public static func tokenize(_ line: String) -> [String] {
    tokenize(codePoints: PythonText.codePoints(line)).map { PythonText.string($0) }
  }

  /// The tokens of `line` (code points), as code-point slices.
  static func tokenize(codePoints line: [UInt32]) -> [ArraySlice<UInt32>] {
    var s = line
    s = PythonText.replace(s, cps("<skipped>"), [])
    s = PythonText.replace(s, cps("-\n"), [])
    s = PythonText.replace(s, [0x0A], [0x20])
    if s.contains(0x26) {
      s = PythonText.replace(s, cps("&quot;"), cps("\""))
      s = PythonText.replace(s, cps("&amp;"), cps("&"))
      s = PythonText.replace(s, cps("&lt;"), cps("<"))
      s = PythonText.replace(s, cps("&gt;"), cps(">"))
    }
    s = [0x20] + s + [0x20]
    return PythonText.split(regexpRules(s))
  }

  private static func cps(_ s: String) -> [UInt32] { PythonText.codePoints(s) }

  @inline(__always) private static func isDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }
  @inline(__always) private static func isPeriodOrComma(_ c: UInt32) -> Bool { c == 0x2E || c == 0x2C }

  /// `[\{-\~\[-\` -\&\(-\+\:-\@\/]`: ASCII punctuation (and space) but
  /// `' , - .`.
  @inline(__always) private static func isSplitPunctuation(_ c: UInt32) -> Bool {
    switch c {
    case 0x7B...0x7E, 0x5B...0x60, 0x20...0x26, 0x28...0x2B, 0x3A...0x40, 0x2F: return true
    default: return false
    }
  }

  /// sacrebleu's `TokenizerRegexp` rules, in order.
  static func regexpRules(_ input: [UInt32]) -> [UInt32] {
    let space: UInt32 = 0x20
    // ([\{-\~\[-\` -\&\(-\+\:-\@\/]) -> ' \1 '
    var a: [UInt32] = []
    a.reserveCapacity(input.count * 2)
    for c in input {
      if isSplitPunctuation(c) {
        a.append(space)
        a.append(c)
        a.append(space)
      } else {
        a.append(c)
      }
    }
    // ([^0-9])([\.,]) -> '\1 \2 '
    var b: [UInt32] = []
    b.reserveCapacity(a.count + 16)
    var i = 0
    while i < a.count {
      if i + 1 < a.count && !isDigit(a[i]) && isPeriodOrComma(a[i + 1]) {
        b.append(a[i])
        b.append(space)
        b.append(a[i + 1])
        b.append(space)
        i += 2
      } else {
        b.append(a[i])
        i += 1
      }
    }
    // ([\.,])([^0-9]) -> ' \1 \2'
    var c: [UInt32] = []
    c.reserveCapacity(b.count + 16)
    i = 0
    while i < b.count {
      if i + 1 < b.count && isPeriodOrComma(b[i]) && !isDigit(b[i + 1]) {
        c.append(space)
        c.append(b[i])
        c.append(space)
        c.append(b[i + 1])
        i += 2
      } else {
        c.append(b[i])
        i += 1
      }
    }
    // ([0-9])(-) -> '\1 \2 '
    var d: [UInt32] = []
    d.reserveCapacity(c.count + 16)
    i = 0
    while i < c.count {
      if i + 1 < c.count && isDigit(c[i]) && c[i + 1] == 0x2D {
        d.append(c[i])
        d.append(space)
        d.append(c[i + 1])
        d.append(space)
        i += 2
      } else {
        d.append(c[i])
        i += 1
      }
    }
    return d
  }
}
