import Foundation

/// A binary element-wise operation (see `Tensor.elementwise`).
public enum ElementwiseOp: Sendable, CaseIterable {
  /// `a + b`
  case add
  /// `a - b`
  case sub
  /// `a * b`
  case mul
  /// `a / b` (IEEE: `1/0` is `Infinity`, `0/0` is `NaN`)
  case div
  /// `a ** b` (C `pow`)
  case pow
  /// Floored modulo, like Python's and numpy's `%`: the result has the sign
  /// of the divisor (`-1 % 3 == 2`, `1 % -3 == -2`); `x % 0` is `NaN`.
  case mod
  /// `a < b` as 1 or 0
  case lt
  /// `a <= b` as 1 or 0
  case le
  /// `a > b` as 1 or 0
  case gt
  /// `a >= b` as 1 or 0
  case ge
  /// `a == b` as 1 or 0
  case eq
  /// `a != b` as 1 or 0
  case ne
  /// The smaller of `a` and `b`; `NaN` if either is `NaN` (numpy `minimum`).
  case minimum
  /// The larger of `a` and `b`; `NaN` if either is `NaN` (numpy `maximum`).
  case maximum
}

/// A unary element-wise operation (see `Tensor.map`).
public enum UnaryOp: Sendable, CaseIterable {
  /// `-x`
  case neg
  /// `eˣ`
  case exp
  /// Natural logarithm (`NaN` below 0, `-Infinity` at 0).
  case log
  /// Square root (`NaN` below 0).
  case sqrt
  /// `|x|`
  case abs
  /// Largest whole number ≤ x.
  case floor
  /// Smallest whole number ≥ x.
  case ceil
  /// Nearest whole number, ties to even (numpy `round`: `0.5 → 0`, `1.5 → 2`).
  case round
  /// -1, 0 or 1 by the sign of x (`NaN` stays `NaN`).
  case sign
  /// Hyperbolic tangent.
  case tanh
  /// The logistic function `1 / (1 + e⁻ˣ)`, computed without overflow.
  case sigmoid
  /// `log(1 + x)`, accurate near 0.
  case log1p
  /// `eˣ - 1`, accurate near 0.
  case expm1
}

/// Floored modulo with numpy's conventions (`npy_divmod`).
@inline(__always)
func flooredMod(_ a: Double, _ b: Double) -> Double {
  var m = fmod(a, b)
  if b == 0 { return m }
  if m != 0 {
    if (b < 0) != (m < 0) { m += b }
  } else {
    m = b.sign == .minus ? -0.0 : 0.0
  }
  return m
}

/// How two operands line up under broadcasting: the result is `rows×cols`;
/// element `(i, j)` of an operand is at `i * rowStride + j * colStride`
/// (strides are 0 along broadcast dimensions, and `colStride` is 0 or 1).
struct BroadcastPlan {
  /// The shape of the result.
  var shape: [Int]
  var rows: Int
  var cols: Int
  var aRow: Int
  var aCol: Int
  var bRow: Int
  var bCol: Int
}

extension Tensor {
  /// The shape of `t` as a matrix aligned at the right, numpy-style: a vector
  /// `[n]` is `1×n`.
  @inline(__always)
  fileprivate var rightAligned: (rows: Int, cols: Int) {
    rank == 1 ? (1, rows) : (rows, cols)
  }

  /// Plans numpy broadcasting of two tensors of rank ≤ 2.
  static func broadcastPlan(_ a: Tensor, _ b: Tensor) throws -> BroadcastPlan {
    let (ar, ac) = a.rightAligned
    let (br, bc) = b.rightAligned
    guard ar == br || ar == 1 || br == 1, ac == bc || ac == 1 || bc == 1 else {
      throw TensorError("shapes \(describe(a.shape)) and \(describe(b.shape)) do not broadcast")
    }
    let r = ar == 1 ? br : ar
    let c = ac == 1 ? bc : ac
    let shape = Swift.max(a.rank, b.rank) == 1 ? [c] : [r, c]
    if c == 1 {
      // A column result: walk it as one row so the inner loop is long.
      return BroadcastPlan(
        shape: shape, rows: 1, cols: r,
        aRow: 0, aCol: ar == 1 ? 0 : 1, bRow: 0, bCol: br == 1 ? 0 : 1)
    }
    return BroadcastPlan(
      shape: shape, rows: r, cols: c,
      aRow: ar == 1 ? 0 : ac, aCol: ac == 1 ? 0 : 1,
      bRow: br == 1 ? 0 : bc, bCol: bc == 1 ? 0 : 1)
  }

  /// Applies `f` over a broadcast plan. Inlined into each operation so that
  /// `f` is a constant and the inner loops vectorise.
  @inline(__always)
  static func runBinary(
    _ p: BroadcastPlan, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
    _ out: UnsafeMutablePointer<Double>, _ f: (Double, Double) -> Double
  ) {
    let r = p.rows
    let c = p.cols
    if p.aCol == 1 && p.bCol == 1 && p.aRow == c && p.bRow == c {
      for i in 0..<(r * c) { out[i] = f(a[i], b[i]) }
      return
    }
    for i in 0..<r {
      let ar = a + i * p.aRow
      let br = b + i * p.bRow
      let o = out + i * c
      if p.aCol == 1 && p.bCol == 1 {
        for j in 0..<c { o[j] = f(ar[j], br[j]) }
      } else if p.aCol == 1 {
        let y = br[0]
        for j in 0..<c { o[j] = f(ar[j], y) }
      } else if p.bCol == 1 {
        let x = ar[0]
        for j in 0..<c { o[j] = f(x, br[j]) }
      } else {
        let v = f(ar[0], br[0])
        for j in 0..<c { o[j] = v }
      }
    }
  }

  /// Dispatches `op` to `runBinary` with a constant closure per operation.
  static func runBinary(
    _ op: ElementwiseOp, _ p: BroadcastPlan, _ a: UnsafePointer<Double>,
    _ b: UnsafePointer<Double>, _ o: UnsafeMutablePointer<Double>
  ) {
    switch op {
    case .add: runBinary(p, a, b, o) { $0 + $1 }
    case .sub: runBinary(p, a, b, o) { $0 - $1 }
    case .mul: runBinary(p, a, b, o) { $0 * $1 }
    case .div: runBinary(p, a, b, o) { $0 / $1 }
    case .pow: runBinary(p, a, b, o) { Foundation.pow($0, $1) }
    case .mod: runBinary(p, a, b, o) { flooredMod($0, $1) }
    case .lt: runBinary(p, a, b, o) { $0 < $1 ? 1 : 0 }
    case .le: runBinary(p, a, b, o) { $0 <= $1 ? 1 : 0 }
    case .gt: runBinary(p, a, b, o) { $0 > $1 ? 1 : 0 }
    case .ge: runBinary(p, a, b, o) { $0 >= $1 ? 1 : 0 }
    case .eq: runBinary(p, a, b, o) { $0 == $1 ? 1 : 0 }
    case .ne: runBinary(p, a, b, o) { $0 != $1 ? 1 : 0 }
    case .minimum: runBinary(p, a, b, o) { ($0 <= $1 || $0 != $0) ? $0 : $1 }  // NaN-propagating
    case .maximum: runBinary(p, a, b, o) { ($0 >= $1 || $0 != $0) ? $0 : $1 }
    }
  }

  /// `a op b` element-wise with numpy broadcasting (rank ≤ 2): equal shapes;
  /// a matrix `[r, c]` with a vector `[c]` (applied to every row), with a
  /// column `[r, 1]` or a row `[1, c]`; any shape with a one-element `[1]`
  /// or `[1, 1]`; `[r, 1]` with `[1, c]` or `[c]` gives `[r, c]`. The result
  /// has the larger rank. Throws when the shapes do not broadcast.
  public static func elementwise(_ a: Tensor, _ b: Tensor, _ op: ElementwiseOp) throws -> Tensor {
    let p = try broadcastPlan(a, b)
    _ = try elementCount(p.shape)
    let d = dims(p.shape)
    return a.storage.withUnsafeBufferPointer { pa in
      b.storage.withUnsafeBufferPointer { pb in
        make(rank: d.rank, rows: d.rows, cols: d.cols) { po in
          guard let o = po.baseAddress, let x = pa.baseAddress, let y = pb.baseAddress else {
            return
          }
          runBinary(op, p, x, y, o)
        }
      }
    }
  }

  /// `a op scalar` element-wise, or `scalar op a` when `scalarOnLeft`.
  public static func elementwise(
    _ a: Tensor, scalar: Double, _ op: ElementwiseOp, scalarOnLeft: Bool
  ) -> Tensor {
    let n = a.count
    let plan =
      scalarOnLeft
      ? BroadcastPlan(shape: [n], rows: 1, cols: n, aRow: 0, aCol: 0, bRow: 0, bCol: 1)
      : BroadcastPlan(shape: [n], rows: 1, cols: n, aRow: 0, aCol: 1, bRow: 0, bCol: 0)
    return withUnsafePointer(to: scalar) { s in
      a.storage.withUnsafeBufferPointer { pa in
        a.makeSameShape { po in
          guard let o = po.baseAddress, let t = pa.baseAddress else { return }
          if scalarOnLeft { runBinary(op, plan, s, t, o) } else { runBinary(op, plan, t, s, o) }
        }
      }
    }
  }

  @inline(__always)
  private func mapped(_ f: (Double) -> Double) -> Tensor {
    let n = count
    return withBase { src in
      makeSameShape { buffer in
        guard let dst = buffer.baseAddress else { return }
        for i in 0..<n { dst[i] = f(src[i]) }
      }
    }
  }

  /// Applies `op` to every element.
  public func map(_ op: UnaryOp) -> Tensor {
    switch op {
    case .neg: return mapped { -$0 }
    case .exp: return mapped { Foundation.exp($0) }
    case .log: return mapped { Foundation.log($0) }
    case .sqrt: return mapped { $0.squareRoot() }
    case .abs: return mapped { Swift.abs($0) }
    case .floor: return mapped { $0.rounded(.down) }
    case .ceil: return mapped { $0.rounded(.up) }
    case .round: return mapped { $0.rounded(.toNearestOrEven) }
    case .sign: return mapped { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0 == 0 ? 0 : $0)) }
    case .tanh: return mapped { Foundation.tanh($0) }
    case .sigmoid:
      return mapped { x in
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
      }
    case .log1p: return mapped { Foundation.log1p($0) }
    case .expm1: return mapped { Foundation.expm1($0) }
    }
  }

  /// Limits every element to `[lo, hi]`, like `numpy.clip`
  /// (`minimum(maximum(x, lo), hi)`: `NaN` stays `NaN`; if `lo > hi` every
  /// element becomes `hi`).
  public func clip(_ lo: Double, _ hi: Double) -> Tensor {
    mapped { x in
      // `x != x` is the NaN test; written this way the loop vectorises.
      let y = (x >= lo || x != x) ? x : lo
      return (y <= hi || y != y) ? y : hi
    }
  }
}
