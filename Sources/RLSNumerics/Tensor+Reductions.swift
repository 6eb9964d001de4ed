/// The lanes a reduction runs along.
enum ReductionLanes {
  /// All elements: one lane, a number result.
  case all
  /// Axis 0 of a matrix: one lane per column, a vector of `cols` results.
  case down
  /// Axis 1 of a matrix: one lane per row, a vector of `rows` results.
  case across
}

// MARK: - Kernels over one contiguous lane

/// Sum of `n` doubles by numpy's pairwise algorithm (blocks of 128 summed
/// with 8 accumulators, blocks combined pairwise): fast and accurate.
public func pairwiseSum(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
  if n < 8 {
    var s = 0.0
    for i in 0..<n { s += p[i] }
    return s
  }
  if n <= 128 {
    var r0 = p[0]
    var r1 = p[1]
    var r2 = p[2]
    var r3 = p[3]
    var r4 = p[4]
    var r5 = p[5]
    var r6 = p[6]
    var r7 = p[7]
    let m = n - n % 8
    var i = 8
    while i < m {
      r0 += p[i]
      r1 += p[i + 1]
      r2 += p[i + 2]
      r3 += p[i + 3]
      r4 += p[i + 4]
      r5 += p[i + 5]
      r6 += p[i + 6]
      r7 += p[i + 7]
      i += 8
    }
    var s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n {
      s += p[i]
      i += 1
    }
    return s
  }
  var half = n / 2
  half -= half % 8
  return pairwiseSum(p, half) + pairwiseSum(p + half, n - half)
}

/// `Σ (p[i] - mean)²` by the same pairwise scheme as `pairwiseSum`.
func pairwiseSquaredDeviations(_ p: UnsafePointer<Double>, _ n: Int, _ mean: Double) -> Double {
  if n < 8 {
    var s = 0.0
    for i in 0..<n {
      let d = p[i] - mean
      s += d * d
    }
    return s
  }
  if n <= 128 {
    var r = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    let m = n - n % 8
    var i = 0
    while i < m {
      let d0 = p[i] - mean
      let d1 = p[i + 1] - mean
      let d2 = p[i + 2] - mean
      let d3 = p[i + 3] - mean
      let d4 = p[i + 4] - mean
      let d5 = p[i + 5] - mean
      let d6 = p[i + 6] - mean
      let d7 = p[i + 7] - mean
      r.0 += d0 * d0
      r.1 += d1 * d1
      r.2 += d2 * d2
      r.3 += d3 * d3
      r.4 += d4 * d4
      r.5 += d5 * d5
      r.6 += d6 * d6
      r.7 += d7 * d7
      i += 8
    }
    var s = ((r.0 + r.1) + (r.2 + r.3)) + ((r.4 + r.5) + (r.6 + r.7))
    while i < n {
      let d = p[i] - mean
      s += d * d
      i += 1
    }
    return s
  }
  var half = n / 2
  half -= half % 8
  return pairwiseSquaredDeviations(p, half, mean)
    + pairwiseSquaredDeviations(p + half, n - half, mean)
}

/// The variance of a non-empty lane with `n - ddof > 0`.
@inline(__always)
func laneVariance(_ p: UnsafePointer<Double>, _ n: Int, _ ddof: Int) -> Double {
  let mean = pairwiseSum(p, n) / Double(n)
  return pairwiseSquaredDeviations(p, n, mean) / Double(n - ddof)
}

/// The smallest element of a non-empty lane; `NaN` if any element is `NaN`.
func laneMin(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
  var m = p[0]
  if m.isNaN { return m }
  for i in 1..<n {
    let x = p[i]
    if !(x >= m) {
      if x.isNaN { return x }
      m = x
    }
  }
  return m
}

/// The largest element of a non-empty lane; `NaN` if any element is `NaN`.
func laneMax(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
  var m = p[0]
  if m.isNaN { return m }
  for i in 1..<n {
    let x = p[i]
    if !(x <= m) {
      if x.isNaN { return x }
      m = x
    }
  }
  return m
}

/// The index of the first smallest element of a non-empty lane, or of the
/// first `NaN` if there is one (numpy `argmin`).
func laneArgmin(_ p: UnsafePointer<Double>, _ n: Int) -> Int {
  var m = p[0]
  var k = 0
  if m.isNaN { return 0 }
  for i in 1..<n {
    let x = p[i]
    if !(x >= m) {
      if x.isNaN { return i }
      m = x
      k = i
    }
  }
  return k
}

/// The index of the first largest element of a non-empty lane, or of the
/// first `NaN` if there is one (numpy `argmax`).
func laneArgmax(_ p: UnsafePointer<Double>, _ n: Int) -> Int {
  var m = p[0]
  var k = 0
  if m.isNaN { return 0 }
  for i in 1..<n {
    let x = p[i]
    if !(x <= m) {
      if x.isNaN { return i }
      m = x
      k = i
    }
  }
  return k
}

/// The product of a lane (1 if empty).
func laneProduct(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
  var s = 1.0
  for i in 0..<n { s *= p[i] }
  return s
}

// MARK: - Reductions

extension Tensor {
  /// Calls `body` with a pointer to the elements (a valid pointer even when
  /// the tensor is empty).
  @inline(__always)
  func withBase<R>(_ body: (UnsafePointer<Double>) throws -> R) rethrows -> R {
    try storage.withUnsafeBufferPointer { b in
      if let p = b.baseAddress { return try body(p) }
      var dummy = 0.0
      return try withUnsafePointer(to: &dummy) { try body($0) }
    }
  }

  /// Resolves a reduction's `axis:` argument (nil = all elements).
  func reductionLanes(_ axis: Int?, _ op: String) throws -> ReductionLanes {
    guard let axis else { return .all }
    let a = try normalizedAxis(axis, op)
    if rank == 1 { return .all }
    return a == 0 ? .down : .across
  }

  /// The number of elements in each lane.
  func laneLength(_ lanes: ReductionLanes) -> Int {
    switch lanes {
    case .all: return count
    case .down: return rows
    case .across: return cols
    }
  }

  /// Throws if the lanes of a reduction that needs at least one element
  /// (`mean`, `min`, …) are empty.
  func requireNonEmptyLanes(_ lanes: ReductionLanes, _ op: String) throws {
    guard laneLength(lanes) == 0 else { return }
    if lanes == .all { throw TensorError("\(op) of an empty tensor") }
    throw TensorError(
      "\(op) along axis \(lanes == .down ? 0 : 1) of a tensor of shape \(describe(shape)):"
        + " the axis is empty")
  }

  /// Throws if `ddof` is negative or leaves no degrees of freedom.
  func requireDegreesOfFreedom(_ lanes: ReductionLanes, _ ddof: Int, _ op: String) throws {
    try requireNonEmptyLanes(lanes, op)
    guard ddof >= 0 else { throw TensorError("\(op): ddof must be non-negative, got \(ddof)") }
    let n = laneLength(lanes)
    guard ddof >= n else { return }
    let lane = lanes == .all ? "" : " along axis \(lanes == .down ? 0 : 1)"
    throw TensorError(
      "\(op)\(lane) with ddof \(ddof) needs more than \(ddof) elements, got \(n)"
        + " (shape \(describe(shape)))")
  }

  /// Applies `f` to every lane: a number for `.all`, otherwise a vector.
  /// For axis-0 lanes (columns) `down` computes the result directly by
  /// sweeping the rows; without it the columns are gathered by a tiled
  /// transpose so `f` sees contiguous memory.
  func reduceLanes(
    _ lanes: ReductionLanes, lane f: (UnsafePointer<Double>, Int) -> Double,
    down: (() -> Tensor)? = nil
  ) -> TensorOrScalar {
    switch lanes {
    case .all:
      return .scalar(withBase { f($0, count) })
    case .across:
      let (r, c) = (rows, cols)
      return .tensor(
        withBase { p in
          Tensor.make(rank: 1, rows: r, cols: 1) { out in
            for i in 0..<r { out[i] = f(p + i * c, c) }
          }
        })
    case .down:
      if let down { return .tensor(down()) }
      let t = transposed()
      let (r, c) = (t.rows, t.cols)
      return .tensor(
        t.withBase { p in
          Tensor.make(rank: 1, rows: r, cols: 1) { out in
            for i in 0..<r { out[i] = f(p + i * c, c) }
          }
        })
    }
  }

  /// Folds the rows of a matrix into a vector of `cols` elements:
  /// `out = initial` (or row 0 when nil), then `out[j] = f(out[j], row[j])`
  /// for each following row. Reads memory once, in order.
  @inline(__always)
  func foldRows(initial: Double?, _ f: (Double, Double) -> Double) -> Tensor {
    let (r, c) = (rows, cols)
    return withBase { p in
      Tensor.make(rank: 1, rows: c, cols: 1) { buffer in
        guard let out = buffer.baseAddress else { return }
        var first = 0
        if let initial {
          for j in 0..<c { out[j] = initial }
        } else {
          for j in 0..<c { out[j] = p[j] }
          first = 1
        }
        var i = first
        while i < r {
          let row = p + i * c
          for j in 0..<c { out[j] = f(out[j], row[j]) }
          i += 1
        }
      }
    }
  }

  /// Column variances of a matrix with at least `ddof + 1` rows.
  func columnVariances(ddof: Int) -> Tensor {
    let (r, c) = (rows, cols)
    let n = Double(r)
    let sums = foldRows(initial: 0) { $0 + $1 }
    return withBase { p in
      sums.withBase { m in
        Tensor.make(rank: 1, rows: c, cols: 1) { buffer in
          guard let out = buffer.baseAddress else { return }
          for j in 0..<c { out[j] = 0 }
          for i in 0..<r {
            let row = p + i * c
            for j in 0..<c {
              let d = row[j] - m[j] / n
              out[j] += d * d
            }
          }
          let divisor = Double(r - ddof)
          for j in 0..<c { out[j] /= divisor }
        }
      }
    }
  }

  /// Index of the first extreme (or first `NaN`) in each column of a
  /// matrix with at least one row; `better(x, best)` says x replaces best.
  @inline(__always)
  func columnArgExtreme(_ better: (Double, Double) -> Bool) -> Tensor {
    let (r, c) = (rows, cols)
    return withBase { p in
      Tensor.make(rank: 1, rows: c, cols: 1) { index in
        var best = [Double](repeating: 0, count: c)
        best.withUnsafeMutableBufferPointer { b in
          for j in 0..<c {
            b[j] = p[j]
            index[j] = 0
          }
          for i in 1..<Swift.max(r, 1) {
            let row = p + i * c
            for j in 0..<c {
              let x = row[j]
              let m = b[j]
              if m == m && (x != x || better(x, m)) {
                b[j] = x
                index[j] = Double(i)
              }
            }
          }
        }
      }
    }
  }

  /// Sum of the elements (nil axis: all; 0 or -2: down the columns; 1 or -1:
  /// along the rows). Empty lanes sum to 0. Sums along rows and over all
  /// elements are pairwise (as numpy); sums down columns add row by row.
  public func sum(axis: Int?) throws -> TensorOrScalar {
    reduceLanes(
      try reductionLanes(axis, "sum"), lane: pairwiseSum,
      down: {
        foldRows(initial: 0) { $0 + $1 }
      })
  }

  /// Product of the elements (axis as in `sum`). Empty lanes give 1.
  public func prod(axis: Int?) throws -> TensorOrScalar {
    reduceLanes(
      try reductionLanes(axis, "prod"), lane: laneProduct,
      down: {
        foldRows(initial: 1) { $0 * $1 }
      })
  }

  /// Arithmetic mean (axis as in `sum`). Throws on empty lanes.
  public func mean(axis: Int?) throws -> TensorOrScalar {
    let lanes = try reductionLanes(axis, "mean")
    try requireNonEmptyLanes(lanes, "mean")
    let n = Double(laneLength(lanes))
    return reduceLanes(
      lanes, lane: { pairwiseSum($0, $1) / Double($1) },
      down: {
        var t = foldRows(initial: 0) { $0 + $1 }
        t.withUnsafeMutableBufferPointer { p in
          for j in 0..<p.count { p[j] /= n }
        }
        return t
      })
  }

  /// Variance `Σ(x - mean)² / (n - ddof)` (axis as in `sum`), computed in
  /// two passes like numpy. Throws on empty lanes, negative `ddof`, or
  /// `ddof >= n`.
  public func `var`(axis: Int?, ddof: Int = 0) throws -> TensorOrScalar {
    let lanes = try reductionLanes(axis, "var")
    try requireDegreesOfFreedom(lanes, ddof, "var")
    return reduceLanes(
      lanes, lane: { laneVariance($0, $1, ddof) }, down: { columnVariances(ddof: ddof) })
  }

  /// Standard deviation, the square root of `var(axis:ddof:)`; same errors.
  public func std(axis: Int?, ddof: Int = 0) throws -> TensorOrScalar {
    let lanes = try reductionLanes(axis, "std")
    try requireDegreesOfFreedom(lanes, ddof, "std")
    return reduceLanes(
      lanes, lane: { laneVariance($0, $1, ddof).squareRoot() },
      down: {
        columnVariances(ddof: ddof).map(.sqrt)
      })
  }

  /// Smallest element (axis as in `sum`); `NaN` if a lane holds `NaN`.
  /// Throws on empty lanes.
  public func min(axis: Int?) throws -> TensorOrScalar {
    let lanes = try reductionLanes(axis, "min")
    try requireNonEmptyLanes(lanes, "min")
    return reduceLanes(
      lanes, lane: laneMin,
      down: {
        foldRows(initial: nil) { ($0 <= $1 || $0 != $0) ? $0 : $1 }
      })
  }

  /// Largest element (axis as in `sum`); `NaN` if a lane holds `NaN`.
  /// Throws on empty lanes.
  public func max(axis: Int?) throws -> TensorOrScalar {
    let lanes = try reductionLanes(axis, "max")
    try requireNonEmptyLanes(lanes, "max")
    return reduceLanes(
      lanes, lane: laneMax,
      down: {
        foldRows(initial: nil) { ($0 >= $1 || $0 != $0) ? $0 : $1 }
      })
  }

  /// Index of the first smallest element in each lane (of the first `NaN`,
  /// if any), as a number; with a nil axis, the row-major flat index.
  /// Throws on empty lanes.
  public func argmin(axis: Int?) throws -> TensorOrScalar {
    let lanes = try reductionLanes(axis, "argmin")
    try requireNonEmptyLanes(lanes, "argmin")
    return reduceLanes(
      lanes, lane: { Double(laneArgmin($0, $1)) },
      down: {
        columnArgExtreme { $0 < $1 }
      })
  }

  /// Index of the first largest element in each lane (of the first `NaN`,
  /// if any), as a number; with a nil axis, the row-major flat index.
  /// Throws on empty lanes.
  public func argmax(axis: Int?) throws -> TensorOrScalar {
    let lanes = try reductionLanes(axis, "argmax")
    try requireNonEmptyLanes(lanes, "argmax")
    return reduceLanes(
      lanes, lane: { Double(laneArgmax($0, $1)) },
      down: {
        columnArgExtreme { $0 > $1 }
      })
  }

  // MARK: Whole-tensor shortcuts

  /// Sum of all elements (0 if empty).
  public func sum() -> Double { withBase { pairwiseSum($0, count) } }

  /// Product of all elements (1 if empty).
  public func prod() -> Double { withBase { laneProduct($0, count) } }

  /// Mean of all elements; throws if empty.
  public func mean() throws -> Double {
    try requireNonEmptyLanes(.all, "mean")
    return sum() / Double(count)
  }

  /// Variance of all elements; throws if empty or `ddof` is out of range.
  public func `var`(ddof: Int = 0) throws -> Double {
    try requireDegreesOfFreedom(.all, ddof, "var")
    return withBase { laneVariance($0, count, ddof) }
  }

  /// Standard deviation of all elements; throws like `var(ddof:)`.
  public func std(ddof: Int = 0) throws -> Double {
    try requireDegreesOfFreedom(.all, ddof, "std")
    return withBase { laneVariance($0, count, ddof).squareRoot() }
  }

  /// Smallest element (`NaN` if any is `NaN`); throws if empty.
  public func min() throws -> Double {
    try requireNonEmptyLanes(.all, "min")
    return withBase { laneMin($0, count) }
  }

  /// Largest element (`NaN` if any is `NaN`); throws if empty.
  public func max() throws -> Double {
    try requireNonEmptyLanes(.all, "max")
    return withBase { laneMax($0, count) }
  }

  /// Flat index of the first smallest element (or first `NaN`); throws if empty.
  public func argmin() throws -> Int {
    try requireNonEmptyLanes(.all, "argmin")
    return withBase { laneArgmin($0, count) }
  }

  /// Flat index of the first largest element (or first `NaN`); throws if empty.
  public func argmax() throws -> Int {
    try requireNonEmptyLanes(.all, "argmax")
    return withBase { laneArgmax($0, count) }
  }

  // MARK: Cumulative sums

  /// Running sums, like `numpy.cumsum`: with a nil axis (or for a vector)
  /// over all elements in row-major order, giving a vector; with axis 0 down
  /// each column, with axis 1 along each row, giving a matrix of the same
  /// shape. Throws on a bad axis.
  public func cumsum(axis: Int?) throws -> Tensor {
    let lanes = try reductionLanes(axis, "cumsum")
    let (r, c) = (rows, cols)
    return withBase { p in
      switch lanes {
      case .all:
        let n = count
        return Tensor.make(rank: 1, rows: n, cols: 1) { out in
          var s = 0.0
          for i in 0..<n {
            s += p[i]
            out[i] = s
          }
        }
      case .across:
        return makeSameShape { out in
          for i in 0..<r {
            var s = 0.0
            for j in 0..<c {
              s += p[i * c + j]
              out[i * c + j] = s
            }
          }
        }
      case .down:
        return makeSameShape { out in
          if r == 0 { return }
          for j in 0..<c { out[j] = p[j] }
          for i in 1..<Swift.max(r, 1) {
            let prev = (i - 1) * c
            let cur = i * c
            for j in 0..<c { out[cur + j] = out[prev + j] + p[cur + j] }
          }
        }
      }
    }
  }
}
