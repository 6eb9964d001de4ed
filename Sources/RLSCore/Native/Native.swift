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
    // Every native is registered at start-up: read ASCII usage lines as bytes.
    if let r = parseASCIIUsage(usage) { return r }
    return parseUsageSlow(usage)
  }

  /// `parseUsageSlow` for ASCII usage lines, over UTF-8 bytes; nil for other text.
  static func parseASCIIUsage(_ usage: String) -> (min: Int, max: Int, options: [String])? {
    var text = usage
    return text.withUTF8 { u -> (min: Int, max: Int, options: [String])? in
      var open = -1, close = -1
      for (i, b) in u.enumerated() {
        if b >= 0x80 { return nil }
        if b == UInt8(ascii: "(") && open < 0 { open = i }
        if b == UInt8(ascii: ")") { close = i }
      }
      guard open >= 0, close >= 0, open < close else { return (0, Int.max, []) }
      func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
      var parts: [Range<Int>] = []
      var depth = 0
      var start = open + 1
      for i in (open + 1)..<close {
        let b = u[i]
        if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { depth += 1 }
        if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") { depth -= 1 }
        if b == UInt8(ascii: ",") && depth == 0 {
          parts.append(start..<i)
          start = i + 1
        }
      }
      if (start..<close).contains(where: { !isBlank(u[$0]) }) { parts.append(start..<close) }
      var minArgs = 0
      var maxArgs = 0
      var options: [String] = []
      for raw in parts {
        var lo = raw.lowerBound, hi = raw.upperBound
        while lo < hi && isBlank(u[lo]) { lo += 1 }
        while hi > lo && isBlank(u[hi - 1]) { hi -= 1 }
        let colon = (lo..<hi).first { u[$0] == UInt8(ascii: ":") }
        let equals = (lo..<hi).first { u[$0] == UInt8(ascii: "=") }
        let dots = hi - lo >= 3 && (lo..<(hi - 2)).contains { u[$0] == 0x2e && u[$0 + 1] == 0x2e && u[$0 + 2] == 0x2e }
        if let colon, equals == nil || equals! > colon {
          var e = colon
          while e > lo && isBlank(u[e - 1]) { e -= 1 }
          options.append(String(decoding: UnsafeBufferPointer(rebasing: u[lo..<e]), as: UTF8.self))
        } else if dots {
          maxArgs = Int.max
        } else if equals != nil {
          maxArgs += 1
        } else {
          minArgs += 1
          maxArgs += 1
        }
      }
      return (minArgs, maxArgs, options)
    }
  }

  /// Arity and option names read from any usage line (Unicode-aware).
  static func parseUsageSlow(_ usage: String) -> (min: Int, max: Int, options: [String]) {
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
