/// The inputs (and text outputs) of this kernel session's executions with
/// store_history, numbered by execution count.
struct History {
  struct Entry {
    var line: Int
    var input: String
    var output: String?
  }
  /// This session's number in history replies (there is no history database:
  /// earlier sessions are not kept).
  static let session = 1
  private(set) var entries: [Entry] = []

  mutating func record(line: Int, input: String) { entries.append(Entry(line: line, input: input)) }

  mutating func setOutput(line: Int, _ output: String) {
    if let i = entries.lastIndex(where: { $0.line == line }) { entries[i].output = output }
  }

  /// The last `n` entries.
  func tail(_ n: Int) -> [Entry] { Array(entries.suffix(max(0, n))) }

  /// Lines `start..<stop` (stop nil: to the end) of a session: 0 or 1 is this
  /// one, negative counts back from it (none kept).
  func range(session: Int, start: Int, stop: Int?) -> [Entry] {
    guard session == 0 || session == History.session else { return [] }
    return entries.filter { entry in entry.line >= start && (stop.map { entry.line < $0 } ?? true) }
  }

  /// Entries whose input matches a glob (`*`, `?`), the last `n` (nil: all), optionally without repeats.
  func search(_ pattern: String, n: Int?, unique: Bool) -> [Entry] {
    var found = entries.filter { History.glob(Array(pattern.unicodeScalars), Array($0.input.unicodeScalars)) }
    if unique {
      var seen: Set<String> = []
      found = found.reversed().filter { seen.insert($0.input).inserted }.reversed()
    }
    if let n { found = Array(found.suffix(max(0, n))) }
    return found
  }

  /// SQLite-style GLOB: `*` any run, `?` one character, case-sensitive.
  static func glob(_ p: [Unicode.Scalar], _ s: [Unicode.Scalar]) -> Bool {
    var (pi, si) = (0, 0)
    var star = -1
    var mark = 0
    while si < s.count {
      if pi < p.count && p[pi] == "*" {
        star = pi
        mark = si
        pi += 1
      } else if pi < p.count && (p[pi] == "?" || p[pi] == s[si]) {
        pi += 1
        si += 1
      } else if star >= 0 {
        pi = star + 1
        mark += 1
        si = mark
      } else {
        return false
      }
    }
    while pi < p.count && p[pi] == "*" { pi += 1 }
    return pi == p.count
  }
}
