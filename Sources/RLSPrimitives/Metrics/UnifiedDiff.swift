/// Python's `difflib.unified_diff` over lines (code-point arrays), with
/// `lineterm=""`: the hunks of `SequenceMatcher(None, a, b)` (autojunk on,
/// as difflib's) grouped with `n` lines of context.
public enum UnifiedDiff {
  /// The diff's lines after the two file headers: per hunk
  /// `@@ -r1 +r2 @@`, then ` ` + context, `-` + removed and `+` + added
  /// lines. Empty when `a` and `b` are equal.
  static func hunkLines(
    _ a: [[UInt32]], _ b: [[UInt32]], context n: Int = 3, shouldStop: (() -> Bool)? = nil
  ) throws -> [[UInt32]] {
    var out: [[UInt32]] = []
    for group in try SequenceMatcher.groupedOpcodes(a, b, context: n, shouldStop: shouldStop) {
      guard let first = group.first, let last = group.last else { continue }
      let header = "@@ -\(range(first.i1, last.i2)) +\(range(first.j1, last.j2)) @@"
      out.append(PythonText.codePoints(header))
      for op in group {
        if op.tag == .equal {
          for line in a[op.i1..<op.i2] { out.append([0x20] + line) }
          continue
        }
        if op.tag == .replace || op.tag == .delete {
          for line in a[op.i1..<op.i2] { out.append([0x2D] + line) }
        }
        if op.tag == .replace || op.tag == .insert {
          for line in b[op.j1..<op.j2] { out.append([0x2B] + line) }
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

  /// Python's `str.splitlines()`: lines split at \n, \r, \r\n, \v, \f,
  /// \x1c, \x1d, \x1e, \x85, U+2028 and U+2029, line ends dropped (no
  /// final empty line for a trailing line end).
  static func splitLines(_ s: [UInt32]) -> [[UInt32]] {
    var lines: [[UInt32]] = []
    var start = 0
    var i = 0
    while i < s.count {
      switch s[i] {
      case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
        lines.append(Array(s[start..<i]))
        i += s[i] == 0x0D && i + 1 < s.count && s[i + 1] == 0x0A ? 2 : 1
        start = i
      default:
        i += 1
      }
    }
    if start < s.count { lines.append(Array(s[start...])) }
    return lines
  }
}
