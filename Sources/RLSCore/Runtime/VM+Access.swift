import RLSNumerics

/// Field access (`x.name`) and subscripts (`x[i]`, `x[a:b]`, `t[i, j]`).
extension VM {
  /// `x.name` for maps without reference counting; other receivers take `getField`.
  @inline(__always) func fieldFast(_ x: Value, _ key: Value) throws -> Value {
    if case .object(let u) = x, u._withUnsafeGuaranteedRef({ $0.kind == .map }) {
      return unsafeBitCast(u, to: Unmanaged<ObjMap>.self)._withUnsafeGuaranteedRef { $0.get(key) } ?? .null
    }
    return try getField(x, key)
  }

  /// `x.name = v` for maps without reference counting.
  @inline(__always) func setFieldFast(_ x: Value, _ key: Value, _ v: Value) throws {
    if case .object(let u) = x, u._withUnsafeGuaranteedRef({ $0.kind == .map }) {
      unsafeBitCast(u, to: Unmanaged<ObjMap>.self)._withUnsafeGuaranteedRef { $0.set(key, v) }
      return
    }
    try setField(x, key, v)
  }

  /// `x[i]` for lists indexed by an in-range whole number, and maps with a
  /// string or number key, without reference counting.
  @inline(__always) func indexFast(_ x: Value, _ i: Value) throws -> Value {
    if case .object(let u) = x {
      let kind = u._withUnsafeGuaranteedRef { $0.kind }
      if kind == .list, case .number(let d) = i {
        let r: Value? = unsafeBitCast(u, to: Unmanaged<ObjList>.self)._withUnsafeGuaranteedRef { l in
          let n = Int(exactly: d) ?? -1
          return n >= 0 && n < l.items.count ? l.items[n] : nil
        }
        if let r { return r }
      } else if kind == .map, ObjMap.isValidKeyFast(i) {
        return unsafeBitCast(u, to: Unmanaged<ObjMap>.self)._withUnsafeGuaranteedRef { $0.get(i) } ?? .null
      }
    }
    return try getIndex(x, i)
  }

  /// `x[i] = v` for lists indexed by an in-range whole number, without reference counting.
  @inline(__always) func setIndexFast(_ x: Value, _ i: Value, _ v: Value) throws {
    if case .object(let u) = x {
      let kind = u._withUnsafeGuaranteedRef { $0.kind }
      if kind == .list, case .number(let d) = i {
        let done: Bool = unsafeBitCast(u, to: Unmanaged<ObjList>.self)._withUnsafeGuaranteedRef { l in
          let n = Int(exactly: d) ?? -1
          guard n >= 0 && n < l.items.count else { return false }
          l.items[n] = v
          return true
        }
        if done { return }
      } else if kind == .map, ObjMap.isValidKeyFast(i) {
        unsafeBitCast(u, to: Unmanaged<ObjMap>.self)._withUnsafeGuaranteedRef { $0.set(i, v) }
        return
      }
    }
    try setIndex(x, i, v)
  }

  /// `x.name` where `key` is a string constant.
  func getField(_ x: Value, _ key: Value) throws -> Value {
    guard case .object(let u) = x else {
      throw RLSError.type("cannot read field '\(key.string?.value ?? "?")' of \(x.typeName)")
    }
    let o = u.takeUnretainedValue()
    switch o.kind {
    case .map:
      return unsafeDowncast(o, to: ObjMap.self).get(key) ?? .null
    case .module:
      let m = unsafeDowncast(o, to: ObjModule.self)
      let name = key.string?.value ?? ""
      if let v = m.member(name) { return v }
      throw RLSError(.name, "module '\(m.name)' has no member '\(name)'\(suggestion(name, m.memberNames))")
    case .nativeObject:
      let n = unsafeDowncast(o, to: NativeObject.self)
      let name = key.string?.value ?? ""
      if let v = try n.field(name, vm: self) { return v }
      throw RLSError(.name, "\(n.typeName) has no field '\(name)'\(suggestion(name, n.fieldNames))")
    case .tensor:
      return try tensorField(unsafeDowncast(o, to: ObjTensor.self), key.string?.value ?? "")
    default:
      throw RLSError.type("cannot read field '\(key.string?.value ?? "?")' of \(x.typeName)")
    }
  }

  /// `x.name = v`.
  func setField(_ x: Value, _ key: Value, _ v: Value) throws {
    if let m = x.map {
      m.set(key, v)
      return
    }
    if let n = x.cast(.nativeObject, NativeObject.self) {
      if try n.setField(key.string?.value ?? "", v, vm: self) { return }
      throw RLSError.type("field '\(key.string?.value ?? "?")' of \(n.typeName) cannot be assigned")
    }
    throw RLSError.type("cannot set field '\(key.string?.value ?? "?")' of \(x.typeName)")
  }

  /// `x[i]` or `x[a:b]`.
  func getIndex(_ x: Value, _ i: Value) throws -> Value {
    guard case .object(let u) = x else { throw RLSError.type("cannot index \(x.typeName)") }
    let o = u.takeUnretainedValue()
    switch o.kind {
    case .list:
      let l = unsafeDowncast(o, to: ObjList.self)
      if case .number(let d) = i {
        return l.items[try position(d, count: l.items.count, what: "list")]
      }
      if let s = i.cast(.slice, ObjSlice.self) {
        let r = try sliceBounds(s, count: l.items.count)
        return list(r.map { l.items[$0] })
      }
      throw RLSError.type("list index must be an integer or a slice, got \(i.typeName)")
    case .map:
      guard ObjMap.isValidKey(i) else { throw RLSError.type("map keys are strings or numbers, got \(i.typeName)") }
      return unsafeDowncast(o, to: ObjMap.self).get(i) ?? .null
    case .string:
      let s = unsafeDowncast(o, to: ObjString.self)
      if case .number(let d) = i {
        if s.isASCII {
          let p = try position(d, count: s.value.utf8.count, what: "string")
          let byte = s.value.utf8[s.value.utf8.index(s.value.utf8.startIndex, offsetBy: p)]
          return string(String(UnicodeScalar(byte)))
        }
        let scalars = Array(s.value.unicodeScalars)
        return string(String(scalars[try position(d, count: scalars.count, what: "string")]))
      }
      if let sl = i.cast(.slice, ObjSlice.self) {
        let scalars = Array(s.value.unicodeScalars)
        var out = String.UnicodeScalarView()
        for p in try sliceBounds(sl, count: scalars.count) { out.append(scalars[p]) }
        return string(String(out))
      }
      throw RLSError.type("string index must be an integer or a slice, got \(i.typeName)")
    case .tensor:
      return try tensorGet(unsafeDowncast(o, to: ObjTensor.self), [i])
    case .range:
      let r = unsafeDowncast(o, to: ObjRange.self)
      if case .number(let d) = i { return .number(r.element(try position(d, count: r.count, what: "range"))) }
      throw RLSError.type("range index must be an integer, got \(i.typeName)")
    default:
      throw RLSError.type("cannot index \(x.typeName)")
    }
  }

  /// `x[i] = v`.
  func setIndex(_ x: Value, _ i: Value, _ v: Value) throws {
    guard case .object(let u) = x else { throw RLSError.type("cannot assign into \(x.typeName)") }
    let o = u.takeUnretainedValue()
    switch o.kind {
    case .list:
      let l = unsafeDowncast(o, to: ObjList.self)
      guard case .number(let d) = i else { throw RLSError.type("list index must be an integer, got \(i.typeName)") }
      l.items[try position(d, count: l.items.count, what: "list")] = v
    case .map:
      guard ObjMap.isValidKey(i) else {
        throw RLSError.type(i.number != nil ? "a map key cannot be NaN" : "map keys are strings or numbers, got \(i.typeName)")
      }
      unsafeDowncast(o, to: ObjMap.self).set(i, v)
    case .tensor:
      try tensorSet(unsafeDowncast(o, to: ObjTensor.self), [i], v)
    default:
      throw RLSError.type("cannot assign into \(x.typeName)")
    }
  }

  /// `t[i, j]` and friends (tensors only).
  func getIndexN(_ x: Value, _ idx: UnsafeBufferPointer<Value>) throws -> Value {
    if let t = x.cast(.tensor, ObjTensor.self) { return try tensorGet(t, Array(idx)) }
    throw RLSError.type("\(x.typeName) takes one subscript, got \(idx.count)")
  }

  /// `t[i, j] = v`.
  func setIndexN(_ x: Value, _ idx: UnsafeBufferPointer<Value>, _ v: Value) throws {
    if let t = x.cast(.tensor, ObjTensor.self) { return try tensorSet(t, Array(idx), v) }
    throw RLSError.type("\(x.typeName) takes one subscript, got \(idx.count)")
  }

  /// A 0-based position from an index that may be negative; errors when it is
  /// not an integer or out of range.
  func position(_ d: Double, count: Int, what: String) throws -> Int {
    guard d == d.rounded(), abs(d) < 9e15 else {
      throw RLSError.type("\(what) index must be an integer, got \(formatNumber(d))")
    }
    let i = Int(d)
    let p = i < 0 ? i + count : i
    guard p >= 0 && p < count else {
      throw RLSError.index("index \(i) is out of range for a \(what) of length \(count)")
    }
    return p
  }

  /// The positions a slice selects, with Python's clamping rules.
  func sliceBounds(_ s: ObjSlice, count: Int) throws -> StrideTo<Int> {
    func int(_ v: Value, _ what: String) throws -> Int? {
      switch v {
      case .null, .undef: return nil
      case .number(let d):
        guard d == d.rounded(), abs(d) < 9e15 else { throw RLSError.type("slice \(what) must be an integer, got \(formatNumber(d))") }
        return Int(d)
      default: throw RLSError.type("slice \(what) must be an integer, got \(v.typeName)")
      }
    }
    let step = try int(s.step, "step") ?? 1
    guard step != 0 else { throw RLSError.value("slice step cannot be zero") }
    func clamp(_ v: Int?, _ dflt: Int) -> Int {
      guard var x = v else { return dflt }
      if x < 0 { x += count }
      return step > 0 ? min(max(x, 0), count) : min(max(x, -1), count - 1)
    }
    let lo = clamp(try int(s.lo, "start"), step > 0 ? 0 : count - 1)
    let hi = clamp(try int(s.hi, "end"), step > 0 ? count : -1)
    return stride(from: lo, to: hi, by: step)
  }

  /// ` (did you mean 'x'?)` for a near miss.
  func suggestion(_ name: String, _ candidates: [String]) -> String {
    let best = candidates.map { ($0, editDistance($0, name)) }.filter { $0.1 <= (name.count <= 4 ? 1 : 2) && $0.1 < name.count }.min { $0.1 < $1.1 }
    return best.map { " (did you mean '\($0.0)'?)" } ?? ""
  }
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
  let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
  if x.isEmpty { return y.count }
  if y.isEmpty { return x.count }
  var prev = Array(0...y.count)
  for i in 1...x.count {
    var cur = [i] + Array(repeating: 0, count: y.count)
    for j in 1...y.count {
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[y.count]
}
