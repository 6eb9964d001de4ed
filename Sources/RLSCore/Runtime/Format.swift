import RLSNumerics

/// Printing of values: `print` and the REPL use `formatValue` (strings bare at
/// top level, quoted inside lists and maps), interpolation uses `appendDisplay`.
extension VM {
  /// The printed form of a value (strings bare at top level).
  public func display(_ v: Value) -> String {
    var s = ""
    appendDisplay(v, to: &s)
    return s
  }

  /// Appends the printed form of `v` (strings bare) to `s`.
  func appendDisplay(_ v: Value, to s: inout String) {
    if let str = v.string { s += str.value } else { s += formatValue(v) }
  }

  /// The printed form with strings quoted (as they appear inside lists).
  public func formatValue(_ v: Value) -> String {
    var out = ""
    var seen: Set<ObjectIdentifier> = []
    format(v, into: &out, seen: &seen, depth: 0)
    return out
  }

  private func format(_ v: Value, into out: inout String, seen: inout Set<ObjectIdentifier>, depth: Int) {
    switch v {
    case .undef, .null: out += "nil"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let d): out += formatNumber(d)
    case .object(let u):
      let o = u.takeUnretainedValue()
      switch o.kind {
      case .string: out += quote(unsafeDowncast(o, to: ObjString.self).value)
      case .list:
        let id = ObjectIdentifier(o)
        if seen.contains(id) || depth > 100 { out += "[...]"; return }
        seen.insert(id)
        out += "["
        for (j, item) in unsafeDowncast(o, to: ObjList.self).items.enumerated() {
          if j > 0 { out += ", " }
          format(item, into: &out, seen: &seen, depth: depth + 1)
        }
        out += "]"
        seen.remove(id)
      case .map:
        let id = ObjectIdentifier(o)
        if seen.contains(id) || depth > 100 { out += "{...}"; return }
        seen.insert(id)
        out += "{"
        for (j, e) in unsafeDowncast(o, to: ObjMap.self).entries.enumerated() {
          if j > 0 { out += ", " }
          if let ks = e.key.string, isIdentifier(ks.value) { out += ks.value } else { format(e.key, into: &out, seen: &seen, depth: depth + 1) }
          out += ": "
          format(e.value, into: &out, seen: &seen, depth: depth + 1)
        }
        out += "}"
        seen.remove(id)
      case .tensor: out += unsafeDowncast(o, to: ObjTensor.self).tensor.description
      case .closure: out += "<fn \(unsafeDowncast(o, to: ObjClosure.self).proto.name)>"
      case .native: out += "<native fn \(unsafeDowncast(o, to: ObjNative.self).name)>"
      case .boundMethod: out += "<method \(unsafeDowncast(o, to: ObjBoundMethod.self).method.name)>"
      case .module: out += "<module \(unsafeDowncast(o, to: ObjModule.self).name)>"
      case .range:
        let r = unsafeDowncast(o, to: ObjRange.self)
        out += "range(\(formatNumber(r.start)), \(formatNumber(r.stop))\(r.step == 1 ? "" : ", " + formatNumber(r.step)))"
      case .slice: out += "<slice>"
      case .upvalue: out += "<upvalue>"
      case .nativeObject: out += unsafeDowncast(o, to: NativeObject.self).describe(vm: self)
      }
    }
  }
}

/// A string literal with escapes, in double quotes.
public func quote(_ s: String) -> String {
  var out = "\""
  for ch in s.unicodeScalars {
    switch ch {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\t": out += "\\t"
    case "\r": out += "\\r"
    case "$": out += "$"
    default:
      if ch.value < 0x20 { out += "\\u{\(String(ch.value, radix: 16))}" } else { out.unicodeScalars.append(ch) }
    }
  }
  return out + "\""
}

/// True for names that can be written bare as map keys: `alpha`, `b_2`.
public func isIdentifier(_ s: String) -> Bool {
  guard let first = s.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
  return s.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    && !Keywords.all.contains(s)
}

/// The reserved words of the language.
public enum Keywords {
  public static let all: Set<String> = [
    "let", "fn", "if", "else", "for", "in", "while", "break", "continue", "return", "try", "catch",
    "import", "as", "and", "or", "not", "true", "false", "nil",
  ]
}
