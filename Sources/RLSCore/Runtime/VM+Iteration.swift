/// `for` loops: `iterPrep` checks the iterable and sets the hidden position
/// register; `iterNext` yields the next element (lists, maps, strings,
/// tensors, ranges) without allocating for lists, maps and ranges.
extension VM {
  /// `r[0]` iterable, `r[1]` position.
  func iterPrep(_ r: UnsafeMutablePointer<Value>) throws {
    guard case .object(let u) = r[0] else { throw RLSError.type("cannot iterate over \(r[0].typeName)") }
    let o = u.takeUnretainedValue()
    switch o.kind {
    case .list, .map, .range, .tensor: break
    case .string:
      let s = unsafeDowncast(o, to: ObjString.self)
      r[0] = list(s.value.unicodeScalars.map { string(String($0)) })
    default:
      throw RLSError.type("cannot iterate over \(r[0].typeName)")
    }
    r[1] = .number(0)
  }

  /// Writes the next element to `r[2]` (and `r[3]` with two variables);
  /// false when the iteration is over.
  @inline(__always)
  func iterNext(_ r: UnsafeMutablePointer<Value>, twoVars: Bool) throws -> Bool {
    guard case .number(let pd) = r[1], case .object(let u) = r[0] else { return false }
    // The iterable is held by register r[0]: read it without reference counting.
    return try u._withUnsafeGuaranteedRef { o in try iterNext(o, Int(pd), r, twoVars: twoVars) }
  }

  @inline(__always)
  private func iterNext(_ o: Obj, _ p0: Int, _ r: UnsafeMutablePointer<Value>, twoVars: Bool) throws -> Bool {
    var p = p0
    switch o.kind {
    case .list:
      let l = unsafeDowncast(o, to: ObjList.self)
      guard p < l.items.count else { return false }
      if twoVars {
        r[2] = .number(Double(p))
        r[3] = l.items[p]
      } else {
        r[2] = l.items[p]
      }
    case .range:
      let g = unsafeDowncast(o, to: ObjRange.self)
      let v = g.element(p)
      guard g.step > 0 ? v < g.stop : v > g.stop else { return false }
      if twoVars {
        r[2] = .number(Double(p))
        r[3] = .number(v)
      } else {
        r[2] = .number(v)
      }
    case .map:
      let m = unsafeDowncast(o, to: ObjMap.self)
      while p < m.storageCount, m.entry(at: p) == nil { p += 1 }
      guard p < m.storageCount, let e = m.entry(at: p) else { return false }
      r[2] = e.key
      if twoVars { r[3] = e.value }
    case .tensor:
      let t = unsafeDowncast(o, to: ObjTensor.self)
      guard p < tensorLength(t) else { return false }
      let item = try tensorGet(t, [.number(Double(p))])
      if twoVars {
        r[2] = .number(Double(p))
        r[3] = item
      } else {
        r[2] = item
      }
    default:
      return false
    }
    r[1] = .number(Double(p + 1))
    return true
  }
}
