import CJansson
import Glibc

extension JSON {
  /// Prints `value` as JSON text.
  ///
  /// Object keys keep their order unless `sortKeys` is set (then they are
  /// sorted by their UTF-8 bytes). Without `indent` (or with `indent <= 0`) the
  /// text is compact (`{"a":[1,2]}`); with `indent: n` every member goes on its
  /// own line indented by `n` spaces per level (at most 31), as jansson and
  /// Python's `json.dumps(indent=n)` lay it out. Whole numbers below 2^53 in
  /// magnitude print without a fraction (`3`), NaN and ±Infinity print as
  /// `null`, and every other number prints in its own shortest form that reads
  /// back exactly (`0.1`, `0.6799999999999999`), as Python's `json.dumps` does.
  /// Strings are encoded by jansson (escapes; non-ASCII text stays UTF-8).
  ///
  /// - Throws: `JSONError` when `value` is nested deeper than `JSON.maxDepth`
  ///   (the parser would not read it back).
  public static func stringify(_ value: JSON, indent: Int? = nil, sortKeys: Bool = false)
    throws -> String
  {
    var writer = JSONTextWriter(indent: min(max(indent ?? 0, 0), 31), sortKeys: sortKeys)
    try writer.write(value, depth: 0)
    return writer.out
  }
}

/// Builds JSON text; strings go through jansson's encoder.
struct JSONTextWriter {
  let indent: Int
  let sortKeys: Bool
  var out = ""

  init(indent: Int, sortKeys: Bool) {
    self.indent = indent
    self.sortKeys = sortKeys
  }

  mutating func write(_ value: JSON, depth: Int) throws {
    guard depth < JSON.maxDepth else {
      throw JSONError(message: "cannot stringify a value nested deeper than \(JSON.maxDepth) levels")
    }
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let d): out += JSONTextWriter.number(d)
    case .string(let s): out += try JSONTextWriter.string(s)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += "," }
        newline(depth + 1)
        try write(item, depth: depth + 1)
      }
      newline(depth)
      out += "]"
    case .object(let object):
      if object.isEmpty {
        out += "{}"
        return
      }
      var order = Array(object.keys.indices)
      if sortKeys { order.sort { Array(object.keys[$0].utf8).lexicographicallyPrecedes(Array(object.keys[$1].utf8)) } }
      out += "{"
      for (n, i) in order.enumerated() {
        if n > 0 { out += "," }
        newline(depth + 1)
        out += try JSONTextWriter.string(object.keys[i])
        out += indent > 0 ? ": " : ":"
        try write(object.values[i], depth: depth + 1)
      }
      newline(depth)
      out += "}"
    }
  }

  mutating func newline(_ depth: Int) {
    guard indent > 0 else { return }
    out += "\n" + String(repeating: " ", count: indent * depth)
  }

  /// Whole numbers below 2^53 without a fraction, non-finite as null, others
  /// in their shortest round-trip form.
  static func number(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    if d == d.rounded(), abs(d) < 9_007_199_254_740_992 {
      return d == 0 && d.sign == .minus ? "-0.0" : String(Int64(d))
    }
    return pythonRepr(d)
  }

  /// Python's `repr` of a float: the shortest digits that read back exactly,
  /// in fixed notation for decimal exponents −4 through 15 (`0.0001`,
  /// `9007199254740992.0`), otherwise scientific with a signed two-digit
  /// exponent (`1e-05`, `1.5e+20`).
  static func pythonRepr(_ d: Double) -> String {
    let text = "\(abs(d))"  // Swift prints the shortest round-trip digits
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = text[..<e]
      exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let whole = pieces.first.map(String.init) ?? ""
    let fraction = pieces.count > 1 ? String(pieces[1]) : ""
    var digits = Array(whole + fraction)
    var point = whole.count + exponent  // the decimal point follows this many digits
    while digits.count > 1, digits.first == "0" {
      digits.removeFirst()
      point -= 1
    }
    while digits.count > 1, digits.last == "0" { digits.removeLast() }
    let sci = point - 1
    var out = d < 0 ? "-" : ""
    if sci >= -4 && sci < 16 {
      if point <= 0 {
        out += "0." + String(repeating: "0", count: -point) + String(digits)
      } else if point >= digits.count {
        out += String(digits) + String(repeating: "0", count: point - digits.count) + ".0"
      } else {
        out += String(digits[..<point]) + "." + String(digits[point...])
      }
    } else {
      let magnitude = abs(sci)
      out += String(digits[0]) + (digits.count > 1 ? "." + String(digits[1...]) : "")
      out += "e" + (sci < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    }
    return out
  }

  /// A quoted, escaped string, encoded by jansson.
  static func string(_ s: String) throws -> String {
    var copy = s
    let encoded: String? = copy.withUTF8 { buf -> String? in
      guard let node = buf.baseAddress.map({ json_stringn(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), buf.count) })
        ?? json_stringn("", 0)
      else { return nil }
      defer { json_decref(node) }
      guard let text = json_dumps(node, Int(JSON_ENCODE_ANY)) else { return nil }
      defer { free(text) }
      return String(cString: text)
    }
    guard let encoded else { throw JSONError(message: "cannot stringify: out of memory") }
    return encoded
  }
}
