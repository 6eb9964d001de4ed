/// A lazy arithmetic sequence made by `range(a, b, step)`; iterating it
/// allocates nothing.
public final class ObjRange: Obj {
  public private(set) var start: Double
  public private(set) var stop: Double
  public private(set) var step: Double

  /// Creates a range; `step` must be non-zero (checked by the caller).
  public init(start: Double, stop: Double, step: Double) {
    self.start = start
    self.stop = stop
    self.step = step
    super.init(kind: .range)
  }

  /// Gives a recycled range new bounds (only the heap calls this).
  @inline(__always) func reset(start: Double, stop: Double, step: Double) {
    self.start = start
    self.stop = stop
    self.step = step
  }

  public override var typeName: String { "range" }

  /// Number of elements, as Python computes it.
  public var count: Int {
    let n = ((stop - start) / step).rounded(.up)
    return n > 0 ? (n < 1e15 ? Int(n) : Int(1e15)) : 0
  }

  /// The i-th element.
  @inline(__always) public func element(_ i: Int) -> Double { start + Double(i) * step }
}

/// A slice subscript `lo:hi:step` (any part may be nil), made by the compiler's
/// `SLICE` instruction and consumed by indexing.
public final class ObjSlice: Obj {
  public let lo: Value
  public let hi: Value
  public let step: Value
  public init(lo: Value, hi: Value, step: Value) {
    self.lo = lo
    self.hi = hi
    self.step = step
    super.init(kind: .slice)
  }
  public override var typeName: String { "slice" }
  public override func trace(_ tracer: inout Tracer) {
    tracer.mark(lo)
    tracer.mark(hi)
    tracer.mark(step)
  }
}
