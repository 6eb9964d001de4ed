import Foundation
import RLSCore
import RLSJSON

/// complete, inspect and is_complete: the session's completion, help and the
/// parser's own complete / incomplete / failure answer. Cursor positions are
/// in Unicode code points (protocol 5.2+), which is what `unicodeScalars` counts.
enum CompletionHandlers {
  /// `complete_request`: globals, namespace members and map fields.
  static func complete(_ k: Kernel, _ request: Message) -> JSON? {
    let code = request.content["code"]?.string ?? ""
    let cursor = request.content["cursor_pos"]?.int ?? code.unicodeScalars.count
    let c = k.session.completions(code, cursor: cursor)
    return .obj([
      ("status", "ok"), ("matches", .array(c.matches.map { .string($0) })),
      ("cursor_start", .number(Double(c.start))), ("cursor_end", .number(Double(c.end))), ("metadata", .emptyObject),
    ])
  }

  /// `inspect_request`: the doc string of the name under (or just before) the
  /// cursor, or of the function whose call the cursor is in.
  static func inspect(_ k: Kernel, _ request: Message) -> JSON? {
    let code = request.content["code"]?.string ?? ""
    let cursor = request.content["cursor_pos"]?.int ?? code.unicodeScalars.count
    var text: String?
    for name in candidateNames(code, cursor: cursor) {
      if let h = k.session.help(name) {
        text = h
        break
      }
    }
    return .obj([
      ("status", "ok"), ("found", .bool(text != nil)),
      ("data", text.map { .obj([("text/plain", .string($0))]) } ?? .emptyObject), ("metadata", .emptyObject),
    ])
  }

  /// The dotted name around the cursor, then the callee of the innermost open call.
  static func candidateNames(_ code: String, cursor: Int) -> [String] {
    let s = Array(code.unicodeScalars)
    let cursor = min(max(0, cursor), s.count)
    func isName(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c) }
    func dotted(endingAt end: Int) -> String? {
      var start = end
      while start > 0, isName(s[start - 1]) || s[start - 1] == "." { start -= 1 }
      while start < end, s[start] == "." { start += 1 }
      return start < end ? String(String.UnicodeScalarView(s[start..<end])) : nil
    }
    var names: [String] = []
    var end = cursor
    while end < s.count, isName(s[end]) { end += 1 }
    if let n = dotted(endingAt: end) { names.append(n) }
    var depth = 0
    var i = cursor - 1
    while i >= 0 {
      if s[i] == ")" { depth += 1 }
      if s[i] == "(" {
        if depth == 0 {
          if let n = dotted(endingAt: i) { names.append(n) }
          break
        }
        depth -= 1
      }
      i -= 1
    }
    return names
  }

  /// `is_complete_request`: the parser's own verdict.
  static func isComplete(_ k: Kernel, _ request: Message) -> JSON? {
    let code = request.content["code"]?.string ?? ""
    switch k.session.parse(Source(name: "<cell>", text: code)) {
    case .success:
      return .obj([("status", "complete")])
    case .incomplete:
      return .obj([("status", "incomplete"), ("indent", .string(indent(after: code)))])
    case .failure:
      return .obj([("status", "invalid")])
    }
  }

  /// The indentation for the next line: the last line's, two spaces deeper
  /// after an opening bracket.
  static func indent(after code: String) -> String {
    let last = code.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    let leading = String(last.prefix { $0 == " " || $0 == "\t" })
    let trimmed = last.trimmingCharacters(in: .whitespaces)
    return trimmed.last.map { "{[(".contains($0) } == true ? leading + "  " : leading
  }
}
