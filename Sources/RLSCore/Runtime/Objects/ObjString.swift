/// An immutable UTF-8 string with a lazily cached hash.
public final class ObjString: Obj {
  /// The text.
  public let value: String
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

  /// `a + b`, carrying over what is known about ASCII-ness.
  init(concatenating a: ObjString, _ b: ObjString) {
    value = a.value + b.value
    asciiState = (a.asciiState == 0 || b.asciiState == 0) ? 0 : min(a.asciiState, b.asciiState)
    super.init(kind: .string)
  }

  /// The decimal digits of a whole number (`str(42)`).
  convenience init(decimal n: Int64) {
    self.init(String(n), ascii: true)
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
      asciiState = value.utf8.allSatisfy { $0 < 0x80 } ? 1 : 0
    }
    return asciiState == 1
  }

  /// Length in Unicode scalars (what `len` reports).
  public var length: Int { isASCII ? value.utf8.count : value.unicodeScalars.count }

  /// Content equality.
  @inline(__always) public func equals(_ other: ObjString) -> Bool {
    self === other || (hash == other.hash && value == other.value)
  }
}
