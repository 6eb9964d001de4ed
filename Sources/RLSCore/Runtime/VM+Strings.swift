/// String building without per-part reference counting.
extension VM {
  /// `join(items, separator)` when every item is a string, written once into
  /// a buffer of the final size; nil when some item is not a string.
  public func joinStrings(_ items: [Value], separator: ObjString?) -> Value? {
    var total = 0
    var state: Int8 = separator?.knownASCII ?? 1
    for x in items {
      guard case .object(let u) = x else { return nil }
      let ok = u._withUnsafeGuaranteedRef { o -> Bool in
        guard o.kind == .string else { return false }
        let s = unsafeDowncast(o, to: ObjString.self)
        total &+= s.value.utf8.count
        state = s.knownASCII == 0 ? 0 : min(state, s.knownASCII)
        return true
      }
      if !ok { return nil }
    }
    let sepCount = separator?.value.utf8.count ?? 0
    if items.count > 1 { total &+= sepCount &* (items.count &- 1) }
    if total == 0 { return heap.makeString("", asciiState: 1) }
    let text = String(unsafeUninitializedCapacity: total) { buf in
      var at = 0
      for (i, x) in items.enumerated() {
        if i > 0, let separator, sepCount > 0 { at = separator.copyBytes(into: buf, at: at) }
        guard case .object(let u) = x else { continue }
        at = unsafeBitCast(u, to: Unmanaged<ObjString>.self)._withUnsafeGuaranteedRef { $0.copyBytes(into: buf, at: at) }
      }
      return at
    }
    return heap.makeString(text, asciiState: state)
  }
}
