/// One index of a tensor subscript: a position, or a Python slice.
public enum TensorIndex: Equatable, Sendable {
  /// One position; negative counts from the end (`-1` is the last). Out of
  /// range is an error (no clamping). Removes the axis from the result.
  case at(Int)
  /// A Python slice `lo:hi:step`: nil bounds mean the whole axis in the
  /// direction of `step` (default 1, never 0); negative bounds count from the
  /// end; bounds are clamped to the axis. Keeps the axis.
  case range(lo: Int?, hi: Int?, step: Int?)

  /// The slice `:`, the whole axis.
  public static let all = TensorIndex.range(lo: nil, hi: nil, step: nil)
}

/// The positions an index selects along one axis: `start + i * step` for
/// `i` in `0..<count`; `keep` is false for `.at` (the axis disappears).
struct AxisSelection {
  var start: Int
  var step: Int
  var count: Int
  var keep: Bool

  /// Resolves `index` against an axis of length `n` (`axis` for messages).
  init(_ index: TensorIndex, length n: Int, axis: Int) throws {
    switch index {
    case .at(let i):
      let j = i < 0 ? i + n : i
      guard j >= 0 && j < n else {
        throw TensorError("index \(i) is out of range for axis \(axis) with size \(n)")
      }
      self.init(start: j, step: 1, count: 1, keep: false)
    case .range(let lo, let hi, let stepArg):
      let step = stepArg ?? 1
      guard step != 0 else { throw TensorError("slice step cannot be zero") }
      // Python's PySlice_AdjustIndices.
      func adjust(_ v: Int?, _ defaultValue: Int, low: Int, high: Int) -> Int {
        guard var v else { return defaultValue }
        if v < 0 {
          v += n
          if v < 0 { v = low }
        } else if v >= n {
          v = high
        }
        return v
      }
      if step > 0 {
        let a = adjust(lo, 0, low: 0, high: n)
        let b = adjust(hi, n, low: 0, high: n)
        let count = b > a ? (b - a - 1) / step + 1 : 0
        self.init(start: a, step: step, count: count, keep: true)
      } else {
        let a = adjust(lo, n - 1, low: -1, high: n - 1)
        let b = adjust(hi, -1, low: -1, high: n - 1)
        // (a - b - 1) / |step| + 1, written so that step == Int.min cannot overflow.
        let count = a > b ? 1 - (a - b - 1) / step : 0
        self.init(start: a, step: step, count: count, keep: true)
      }
    }
  }

  init(start: Int, step: Int, count: Int, keep: Bool) {
    self.start = start
    self.step = step
    self.count = count
    self.keep = keep
  }
}

/// A rectangular selection of a tensor seen as a matrix: rows `row`, columns
/// `col` (for a vector, row 0 of a `1×n` view). `shape` is the numpy shape
/// of the result: `[]` for a single element.
struct Selection {
  var row: AxisSelection
  var col: AxisSelection
  var shape: [Int]
}

extension Tensor {
  /// Resolves a subscript to a selection, or throws.
  func select(_ idx: [TensorIndex]) throws -> Selection {
    if rank == 1 {
      guard idx.count == 1 else {
        throw TensorError(
          "a tensor of shape \(describe(shape)) takes 1 index, but \(idx.count) were given")
      }
      let col = try AxisSelection(idx[0], length: rows, axis: 0)
      let row = AxisSelection(start: 0, step: 1, count: 1, keep: false)
      return Selection(row: row, col: col, shape: col.keep ? [col.count] : [])
    }
    guard idx.count == 1 || idx.count == 2 else {
      throw TensorError(
        "a tensor of shape \(describe(shape)) takes 1 or 2 indices, but \(idx.count) were given")
    }
    let row = try AxisSelection(idx[0], length: rows, axis: 0)
    let col =
      idx.count == 2
      ? try AxisSelection(idx[1], length: cols, axis: 1)
      : AxisSelection(start: 0, step: 1, count: cols, keep: true)
    var shape: [Int] = []
    if row.keep { shape.append(row.count) }
    if col.keep { shape.append(col.count) }
    return Selection(row: row, col: col, shape: shape)
  }

  /// Reads a subscript, numpy-style. A vector takes one index: `t[i]` is a
  /// number, `t[a:b:s]` a vector. A matrix takes one or two: `t[i]` is row
  /// `i` as a vector, `t[a:b]` those rows as a matrix, `t[i, j]` a number,
  /// `t[i, a:b]` part of a row and `t[a:b, j]` part of a column as vectors,
  /// `t[a:b, c:d]` a matrix. Slices return copies. Throws on a wrong number
  /// of indices, an out-of-range position or a zero step.
  public func get(_ idx: [TensorIndex]) throws -> TensorOrScalar {
    let s = try select(idx)
    // In the matrix view of a vector, "columns" are its elements.
    let rowStride = rank == 1 ? 0 : cols
    if s.shape.isEmpty {
      return .scalar(storage[s.row.start * rowStride + s.col.start])
    }
    let (rc, cc) = (s.row.count, s.col.count)
    let (r0, rs, c0, cs) = (s.row.start, s.row.step, s.col.start, s.col.step)
    let d = Tensor.dims(s.shape)
    return .tensor(
      withBase { p in
        Tensor.make(rank: d.rank, rows: d.rows, cols: d.cols) { out in
          var k = 0
          for i in 0..<rc {
            let base = (r0 + i * rs) * rowStride + c0
            for j in 0..<cc {
              out[k] = p[base + j * cs]
              k += 1
            }
          }
        }
      })
  }

  /// Writes a subscript (same forms as `get`). A number fills the whole
  /// selection; a tensor must have the selection's shape or broadcast to it
  /// as numpy would (e.g. a vector `[c]` into every row of an `[r, c]`
  /// selection, a `[r, 1]` column across columns; a selected single element
  /// takes a one-element tensor). Throws on a bad subscript or a tensor that
  /// does not fit.
  public mutating func set(_ idx: [TensorIndex], _ value: TensorOrScalar) throws {
    let s = try select(idx)
    let rowStride = rank == 1 ? 0 : cols
    let (rc, cc) = (s.row.count, s.col.count)
    let (r0, rs, c0, cs) = (s.row.start, s.row.step, s.col.start, s.col.step)
    switch value {
    case .scalar(let x):
      storage.withUnsafeMutableBufferPointer { p in
        for i in 0..<rc {
          let base = (r0 + i * rs) * rowStride + c0
          for j in 0..<cc { p[base + j * cs] = x }
        }
      }
    case .tensor(let v):
      let (vRow, vCol) = try assignmentStrides(v, s)
      v.withBase { src in
        storage.withUnsafeMutableBufferPointer { p in
          for i in 0..<rc {
            let base = (r0 + i * rs) * rowStride + c0
            for j in 0..<cc { p[base + j * cs] = src[i * vRow + j * vCol] }
          }
        }
      }
    }
  }

  /// How element `(i, j)` of a selection's grid is found in `v`
  /// (`i * rowStride + j * colStride`), when `v` broadcasts to the
  /// selection's shape without changing it; throws otherwise.
  private func assignmentStrides(_ v: Tensor, _ s: Selection) throws -> (Int, Int) {
    let fail = TensorError(
      "cannot assign a tensor of shape \(describe(v.shape)) to a selection of shape"
        + " \(describe(s.shape))")
    // numpy drops leading 1s of the value beyond the target's rank.
    var vshape = v.shape
    while vshape.count > s.shape.count && vshape.first == 1 { vshape.removeFirst() }
    guard vshape.count <= s.shape.count else { throw fail }
    // Strides of v along each target axis (right-aligned, 0 where broadcast).
    var strides = [Int](repeating: 0, count: s.shape.count)
    var stride = 1
    for k in 0..<vshape.count {
      let vd = vshape[vshape.count - 1 - k]
      let td = s.shape[s.shape.count - 1 - k]
      guard vd == td || vd == 1 else { throw fail }
      strides[s.shape.count - 1 - k] = vd == 1 ? 0 : stride
      stride *= vd
    }
    // Map target axes back onto the grid's (row, col) axes.
    var axis = 0
    var rowStride = 0
    var colStride = 0
    if s.row.keep {
      rowStride = strides[axis]
      axis += 1
    }
    if s.col.keep { colStride = strides[axis] }
    return (rowStride, colStride)
  }
}
