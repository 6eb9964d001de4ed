/// A dense tensor of `Double`s: a vector (rank 1, shape `[n]`) or a matrix
/// (rank 2, shape `[rows, cols]`), stored row-major with value semantics
/// (copy-on-write through its `[Double]` storage).
///
/// Every constructor validates its shape: dimensions are non-negative, the
/// rank is 1 or 2, and the element count is at most `Tensor.maxElements`
/// (so every size fits BLAS's 32-bit integers). An impossible shape or
/// allocation is a thrown `TensorError`, never a crash.
///
/// `rows` and `cols` view every tensor as a matrix: a matrix `[r, c]` has
/// `rows == r` and `cols == c`; a vector `[n]` has `rows == n` (its length
/// along axis 0, what `len()` and iteration see) and `cols == 1`. Thus
/// `rows * cols == count` always.
public struct Tensor: Equatable, Sendable {
  /// The largest element count a tensor may have: 2³¹ − 1, the largest size
  /// BLAS (32-bit integers) accepts.
  public static let maxElements = Int(Int32.max)

  /// 1 for a vector, 2 for a matrix.
  public let rank: Int
  /// Length along axis 0: the number of rows of a matrix, the length of a vector.
  public let rows: Int
  /// The number of columns of a matrix; 1 for a vector.
  public let cols: Int
  /// The elements in row-major order (`count` of them).
  public internal(set) var storage: [Double]

  /// The shape: `[n]` for a vector, `[rows, cols]` for a matrix.
  public var shape: [Int] { rank == 1 ? [rows] : [rows, cols] }
  /// The number of elements.
  public var count: Int { storage.count }
  /// Whether the tensor has no elements.
  public var isEmpty: Bool { storage.isEmpty }

  // MARK: - Unchecked construction (internal)

  /// Wraps storage whose size the caller has already validated.
  @inline(__always)
  init(uncheckedRank rank: Int, rows: Int, cols: Int, storage: [Double]) {
    self.rank = rank
    self.rows = rows
    self.cols = cols
    self.storage = storage
  }

  /// A tensor of an already validated shape whose elements `body` writes.
  /// `body` must initialise all `count` elements.
  @inline(__always)
  static func make(
    rank: Int, rows: Int, cols: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void
  ) -> Tensor {
    let n = rows * cols
    let storage = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
      body(buffer)
      initialized = n
    }
    return Tensor(uncheckedRank: rank, rows: rows, cols: cols, storage: storage)
  }

  /// A tensor of the same shape as `self` whose elements `body` writes.
  @inline(__always)
  func makeSameShape(_ body: (UnsafeMutableBufferPointer<Double>) -> Void) -> Tensor {
    Tensor.make(rank: rank, rows: rows, cols: cols, body)
  }

  // MARK: - Shape validation

  /// Checks a shape and returns its element count.
  ///
  /// Throws unless the shape has 1 or 2 non-negative dimensions, each and
  /// their product at most `maxElements` (a shape such as `[0, 2⁴⁰]` is
  /// refused too, so every size fits BLAS).
  public static func elementCount(_ shape: [Int]) throws -> Int {
    guard shape.count == 1 || shape.count == 2 else {
      throw TensorError(
        "a tensor has rank 1 or 2, but shape \(describe(shape)) has rank \(shape.count)")
    }
    for d in shape where d < 0 {
      throw TensorError("shape \(describe(shape)) has a negative dimension \(d)")
    }
    for d in shape where d > maxElements {
      throw TensorError(
        "shape \(describe(shape)) has a dimension \(d) larger than \(maxElements)")
    }
    var n = 1
    var overflow = false
    for d in shape {
      let (p, o) = n.multipliedReportingOverflow(by: d)
      n = p
      overflow = overflow || o
    }
    if overflow || n > maxElements {
      let size = shape.reduce(1.0) { $0 * Double($1) }
      throw TensorError(
        "cannot allocate \(formatNumber(size)) elements for shape \(describe(shape))"
          + " (at most \(maxElements))")
    }
    return n
  }

  /// Splits a validated shape into (rank, rows, cols).
  @inline(__always)
  static func dims(_ shape: [Int]) -> (rank: Int, rows: Int, cols: Int) {
    shape.count == 1 ? (1, shape[0], 1) : (2, shape[0], shape[1])
  }

  // MARK: - Constructors

  /// A tensor of the given shape over `storage` (row-major); throws if the
  /// shape is invalid or `storage.count` differs from the shape's size.
  public init(shape: [Int], storage: [Double]) throws {
    let n = try Tensor.elementCount(shape)
    guard storage.count == n else {
      throw TensorError(
        "shape \(describe(shape)) needs \(n) elements, but \(storage.count) were given")
    }
    let d = Tensor.dims(shape)
    self.init(uncheckedRank: d.rank, rows: d.rows, cols: d.cols, storage: storage)
  }

  /// A vector holding `vector`.
  public init(vector: [Double]) {
    self.init(uncheckedRank: 1, rows: vector.count, cols: 1, storage: vector)
  }

  /// A `rows×cols` matrix over `storage` (row-major); throws if the shape is
  /// invalid or `storage.count != rows * cols`.
  public init(rows: Int, cols: Int, storage: [Double]) throws {
    try self.init(shape: [rows, cols], storage: storage)
  }

  /// A matrix from a list of rows; throws if the rows differ in length.
  /// No rows gives shape `[0, 0]`.
  public init(matrix: [[Double]]) throws {
    let c = matrix.first?.count ?? 0
    for (i, row) in matrix.enumerated() where row.count != c {
      throw TensorError("row \(i) has \(row.count) elements, but row 0 has \(c)")
    }
    _ = try Tensor.elementCount([matrix.count, c])
    var storage: [Double] = []
    storage.reserveCapacity(matrix.count * c)
    for row in matrix { storage.append(contentsOf: row) }
    self.init(uncheckedRank: 2, rows: matrix.count, cols: c, storage: storage)
  }

  /// A tensor of the given shape with every element equal to `value`.
  public static func full(_ shape: [Int], _ value: Double) throws -> Tensor {
    let n = try elementCount(shape)
    let d = dims(shape)
    return Tensor(
      uncheckedRank: d.rank, rows: d.rows, cols: d.cols,
      storage: [Double](repeating: value, count: n))
  }

  /// A tensor of zeros of the given shape.
  public static func zeros(_ shape: [Int]) throws -> Tensor { try full(shape, 0) }

  /// A tensor of ones of the given shape.
  public static func ones(_ shape: [Int]) throws -> Tensor { try full(shape, 1) }

  /// The `n×m` matrix (`m` defaults to `n`) with ones on the main diagonal
  /// and zeros elsewhere.
  public static func eye(_ n: Int, _ m: Int? = nil) throws -> Tensor {
    let c = m ?? n
    var t = try zeros([n, c])
    t.storage.withUnsafeMutableBufferPointer { p in
      for i in 0..<Swift.min(n, c) { p[i * c + i] = 1 }
    }
    return t
  }

  /// Evenly spaced values `start, start + step, …` below `stop` (above it
  /// when `step < 0`), like `numpy.arange`: `ceil((stop - start) / step)`
  /// elements (none if that is negative): `start`, `start + step`, then
  /// `start + i * ((start + step) - start)`, exactly as numpy fills them.
  /// Throws if `step` is 0, an argument is not finite, or there would be
  /// too many elements.
  public static func arange(start: Double = 0, stop: Double, step: Double = 1) throws -> Tensor {
    guard step != 0 else { throw TensorError("arange: step must not be zero") }
    guard start.isFinite, stop.isFinite, step.isFinite else {
      throw TensorError(
        "arange: start, stop and step must be finite, got \(formatNumber(start)),"
          + " \(formatNumber(stop)), \(formatNumber(step))")
    }
    let len = ((stop - start) / step).rounded(.up)
    guard len.isFinite, len <= Double(maxElements) else {
      throw TensorError(
        "arange: cannot allocate \(formatNumber(len)) elements (at most \(maxElements))")
    }
    let n = len > 0 ? Int(len) : 0
    // numpy fills `start`, `start + step`, then `start + i * delta` with
    // `delta = (start + step) - start`; doing the same keeps every bit equal.
    let delta = (start + step) - start
    return make(rank: 1, rows: n, cols: 1) { p in
      for i in 0..<n { p[i] = start + Double(i) * delta }
      if n > 1 { p[1] = start + step }
    }
  }

  /// `n` evenly spaced values from `a` to `b` inclusive, like
  /// `numpy.linspace`: element `i` is `a + i * (b - a) / (n - 1)` and the
  /// last element is exactly `b`; `n == 1` gives `[a]`. Throws if `n < 0`.
  public static func linspace(_ a: Double, _ b: Double, _ n: Int) throws -> Tensor {
    guard n >= 0 else { throw TensorError("linspace: the number of points \(n) is negative") }
    _ = try elementCount([n])
    let div = Double(n - 1)
    let delta = b - a
    let step = delta / div
    return make(rank: 1, rows: n, cols: 1) { p in
      if n == 0 { return }
      if step == 0 || !step.isFinite {
        // numpy's fallback when the step underflows to zero.
        for i in 0..<n { p[i] = a + Double(i) / div * delta }
      } else {
        for i in 0..<n { p[i] = a + Double(i) * step }
      }
      if n > 1 { p[n - 1] = b } else { p[0] = a }
    }
  }

  // MARK: - Raw access

  /// Calls `body` with the elements in row-major order.
  public func withUnsafeBufferPointer<R>(
    _ body: (UnsafeBufferPointer<Double>) throws -> R
  ) rethrows -> R {
    try storage.withUnsafeBufferPointer(body)
  }

  /// Calls `body` with mutable access to the elements in row-major order
  /// (the shape cannot change).
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
  ) rethrows -> R {
    try storage.withUnsafeMutableBufferPointer(body)
  }

  /// The element at row `i`, column `j` of the matrix view (`j == 0` for a
  /// vector), or `nil` if out of range.
  public func element(_ i: Int, _ j: Int = 0) -> Double? {
    guard i >= 0, i < rows, j >= 0, j < cols else { return nil }
    return storage[i * cols + j]
  }
}

/// The result of an operation that gives a tensor or a single number
/// (a reduction over all elements, a dot product of vectors, `t[i, j]`).
public enum TensorOrScalar: Equatable, Sendable, CustomStringConvertible {
  /// A tensor result.
  case tensor(Tensor)
  /// A number result.
  case scalar(Double)

  /// The number, if the result is one.
  public var scalar: Double? {
    if case .scalar(let x) = self { return x }
    return nil
  }

  /// The tensor, if the result is one.
  public var tensor: Tensor? {
    if case .tensor(let t) = self { return t }
    return nil
  }

  /// The number formatted by `formatNumber`, or the tensor's description.
  public var description: String {
    switch self {
    case .tensor(let t): return t.description
    case .scalar(let x): return formatNumber(x)
    }
  }
}
