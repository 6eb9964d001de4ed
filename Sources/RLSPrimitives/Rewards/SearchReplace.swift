/// The answer format of SWE-RL (Wei et al. 2025, facebookresearch/swe-rl,
/// `swerl/core/reward.py`): a model output `<think>…</think><solution>…</solution>`
/// whose solution holds SEARCH/REPLACE edits, each a fenced block
///
///     ```<anything>
///     ### path/to/file
///     <<<<<<< SEARCH
///     old lines
///     =======
///     new lines
///     >>>>>>> REPLACE
///     ```
///
/// All text is handled as code points, as the Python reference does.
enum SearchReplace {
  /// A violation of the format; the reward is then -1.
  struct FormatError: Error {
    var message: String
    init(_ message: String) { self.message = message }
  }

  /// One edit: replace `search` by `replace`.
  struct Edit {
    var search: [UInt32]
    var replace: [UInt32]
  }

  /// The thought and the solution: each of `<think>`, `</think>`,
  /// `<solution>`, `</solution>` must occur exactly once; the thought is the
  /// text after `<think>` up to the first `</think>` after it (or the end),
  /// the solution likewise, both stripped of Python whitespace. An empty
  /// thought is an error.
  static func thoughtAndSolution(_ output: [UInt32]) throws -> (thought: [UInt32], solution: [UInt32]) {
    let tags = ["<think>", "</think>", "<solution>", "</solution>"].map(PythonText.codePoints)
    for tag in tags {
      let n = occurrences(of: tag, in: output).count
      guard n == 1 else {
        throw FormatError("the output must contain \(PythonText.string(tag)) exactly once, found \(n)")
      }
    }
    func between(_ open: [UInt32], _ close: [UInt32]) -> [UInt32] {
      let start = (occurrences(of: open, in: output).first ?? 0) + open.count
      let rest = Array(output[start...])
      let end = occurrences(of: close, in: rest).first ?? rest.count
      return strip(rest[0..<end])
    }
    let thought = between(tags[0], tags[1])
    guard !thought.isEmpty else { throw FormatError("the thought between <think> and </think> is empty") }
    return (thought, between(tags[2], tags[3]))
  }

  /// The edits of the fenced blocks, grouped by file path in order of first
  /// appearance — the matches, left to right and not overlapping, of
  /// SWE-RL's pattern: "```" and the rest of its line, a line "### PATH",
  /// a line "<<<<<<< SEARCH", the shortest search text followed by a line
  /// "=======", the shortest replace text followed by the lines
  /// ">>>>>>> REPLACE" and "```" (the closing fence may go on).
  static func edits(_ text: [UInt32]) -> [(path: [UInt32], edits: [Edit])] {
    let fence = PythonText.codePoints("```")
    let header = PythonText.codePoints("### ")
    let searchLine = PythonText.codePoints("\n<<<<<<< SEARCH\n")
    let divider = PythonText.codePoints("\n=======\n")
    let closing = PythonText.codePoints("\n>>>>>>> REPLACE\n```")
    var files: [(path: [UInt32], edits: [Edit])] = []
    var index: [[UInt32]: Int] = [:]
    // A marker absent from position p on is absent from any later position:
    // remember the smallest such p to keep failed attempts linear.
    var noDivider = Int.max
    var noClosing = Int.max
    var i = 0
    while i + fence.count <= text.count {
      guard hasPrefix(text, fence, at: i) else {
        i += 1
        continue
      }
      // The fence line ends at the first newline; the header line follows.
      guard let nl = firstIndex(of: 0x0A, in: text, from: i + fence.count), hasPrefix(text, header, at: nl + 1),
        let pathEnd = firstIndex(of: 0x0A, in: text, from: nl + 1 + header.count),
        hasPrefix(text, searchLine, at: pathEnd)
      else {
        i += 1
        continue
      }
      let searchStart = pathEnd + searchLine.count
      guard searchStart < noDivider, let d = find(divider, in: text, from: searchStart) else {
        noDivider = min(noDivider, searchStart)
        i += 1
        continue
      }
      let replaceStart = d + divider.count
      guard replaceStart < noClosing, let e = find(closing, in: text, from: replaceStart) else {
        noClosing = min(noClosing, replaceStart)
        i += 1
        continue
      }
      let path = Array(text[(nl + 1 + header.count)..<pathEnd])
      let edit = Edit(search: Array(text[searchStart..<d]), replace: Array(text[replaceStart..<e]))
      if let k = index[path] {
        files[k].edits.append(edit)
      } else {
        index[path] = files.count
        files.append((path, [edit]))
      }
      i = e + closing.count
    }
    return files
  }

  /// The files after the edits, for each edited path: its content in
  /// `context` (UTF-8; empty when absent) with "\n" in front; each edit
  /// replaces every occurrence of "\n" + search by "\n" + replace (so a
  /// search starts at a line start); the leading "\n" is then dropped. An
  /// edit whose search equals its replace, or whose search is not found, is
  /// an error. (Matching UTF-8 bytes from an ASCII "\n" matches the same
  /// places as Python's code points.)
  static func apply(_ files: [(path: [UInt32], edits: [Edit])], to context: [[UInt8]: [UInt8]]) throws -> [(
    path: [UInt8], content: [UInt8]
  )] {
    try files.map { file in
      let path = Array(PythonText.string(file.path).utf8)
      var content = [0x0A] + (context[path] ?? [])
      for edit in file.edits {
        guard edit.search != edit.replace else {
          throw FormatError("an edit of \(PythonText.string(file.path)) has identical search and replace blocks")
        }
        let search = [0x0A] + Array(PythonText.string(edit.search).utf8)
        guard find(search, in: content, from: 0) != nil else {
          throw FormatError("search block not found in \(PythonText.string(file.path)): \(PythonText.string(edit.search))")
        }
        content = replaceAll(content, search, [0x0A] + Array(PythonText.string(edit.replace).utf8))
      }
      return (path, Array(content.dropFirst()))
    }
  }

  /// Python's `str.replace(old, new)`: every non-overlapping occurrence,
  /// left to right (`old` not empty).
  static func replaceAll<T: Equatable>(_ s: [T], _ old: [T], _ new: [T]) -> [T] {
    var out: [T] = []
    out.reserveCapacity(s.count)
    var i = 0
    while let k = find(old, in: s, from: i), !old.isEmpty {
      out.append(contentsOf: s[i..<k])
      out.append(contentsOf: new)
      i = k + old.count
    }
    out.append(contentsOf: s[i...])
    return out
  }

  // MARK: searching

  /// Python's `str.strip()`.
  static func strip(_ s: ArraySlice<UInt32>) -> [UInt32] {
    var (lo, hi) = (s.startIndex, s.endIndex)
    while lo < hi && PythonText.isSpace(s[lo]) { lo += 1 }
    while hi > lo && PythonText.isSpace(s[hi - 1]) { hi -= 1 }
    return Array(s[lo..<hi])
  }

  /// Whether `s` holds `p` at `i`.
  static func hasPrefix<T: Equatable>(_ s: [T], _ p: [T], at i: Int) -> Bool {
    i >= 0 && i + p.count <= s.count && s[i..<(i + p.count)].elementsEqual(p)
  }

  /// The first index ≥ `from` holding `c`.
  static func firstIndex<T: Equatable>(of c: T, in s: [T], from: Int) -> Int? {
    guard from < s.count else { return nil }
    return s[from...].firstIndex(of: c)
  }

  /// The first index ≥ `from` where `p` (not empty) occurs.
  static func find<T: Equatable>(_ p: [T], in s: [T], from: Int) -> Int? {
    guard let head = p.first else { return from <= s.count ? from : nil }
    var i = from
    while i + p.count <= s.count {
      guard let k = firstIndex(of: head, in: s, from: i) else { return nil }
      if hasPrefix(s, p, at: k) { return k }
      i = k + 1
    }
    return nil
  }

  /// The starts of the non-overlapping occurrences of `p`, left to right.
  static func occurrences(of p: [UInt32], in s: [UInt32]) -> [Int] {
    var out: [Int] = []
    var i = 0
    while let k = find(p, in: s, from: i) {
      out.append(k)
      i = k + max(p.count, 1)
    }
    return out
  }
}
