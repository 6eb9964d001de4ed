/// An immutable UTF-8 string with a lazily cached hash.
///
/// Immutable while reachable; the heap may recycle an unreachable string
/// object for a new string (see `Heap.makeString`).
public final class ObjString: Obj {
  /// The text.
  public private(set) var value: String
  private var cachedHash: UInt64 = 0
  private var hashed = false
  private var asciiState: Int8 = -1  // -1 unknown, 0 no, 1 yes

  /// Creates a string object (track it with `Heap.track`).
  public init(_ value: String) {
    self.value = value
    super.init(kind: .string)
  }

  /// A string whose ASCII-ness the creator already knows.
  init(_ value: String, ascii: Bool) {
    self.value = value
    asciiState = ascii ? 1 : 0
    super.init(kind: .string)
  }

  /// A string with a known ASCII state (-1 unknown, 0 no, 1 yes).
  init(_ value: String, asciiState: Int8) {
    self.value = value
    self.asciiState = asciiState
    super.init(kind: .string)
  }

  /// Gives a recycled object new contents (only the heap calls this, on an
  /// object no value refers to).
  @inline(__always) func reset(_ value: String, asciiState: Int8) {
    self.value = value
    self.asciiState = asciiState
    hashed = false
  }

  /// `a + b`, written once into a buffer of the final size.
  static func concatenated(_ a: ObjString, _ b: ObjString) -> String {
    let n = a.value.utf8.count
    let m = b.value.utf8.count
    if m == 0 { return a.value }
    if n == 0 { return b.value }
    // Two inline strings whose sum fits inline: Swift joins them in registers.
    if n &+ m <= 15 { return a.value + b.value }
    return String(unsafeUninitializedCapacity: n &+ m) { buf in
      b.copyBytes(into: buf, at: a.copyBytes(into: buf, at: 0))
    }
  }

  /// The ASCII state of `a + b`.
  @inline(__always) static func concatState(_ a: ObjString, _ b: ObjString) -> Int8 {
    (a.asciiState == 0 || b.asciiState == 0) ? 0 : min(a.asciiState, b.asciiState)
  }

  /// The decimal digits of a whole number (at most 19 digits).
  static func decimal(_ n: Int64) -> String {
    var m = n.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 scratch bytes, filled from the end
    return withUnsafeMutableBytes(of: &digits) { d in
      var at = 24
      repeat {
        at &-= 1
        d[at] = UInt8(truncatingIfNeeded: 48 &+ m % 10)
        m /= 10
      } while m > 0
      if n < 0 {
        at &-= 1
        d[at] = 45  // "-"
      }
      // Exact capacity: up to 15 bytes this makes a small (inline) string.
      return String(unsafeUninitializedCapacity: 24 &- at) { buf in
        for j in 0..<(24 &- at) { buf[j] = d[at &+ j] }
        return 24 &- at
      }
    }
  }

  /// The concatenation of `parts` (with `separator` between them), written
  /// into one buffer of the final size.
  public static func joined(_ parts: [ObjString], separator: ObjString?) -> String {
    var total = 0
    for p in parts { total &+= p.value.utf8.count }
    let sepCount = separator?.value.utf8.count ?? 0
    if parts.count > 1 { total &+= sepCount &* (parts.count &- 1) }
    if total == 0 { return "" }
    return String(unsafeUninitializedCapacity: total) { buf in
      var at = 0
      for (i, p) in parts.enumerated() {
        if i > 0, let separator, sepCount > 0 { at = separator.copyBytes(into: buf, at: at) }
        at = p.copyBytes(into: buf, at: at)
      }
      return at
    }
  }

  /// Copies the UTF-8 bytes to `buf[at...]`; returns the position after them.
  @inline(__always) func copyBytes(into buf: UnsafeMutableBufferPointer<UInt8>, at: Int) -> Int {
    let n = value.utf8.count
    if n == 0 { return at }
    _ =
      value.utf8.withContiguousStorageIfAvailable { src in
        (buf.baseAddress! + at).update(from: src.baseAddress!, count: n)
      } ?? { for (j, b) in value.utf8.enumerated() { buf[at + j] = b } }()
    return at + n
  }

  /// ASCII state of a string built from `parts` (and `separator`): known only
  /// when the parts' states are.
  public static func asciiState(of parts: [ObjString], separator: ObjString?) -> Int8 {
    var state: Int8 = separator.map { $0.asciiState } ?? 1
    for p in parts {
      if p.asciiState == 0 { return 0 }
      state = min(state, p.asciiState)
    }
    return state
  }

  /// A string built by `joined`, with its known ASCII state.
  public init(joining parts: [ObjString], separator: ObjString?) {
    value = ObjString.joined(parts, separator: separator)
    asciiState = ObjString.asciiState(of: parts, separator: separator)
    super.init(kind: .string)
  }

  /// The decimal digits of a whole number (`str(42)`).
  convenience init(decimal n: Int64) {
    self.init(ObjString.decimal(n), ascii: true)
  }

  /// The ASCII state when already known (-1 unknown, 0 no, 1 yes), without computing it.
  var knownASCII: Int8 { asciiState }

  public override var typeName: String { "string" }
  public override var byteSize: Int { 48 + value.utf8.count }

  /// FNV-1a over the UTF-8 bytes, computed once.
  public var hash: UInt64 {
    if hashed { return cachedHash }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    var s = value
    s.withUTF8 { buf in
      for b in buf { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    }
    cachedHash = h
    hashed = true
    return h
  }

  /// True when every byte is ASCII (then scalar index = byte index).
  public var isASCII: Bool {
    if asciiState < 0 {
      asciiState =
        (value.utf8.withContiguousStorageIfAvailable { ObjString.allASCII($0) }
          ?? value.utf8.allSatisfy { $0 < 0x80 }) ? 1 : 0
    }
    return asciiState == 1
  }

  /// True when no byte has the high bit set (8 bytes at a time).
  static func allASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let p = UnsafeRawPointer(b.baseAddress) else { return true }
    let n = b.count
    var i = 0
    var acc: UInt64 = 0
    while i &+ 8 <= n {
      acc |= p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      i &+= 8
    }
    while i < n {
      acc |= UInt64(b[i])
      i &+= 1
    }
    return acc & 0x8080_8080_8080_8080 == 0
  }

  /// Length in Unicode scalars (what `len` reports).
  public var length: Int { isASCII ? value.utf8.count : value.unicodeScalars.count }

  /// Content equality by code points (UTF-8 bytes), as Python compares
  /// strings: "é" and "e\u{301}" are different strings.
  @inline(__always) public func equals(_ other: ObjString) -> Bool {
    self === other || (hash == other.hash && value.utf8.elementsEqual(other.value.utf8))
  }
}

/// A string compared and hashed by its UTF-8 bytes, not by Swift's canonical
/// equivalence (dictionary keys for string constants).
struct StringBytes: Hashable {
  let value: String
  init(_ value: String) { self.value = value }
  static func == (a: StringBytes, b: StringBytes) -> Bool { a.value.utf8.elementsEqual(b.value.utf8) }
  func hash(into hasher: inout Hasher) {
    for b in value.utf8 { hasher.combine(b) }
  }
}
