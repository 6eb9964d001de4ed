/// Python's `difflib.unified_diff` over the lines of UTF-8 text, with
/// `lineterm=""`: the hunks of `SequenceMatcher(None, a, b)` (autojunk on,
/// as difflib's) grouped with `n` lines of context. Lines compare byte for
/// byte, which for valid UTF-8 is Python's code-point comparison.
public enum UnifiedDiff {
  /// One line (without its line end), sharing the text's storage, with its
  /// hash computed once so the matcher's table hashes a number per line.
  struct Line: Hashable {
    let bytes: ArraySlice<UInt8>
    let hash: Int

    init(_ bytes: ArraySlice<UInt8>) {
      self.bytes = bytes
      // Eight bytes at a time, each word mixed by a multiply and a shift;
      // the tail byte by byte; the length last.
      var h: UInt64 = 0x9E37_79B9_7F4A_7C15
      bytes.withUnsafeBytes { raw in
        var i = 0
        while i + 8 <= raw.count {
          h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
          h ^= h >> 29
          i += 8
        }
        while i < raw.count {
          h = (h ^ UInt64(raw[i])) &* 0x100_0000_01B3
          i += 1
        }
      }
      h = (h ^ UInt64(bytes.count)) &* 0xC4CE_B9FE_1A85_EC53
      hash = Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    static func == (x: Line, y: Line) -> Bool { x.hash == y.hash && x.bytes.elementsEqual(y.bytes) }
    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
  }

  /// The diff's lines after the two file headers, each ended by "\n"
  /// except the last: per hunk `@@ -r1 +r2 @@`, then ` ` + context, `-` +
  /// removed and `+` + added lines. Empty when `a` and `b` are equal.
  static func hunks(_ a: [Line], _ b: [Line], context n: Int = 3, shouldStop: (() -> Bool)? = nil) throws -> [UInt8] {
    var out: [UInt8] = []
    func line(_ prefix: UInt8, _ l: Line) {
      if !out.isEmpty { out.append(0x0A) }
      out.append(prefix)
      out.append(contentsOf: l.bytes)
    }
    for group in try SequenceMatcher.groupedOpcodes(a, b, context: n, shouldStop: shouldStop) {
      guard let first = group.first, let last = group.last else { continue }
      if !out.isEmpty { out.append(0x0A) }
      out.append(contentsOf: "@@ -\(range(first.i1, last.i2)) +\(range(first.j1, last.j2)) @@".utf8)
      for op in group {
        if op.tag == .equal {
          for l in a[op.i1..<op.i2] { line(0x20, l) }
          continue
        }
        if op.tag == .replace || op.tag == .delete {
          for l in a[op.i1..<op.i2] { line(0x2D, l) }
        }
        if op.tag == .replace || op.tag == .insert {
          for l in b[op.j1..<op.j2] { line(0x2B, l) }
        }
      }
    }
    return out
  }

  /// difflib's `_format_range_unified`: `start,length` from 1, the line
  /// number alone for one line, and the line before for an empty range.
  static func range(_ start: Int, _ stop: Int) -> String {
    let length = stop - start
    if length == 1 { return "\(start + 1)" }
    return "\(length == 0 ? start : start + 1),\(length)"
  }

  /// Python's `str.splitlines()` on UTF-8 text: lines split at \n, \r,
  /// \r\n, \v, \f, \x1c, \x1d, \x1e, U+0085, U+2028 and U+2029, line ends
  /// dropped (no final empty line for a trailing line end).
  static func splitLines(_ s: [UInt8]) -> [Line] {
    var lines: [Line] = []
    var start = 0
    var i = 0
    while i < s.count {
      let c = s[i]
      var end = 0  // the line end's length, 0 when none starts here
      switch c {
      case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E: end = 1
      case 0x0D: end = i + 1 < s.count && s[i + 1] == 0x0A ? 2 : 1
      case 0xC2: end = i + 1 < s.count && s[i + 1] == 0x85 ? 2 : 0
      case 0xE2: end = i + 2 < s.count && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9) ? 3 : 0
      default: break
      }
      if end > 0 {
        lines.append(Line(s[start..<i]))
        i += end
        start = i
      } else {
        i += 1
      }
    }
    if start < s.count { lines.append(Line(s[start...])) }
    return lines
  }
}
