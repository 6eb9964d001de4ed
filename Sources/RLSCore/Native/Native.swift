/// A registration row for a native function: name, usage line, doc string and
/// body. The usage line is the single source of the arity and option names:
/// `ope.ips(fb, clip:)` takes one positional argument and the option `clip`;
/// `range(start, stop = nil, step = 1)` takes one to three; `print(values...)`
/// takes any number.
public struct Native {
  public let name: String
  public let usage: String
  public let doc: String
  public let body: NativeBody
  /// A VM fast path for common argument shapes (the body handles the rest).
  public var intrinsic: Intrinsic = .none

  /// The same row with a VM fast path (see `Intrinsic`).
  public func with(intrinsic: Intrinsic) -> Native {
    var r = self
    r.intrinsic = intrinsic
    return r
  }

  /// A row: `Native("ips", usage: "ope.ips(fb, clip:)", doc: "...") { call in ... }`.
  public init(_ name: String, usage: String, doc: String, _ body: @escaping NativeBody) {
    self.name = name
    self.usage = usage
    self.doc = doc
    self.body = body
  }

  /// The function object, with `qualified` as its displayed name.
  public func make(qualified: String) -> ObjNative {
    let sig = Native.parseUsage(usage)
    let n = ObjNative(
      name: qualified, usage: usage, doc: doc, minArgs: sig.min, maxArgs: sig.max, options: sig.options,
      body: body)
    n.intrinsic = intrinsic
    return n
  }

  /// Arity and option names read from a usage line.
  static func parseUsage(_ usage: String) -> (min: Int, max: Int, options: [String]) {
    guard let open = usage.firstIndex(of: "("), let close = usage.lastIndex(of: ")"), open < close else {
      return (0, Int.max, [])
    }
    let inner = usage[usage.index(after: open)..<close]
    var parts: [String] = []
    var depth = 0
    var cur = ""
    for ch in inner {
      if ch == "(" || ch == "[" || ch == "{" { depth += 1 }
      if ch == ")" || ch == "]" || ch == "}" { depth -= 1 }
      if ch == "," && depth == 0 {
        parts.append(cur)
        cur = ""
      } else {
        cur.append(ch)
      }
    }
    if !cur.trimmingCharacters(in: .whitespaces).isEmpty { parts.append(cur) }
    var minArgs = 0
    var maxArgs = 0
    var options: [String] = []
    for raw in parts {
      let p = raw.trimmingCharacters(in: .whitespaces)
      if let colon = p.firstIndex(of: ":"), !p.contains("=") || p.firstIndex(of: "=")! > colon {
        options.append(String(p[..<colon]).trimmingCharacters(in: .whitespaces))
      } else if p.contains("...") {
        maxArgs = Int.max
      } else if p.contains("=") {
        maxArgs += 1
      } else {
        minArgs += 1
        maxArgs += 1
      }
    }
    return (minArgs, maxArgs, options)
  }
}

import Foundation
