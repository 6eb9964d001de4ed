/// Tab completion for the REPL and the kernel's complete_request.
extension Session {
  /// Completions of the name or dotted path ending at `cursor` (in Unicode
  /// scalars): `(start, end, matches)` where `start..<end` is the text to replace.
  public func completions(_ text: String, cursor: Int) -> (start: Int, end: Int, matches: [String]) {
    let scalars = Array(text.unicodeScalars)
    let end = min(max(0, cursor), scalars.count)
    var start = end
    func isWord(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c) }
    while start > 0, isWord(scalars[start - 1]) { start -= 1 }
    let prefix = String(String.UnicodeScalarView(scalars[start..<end]))
    var path: [String] = []
    var p = start
    while p > 0, scalars[p - 1] == "." {
      var q = p - 1
      while q > 0, isWord(scalars[q - 1]) { q -= 1 }
      if q == p - 1 { break }
      path.insert(String(String.UnicodeScalarView(scalars[q..<(p - 1)])), at: 0)
      p = q
    }
    var candidates: [String]
    if path.isEmpty {
      candidates = vm.main.definedNames + Array(Keywords.all)
    } else {
      guard var value = vm.main.get(path[0]) else { return (start, end, []) }
      for name in path.dropFirst() {
        guard let next = member(of: value, name) else { return (start, end, []) }
        value = next
      }
      candidates = memberNames(of: value)
    }
    let matches = Array(Set(candidates.filter { $0.hasPrefix(prefix) })).sorted()
    return (start, end, matches)
  }
}
