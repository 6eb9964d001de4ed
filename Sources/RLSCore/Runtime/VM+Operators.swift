import RLSNumerics

import Foundation

/// Arithmetic operators on non-number operands.
public enum ArithOp: String {
  case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "**", matmul = "@"
}

/// Ordering comparisons.
public enum CompareOp: String {
  case lt = "<", le = "<="
}

/// Operator semantics beyond the number fast paths of the dispatch loop.
extension VM {
  /// `x op y` for any operands: numbers, strings (`+`, `* n`), lists (`+`), tensors.
  func arith(_ op: ArithOp, _ x: Value, _ y: Value) throws -> Value {
    if op == .add, case .object(let u) = x, case .object(let w) = y, let r = concatStrings(u, w) { return r }
    switch (x, y) {
    case (.number(let p), .number(let q)):
      switch op {
      case .add: return .number(p + q)
      case .sub: return .number(p - q)
      case .mul: return .number(p * q)
      case .div: return .number(p / q)
      case .mod: return .number(floorMod(p, q))
      case .pow: return .number(q == 2 ? p * p : Foundation.pow(p, q))
      case .matmul: throw RLSError.type("'@' needs tensors (or nested lists), got number and number")
      }
    default: break
    }
    if op == .matmul || x.cast(.tensor, ObjTensor.self) != nil || y.cast(.tensor, ObjTensor.self) != nil {
      return try tensorArith(op, x, y)
    }
    if op == .add, let s = x.string, let t = y.string { return string(s.value + t.value) }
    if op == .add, let s = x.list, let t = y.list { return list(s.items + t.items) }
    if op == .mul, let s = x.string, case .number(let n) = y { return try repeatString(s.value, n) }
    if op == .mul, case .number(let n) = x, let s = y.string { return try repeatString(s.value, n) }
    if op == .add, x.string != nil || y.string != nil {
      throw RLSError.type("cannot add \(x.typeName) and \(y.typeName) (use str(x) or \"${x}\" to build strings)")
    }
    throw RLSError.type("unsupported operands for '\(op.rawValue)': \(x.typeName) and \(y.typeName)")
  }

  /// `a + b` for two strings, without reference counting; nil for other objects.
  @inline(__always) func concatStrings(_ u: Unmanaged<Obj>, _ w: Unmanaged<Obj>) -> Value? {
    let r: (String, Int8)? = u._withUnsafeGuaranteedRef { a in
      w._withUnsafeGuaranteedRef { b in
        guard a.kind == .string, b.kind == .string else { return nil }
        let s = unsafeDowncast(a, to: ObjString.self), t = unsafeDowncast(b, to: ObjString.self)
        return (ObjString.concatenated(s, t), ObjString.concatState(s, t))
      }
    }
    guard let r else { return nil }
    return heap.makeString(r.0, asciiState: r.1)
  }

  private func repeatString(_ s: String, _ n: Double) throws -> Value {
    guard n >= 0, n == n.rounded(), n < 1e9 else {
      throw RLSError.value("string repeat count must be a non-negative integer, got \(formatNumber(n))")
    }
    guard Double(s.utf8.count) * n < 1e9 else { throw RLSError(.memory, "string repeat would need more than 1 GB") }
    return string(String(repeating: s, count: Int(n)))
  }

  /// `-x`.
  func negate(_ x: Value) throws -> Value {
    if case .number(let p) = x { return .number(-p) }
    if let t = x.cast(.tensor, ObjTensor.self) { return tensorValue(t.tensor.map(.neg)) }
    throw RLSError.type("unsupported operand for unary '-': \(x.typeName)")
  }

  /// `x < y` / `x <= y` as one boolean (numbers and strings).
  func compare(_ x: Value, _ y: Value, _ op: CompareOp) throws -> Bool {
    switch (x, y) {
    case (.number(let p), .number(let q)): return op == .lt ? p < q : p <= q
    default: break
    }
    if let s = x.string, let t = y.string {
      let less = s.value.utf8.lexicographicallyPrecedes(t.value.utf8)
      return op == .lt ? less : (less || s.equals(t))
    }
    if x.cast(.tensor, ObjTensor.self) != nil || y.cast(.tensor, ObjTensor.self) != nil {
      throw RLSError.type("a tensor comparison has no single truth value (compare elements, or use sum/min/max)")
    }
    throw RLSError.type("cannot compare \(x.typeName) and \(y.typeName) with '\(op.rawValue)'")
  }

  /// `x < y` / `x <= y` as a value: a boolean, or a 0/1 tensor for tensors.
  func compareValue(_ x: Value, _ y: Value, _ op: CompareOp) throws -> Value {
    if x.cast(.tensor, ObjTensor.self) != nil || y.cast(.tensor, ObjTensor.self) != nil {
      return try tensorCompare(x, y, op)
    }
    return .bool(try compare(x, y, op))
  }

  /// Equality with a reference-count-free path for identical objects and strings.
  @inline(__always) func equalFast(_ x: Value, _ y: Value) throws -> Bool {
    if case .object(let u) = x, case .object(let w) = y {
      if u.toOpaque() == w.toOpaque() { return true }
      if u._withUnsafeGuaranteedRef({ $0.kind == .string }) && w._withUnsafeGuaranteedRef({ $0.kind == .string }) {
        return ObjMap.keysEqual(x, y)
      }
    }
    return try valuesEqual(x, y)
  }

  /// Structural equality: lists and maps element-wise (maps ignore order),
  /// tensors by shape and elements; other objects by identity.
  public func valuesEqual(_ x: Value, _ y: Value, depth: Int = 0) throws -> Bool {
    switch (x, y) {
    case (.number(let p), .number(let q)): return p == q
    case (.bool(let p), .bool(let q)): return p == q
    case (.null, .null), (.undef, .undef), (.null, .undef), (.undef, .null): return true
    case (.object(let u), .object(let w)):
      let a = u.takeUnretainedValue()
      let b = w.takeUnretainedValue()
      if a === b { return true }
      guard a.kind == b.kind else { return false }
      if depth > 200 { throw RLSError.value("comparison nested too deeply") }
      switch a.kind {
      case .string:
        return unsafeDowncast(a, to: ObjString.self).equals(unsafeDowncast(b, to: ObjString.self))
      case .list:
        let l = unsafeDowncast(a, to: ObjList.self).items
        let r = unsafeDowncast(b, to: ObjList.self).items
        guard l.count == r.count else { return false }
        for j in l.indices where !(try valuesEqual(l[j], r[j], depth: depth + 1)) { return false }
        return true
      case .map:
        let l = unsafeDowncast(a, to: ObjMap.self)
        let r = unsafeDowncast(b, to: ObjMap.self)
        guard l.count == r.count else { return false }
        for (key, v) in l.entries {
          guard let w = r.get(key), try valuesEqual(v, w, depth: depth + 1) else { return false }
        }
        return true
      case .tensor:
        return unsafeDowncast(a, to: ObjTensor.self).tensor == unsafeDowncast(b, to: ObjTensor.self).tensor
      case .range:
        let l = unsafeDowncast(a, to: ObjRange.self)
        let r = unsafeDowncast(b, to: ObjRange.self)
        return l.start == r.start && l.stop == r.stop && l.step == r.step
      default:
        return false
      }
    default:
      return false
    }
  }
}

extension VM {
  /// `x < y` for sorting (numbers and strings; anything else is an error).
  public func less(_ x: Value, _ y: Value) throws -> Bool { try compare(x, y, .lt) }
}
