import RLSCore

/// Conversions and inspection: `str`, `num`, `type`, `len`, `has`, `keys`,
/// `values`, `error`, `assert`.
enum CoreValues {
  static let rows: [Native] = [
    Native("str", usage: "str(value)", doc: "The printed form of a value as a string: `str(5)` is \"5\", `str(0.1)` is \"0.1\", `str([1, \"a\"])` is `[1, \"a\"]`.") { c in
      if c[0].string != nil { return c[0] }
      if case .number(let d) = c[0], d == d.rounded(), abs(d) < 1e15 { return c.vm.string(String(Int64(d))) }
      return c.vm.string(c.vm.display(c[0]))
    }.with(intrinsic: .str),
    Native("num", usage: "num(value)", doc: "A number from a string (\"3.5\", \"1e-3\", \"-2\", \"NaN\", \"Infinity\"), a boolean (1 or 0) or a number. Anything else is an error.") { c in
      switch c[0] {
      case .number: return c[0]
      case .bool(let b): return .number(b ? 1 : 0)
      default:
        let s = try c.string(0, "value").trimmingCharacters(in: .whitespaces)
        if let d = parseNumber(s) { return .number(d) }
        throw c.error("cannot convert \(quote(s)) to a number", argument: 0)
      }
    },
    Native("type", usage: "type(value)", doc: "The type name: \"nil\", \"bool\", \"number\", \"string\", \"list\", \"map\", \"tensor\", \"function\", \"module\", \"range\" or a native object's type.") { c in
      c.vm.string(c[0].typeName)
    },
    Native("len", usage: "len(x)", doc: "Length: elements of a list, Unicode characters of a string, entries of a map, rows of a matrix or elements of a vector, elements of a range.") { c in
      if let l = c[0].list { return .number(Double(l.items.count)) }
      if let s = c[0].string { return .number(Double(s.length)) }
      if let m = c[0].map { return .number(Double(m.count)) }
      if let t = c[0].cast(.tensor, ObjTensor.self) { return .number(Double(t.tensor.shape[0])) }
      if let r = c[0].cast(.range, ObjRange.self) { return .number(Double(r.count)) }
      throw c.typeError(0, "x", "a list, string, map, tensor or range")
    }.with(intrinsic: .len),
    Native("has", usage: "has(map, key)", doc: "True when the map has the key (reading a missing key gives nil, so this tells nil values from absent ones).") { c in
      let m = try c.map(0, "map")
      guard MapKeys.valid(c[1]) else { return .bool(false) }
      return .bool(m.has(c[1]))
    }.with(intrinsic: .has),
    Native("keys", usage: "keys(map)", doc: "The keys of a map, in insertion order, as a list.") { c in
      c.vm.list(try c.map(0, "map").entries.map(\.key))
    },
    Native("values", usage: "values(map)", doc: "The values of a map, in insertion order, as a list.") { c in
      c.vm.list(try c.map(0, "map").entries.map(\.value))
    },
    Native("error", usage: "error(message)", doc: "Raises an error. `try { error(\"boom\") } catch e { print(e.message) }` catches it; a map argument is passed to the handler as it is.") { c in
      var e = RLSError(.user, c[0].string?.value ?? c.vm.display(c[0]))
      if let m = c[0].map {
        e.payload = c[0]
        if let msg = m.get("message") { e.message = c.vm.display(msg) }
      }
      throw e
    },
    Native("assert", usage: "assert(condition, message = \"assertion failed\")", doc: "Raises an AssertionError with the message when the condition is false or nil.") { c in
      if c[0].isTruthy { return .null }
      throw RLSError(.assertion, c.has(1) ? c.vm.display(c[1]) : "assertion failed")
    },
  ]

  /// Parses the number forms `num` accepts.
  static func parseNumber(_ s: String) -> Double? {
    switch s.lowercased() {
    case "nan": return .nan
    case "inf", "infinity", "+inf", "+infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    default: break
    }
    guard !s.isEmpty, s.allSatisfy({ "0123456789+-.eE_".contains($0) }) else { return nil }
    return Double(s.replacingOccurrences(of: "_", with: ""))
  }
}

/// Map key validation shared by the collection natives.
enum MapKeys {
  static func valid(_ v: Value) -> Bool { ObjMap.isValidKey(v) }
}

import Foundation
