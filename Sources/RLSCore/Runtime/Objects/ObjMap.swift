/// An insertion-ordered hash map with string or number keys.
///
/// Entries live in two parallel arrays in insertion order; an open-addressing
/// index (power-of-two size, linear probing) maps hashes to entry positions;
/// each index slot also keeps the upper half of its key's hash, so a probe
/// reads a key only when those bits match.
/// Removal leaves a tombstone (`.undef` key) that iteration skips; the arrays
/// are compacted when tombstones outnumber live entries.
public final class ObjMap: Obj {
  /// Keys in insertion order; `.undef` marks a removed entry.
  public private(set) var keys: [Value] = []
  /// Values parallel to `keys`.
  public private(set) var values: [Value] = []
  /// Number of live entries.
  public private(set) var count = 0
  /// 0 for an empty slot, else the hash's upper 32 bits | (position + 1).
  private var index: [UInt64] = []
  private var mask = 0

  /// Creates an empty map (track it with `Heap.track`).
  public init() { super.init(kind: .map) }

  public override var typeName: String { "map" }
  public override var byteSize: Int { 64 + keys.capacity * 32 + index.capacity * 8 }
  public override func trace(_ tracer: inout Tracer) {
    tracer.mark(all: keys)
    tracer.mark(all: values)
  }

  /// True when `v` may be a key: a string, or a number that is not NaN.
  @inline(__always) public static func isValidKey(_ v: Value) -> Bool {
    switch v {
    case .number(let d): return !d.isNaN
    case .object(let u): return u.takeUnretainedValue().kind == .string
    default: return false
    }
  }

  /// `isValidKey` without reference counting.
  @inline(__always) public static func isValidKeyFast(_ v: Value) -> Bool {
    switch v {
    case .number(let d): return !d.isNaN
    case .object(let u): return u._withUnsafeGuaranteedRef { $0.kind == .string }
    default: return false
    }
  }

  @inline(__always) static func hash(_ key: Value) -> UInt64 {
    switch key {
    case .number(let d):
      if d == 0 { return 0 }
      var x = d.bitPattern
      x ^= x >> 33
      x = x &* 0xff51_afd7_ed55_8ccd
      x ^= x >> 33
      return x
    case .object(let u):
      return unsafeBitCast(u, to: Unmanaged<ObjString>.self)._withUnsafeGuaranteedRef { $0.hash }
    default:
      return 0
    }
  }

  /// Key equality without reference counting: identical objects first
  /// (field names are interned constants), then string contents.
  @inline(__always) static func keysEqual(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.number(let x), .number(let y)): return x == y
    case (.object(let x), .object(let y)):
      if x.toOpaque() == y.toOpaque() { return true }
      guard x._withUnsafeGuaranteedRef({ $0.kind == .string }), y._withUnsafeGuaranteedRef({ $0.kind == .string }) else { return false }
      return unsafeBitCast(x, to: Unmanaged<ObjString>.self)._withUnsafeGuaranteedRef { sx in
        unsafeBitCast(y, to: Unmanaged<ObjString>.self)._withUnsafeGuaranteedRef { sy in sx.equals(sy) }
      }
    default: return false
    }
  }

  /// The bits of a hash kept in an index slot.
  static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

  /// The entry position of `key`, or -1.
  @inline(__always) func find(_ key: Value) -> Int {
    if count == 0 { return -1 }
    let h = ObjMap.hash(key)
    let tag = h & ObjMap.tagMask
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let slot = index[i]
      if slot == 0 { return -1 }
      if slot & ObjMap.tagMask == tag {
        let e = Int(truncatingIfNeeded: slot & ~ObjMap.tagMask) &- 1
        if ObjMap.keysEqual(keys[e], key) { return e }
      }
      i = (i + 1) & mask
    }
  }

  /// The value under `key` (a valid key), or nil when absent.
  @inline(__always) public func get(_ key: Value) -> Value? {
    let e = find(key)
    return e < 0 ? nil : values[e]
  }

  /// The value under a string key, or nil when absent.
  public func get(_ key: String) -> Value? {
    for i in keys.indices {
      if let s = keys[i].string, s.value == key { return values[i] }
    }
    return nil
  }

  /// True when `key` is present.
  public func has(_ key: Value) -> Bool { find(key) >= 0 }

  /// Inserts or replaces; a new key goes last in iteration order.
  public func set(_ key: Value, _ value: Value) {
    let e = find(key)
    if e >= 0 {
      values[e] = value
      return
    }
    if (keys.count + 1) * 2 > index.count { rebuild(capacity: max(8, (count + 1) * 4)) }
    keys.append(key)
    values.append(value)
    count += 1
    insertIndex(key, keys.count - 1)
  }

  /// Removes `key`; returns the removed value.
  @discardableResult public func remove(_ key: Value) -> Value? {
    let e = find(key)
    if e < 0 { return nil }
    let old = values[e]
    keys[e] = .undef
    values[e] = .null
    count -= 1
    if keys.count > 16 && count * 2 < keys.count {
      rebuild(capacity: max(8, count * 4))
    }
    return old
  }

  /// Live entries in insertion order.
  public var entries: [(key: Value, value: Value)] {
    var out: [(key: Value, value: Value)] = []
    out.reserveCapacity(count)
    for i in keys.indices {
      if case .undef = keys[i] { continue }
      out.append((keys[i], values[i]))
    }
    return out
  }

  /// The entry at storage position `i`, or nil for a tombstone (for iteration
  /// that tolerates mutation).
  @inline(__always) public func entry(at i: Int) -> (key: Value, value: Value)? {
    if case .undef = keys[i] { return nil }
    return (keys[i], values[i])
  }

  /// Storage positions (including tombstones), for `entry(at:)`.
  public var storageCount: Int { keys.count }

  private func insertIndex(_ key: Value, _ e: Int) {
    let h = ObjMap.hash(key)
    var i = Int(truncatingIfNeeded: h) & mask
    while index[i] != 0 { i = (i + 1) & mask }
    index[i] = (h & ObjMap.tagMask) | UInt64(e &+ 1)
  }

  private func rebuild(capacity: Int) {
    if count < keys.count {
      var k: [Value] = []
      var v: [Value] = []
      k.reserveCapacity(count)
      v.reserveCapacity(count)
      for i in keys.indices {
        if case .undef = keys[i] { continue }
        k.append(keys[i])
        v.append(values[i])
      }
      keys = k
      values = v
    }
    var size = 8
    while size < capacity { size <<= 1 }
    index = [UInt64](repeating: 0, count: size)
    mask = size - 1
    for e in keys.indices { insertIndex(keys[e], e) }
  }
}
