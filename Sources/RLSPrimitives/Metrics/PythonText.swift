/// Python's string operations on code points, as the text metrics'
/// references (sacrebleu) apply them: `str.split()`, `str.rstrip()`,
/// `str.lower()` and `str.replace()`. Text is handled as arrays of Unicode
/// scalar values, Python's unit of `len` and indexing.
enum PythonText {
  /// The code points of `s`.
  static func codePoints(_ s: String) -> [UInt32] {
    s.unicodeScalars.map(\.value)
  }

  /// A string from code points.
  static func string<C: Collection>(_ cps: C) -> String where C.Element == UInt32 {
    var s = String.UnicodeScalarView()
    for c in cps { if let u = Unicode.Scalar(c) { s.append(u) } }
    return String(s)
  }

  /// Python's `str.isspace()` for one code point.
  @inline(__always)
  static func isSpace(_ c: UInt32) -> Bool {
    switch c {
    case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
      return true
    default:
      return false
    }
  }

  /// Python's `str.split()` (no argument): the runs of non-whitespace.
  static func split(_ s: [UInt32]) -> [ArraySlice<UInt32>] {
    var out: [ArraySlice<UInt32>] = []
    var i = 0
    while i < s.count {
      while i < s.count && isSpace(s[i]) { i += 1 }
      let start = i
      while i < s.count && !isSpace(s[i]) { i += 1 }
      if i > start { out.append(s[start..<i]) }
    }
    return out
  }

  /// Python's `''.join(s.split())`: `s` without its whitespace.
  static func removeSpaces(_ s: [UInt32]) -> [UInt32] {
    s.filter { !isSpace($0) }
  }

  /// Python's `str.rstrip()` (no argument).
  static func rstrip(_ s: [UInt32]) -> [UInt32] {
    var end = s.count
    while end > 0 && isSpace(s[end - 1]) { end -= 1 }
    return Array(s[0..<end])
  }

  /// Python's `str.replace(old, new)`: every non-overlapping occurrence,
  /// left to right (`old` not empty).
  static func replace(_ s: [UInt32], _ old: [UInt32], _ new: [UInt32]) -> [UInt32] {
    guard !old.isEmpty, s.count >= old.count else { return s }
    var out: [UInt32] = []
    out.reserveCapacity(s.count)
    var i = 0
    let last = s.count - old.count
    while i < s.count {
      if i <= last && s[i] == old[0] && s[i..<(i + old.count)].elementsEqual(old) {
        out.append(contentsOf: new)
        i += old.count
      } else {
        out.append(s[i])
        i += 1
      }
    }
    return out
  }

  /// Python's `str.lower()`: each code point's full lowercase mapping, with
  /// capital sigma becoming final sigma (ς) after a cased letter and not
  /// before one (case-ignorable code points skipped), as CPython does.
  static func lower(_ s: [UInt32]) -> [UInt32] {
    var out: [UInt32] = []
    out.reserveCapacity(s.count)
    for (i, c) in s.enumerated() {
      if c < 0x80 {
        out.append(c >= 0x41 && c <= 0x5A ? c + 32 : c)
        continue
      }
      guard let u = Unicode.Scalar(c) else {
        out.append(c)
        continue
      }
      if c == 0x3A3 {
        out.append(finalSigma(s, i) ? 0x3C2 : 0x3C3)
        continue
      }
      for m in u.properties.lowercaseMapping.unicodeScalars { out.append(m.value) }
    }
    return out
  }

  private static func properties(_ c: UInt32) -> Unicode.Scalar.Properties? {
    Unicode.Scalar(c)?.properties
  }

  /// Whether the capital sigma at `i` is in the Final_Sigma context.
  private static func finalSigma(_ s: [UInt32], _ i: Int) -> Bool {
    var j = i - 1
    while j >= 0, properties(s[j])?.isCaseIgnorable == true { j -= 1 }
    guard j >= 0, properties(s[j])?.isCased == true else { return false }
    j = i + 1
    while j < s.count, properties(s[j])?.isCaseIgnorable == true { j += 1 }
    return j == s.count || properties(s[j])?.isCased != true
  }
}

/// Gives each distinct token (a code-point sequence) a small integer id, so
/// the n-gram matcher can work on words as it does on token ids. Tokens are
/// compared code point by code point, as Python compares strings (Swift's
/// `String` equality would merge canonically equivalent spellings).
struct TokenInterner {
  private var ids: [[UInt32]: Int] = [:]

  /// The id of `token`, new ones numbered from 0 in order of appearance.
  mutating func id<C: Collection>(_ token: C) -> Int where C.Element == UInt32 {
    let key = Array(token)
    if let id = ids[key] { return id }
    let id = ids.count
    ids[key] = id
    return id
  }

  /// The ids of `tokens`.
  mutating func ids<C: Collection>(_ tokens: [C]) -> [Int] where C.Element == UInt32 {
    tokens.map { id($0) }
  }
}
