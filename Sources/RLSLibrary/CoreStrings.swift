import Foundation
import RLSCore

/// Strings: `join`, `split`, `upper`, `lower`, `replace`, `contains`,
/// `starts_with`, `ends_with`, `trim`.
enum CoreStrings {
  static let rows: [Native] = [
    Native(
      "join", usage: "join(xs, separator = \"\")",
      doc: "Joins the elements' printed forms with the separator: `join([1, \"a\"], \", \")` is \"1, a\"."
    ) { c in
      // Fast path: a list of strings, written once into a buffer of the final size.
      if let l = c[0].list, c.count < 2 || c[1].string != nil,
        let v = c.vm.joinStrings(l.items, separator: c.count < 2 ? nil : c[1].string)
      {
        return v
      }
      let items = try Sequences.elements(c, 0, "xs")
      let sep = c.has(1) ? try c.string(1, "separator") : ""
      var s = ""
      for (i, x) in items.enumerated() {
        if i > 0 { s += sep }
        s += c.vm.display(x)
      }
      return c.vm.string(s)
    },
    Native(
      "split", usage: "split(s, separator = nil)",
      doc:
        "Splits a string into a list: on runs of whitespace when no separator is given (dropping empty pieces), else on each occurrence of the separator."
    ) { c in
      let s = try c.string(0, "s")
      if !c.has(1) { return c.vm.list(s.split(whereSeparator: { $0.isWhitespace }).map { c.vm.string(String($0)) }) }
      let sep = try c.string(1, "separator")
      guard !sep.isEmpty else { throw c.error("separator must not be empty", argument: 1) }
      return c.vm.list(s.components(separatedBy: sep).map { c.vm.string($0) })
    },
    Native("upper", usage: "upper(s)", doc: "The string in upper case.") { c in c.vm.string(try c.string(0, "s").uppercased()) },
    Native("lower", usage: "lower(s)", doc: "The string in lower case.") { c in c.vm.string(try c.string(0, "s").lowercased()) },
    Native("trim", usage: "trim(s)", doc: "The string without leading and trailing whitespace.") { c in
      c.vm.string(try c.string(0, "s").trimmingCharacters(in: .whitespacesAndNewlines))
    },
    Native("replace", usage: "replace(s, old, new)", doc: "The string with every occurrence of `old` replaced by `new`.") { c in
      let old = try c.string(1, "old")
      guard !old.isEmpty else { throw c.error("old must not be empty", argument: 1) }
      return c.vm.string(try c.string(0, "s").replacingOccurrences(of: old, with: try c.string(2, "new")))
    },
    Native(
      "contains", usage: "contains(collection, x)",
      doc: "True when a string contains the substring x, a list contains an element equal to x, or a map has the key x."
    ) { c in
      if let s = c[0].string { return .bool(s.value.contains(try c.string(1, "x"))) }
      if let m = c[0].map { return .bool(MapKeys.valid(c[1]) && m.has(c[1])) }
      for item in try Sequences.elements(c, 0, "collection") where try c.vm.valuesEqual(item, c[1]) { return .bool(true) }
      return .bool(false)
    },
    Native("starts_with", usage: "starts_with(s, prefix)", doc: "True when the string starts with the prefix.") { c in
      .bool(try c.string(0, "s").hasPrefix(try c.string(1, "prefix")))
    },
    Native("ends_with", usage: "ends_with(s, suffix)", doc: "True when the string ends with the suffix.") { c in
      .bool(try c.string(0, "s").hasSuffix(try c.string(1, "suffix")))
    },
  ]
}
