/// Isotonic (monotone increasing) regression with scikit-learn's
/// `IsotonicRegression(out_of_bounds="clip")` semantics: points sorted by x
/// (ties by y), equal x pooled first (weighted mean, summed weights), then
/// pool-adjacent-violators; predictions interpolate linearly between the
/// knots and clip outside [min x, max x].
public struct IsotonicRegression: Sendable {
  /// Knot positions (increasing) and values (non-decreasing).
  public private(set) var knotsX: [Double]
  public private(set) var knotsY: [Double]

  /// Fits `y` against `x` (optional positive weights).
  public init(x: [Double], y: [Double], weights: [Double]? = nil) throws {
    let n = x.count
    guard n == y.count else { throw CalibrationError("scores has \(n) values but labels has \(y.count)") }
    guard n > 0 else { throw CalibrationError("scores is empty") }
    if let w = weights, w.count != n { throw CalibrationError("weights has \(w.count) values but scores has \(n)") }
    for i in 0..<n {
      guard x[i].isFinite else { throw CalibrationError("scores[\(i)] is \(x[i]); values must be finite") }
      guard y[i].isFinite else { throw CalibrationError("labels[\(i)] is \(y[i]); values must be finite") }
      if let w = weights, !(w[i] > 0) { throw CalibrationError("weights[\(i)] must be positive") }
    }
    struct Point {
      var x: Double
      var y: Double
      var w: Double
      var index: Int
    }
    var points = [Point]()
    points.reserveCapacity(n)
    for i in 0..<n { points.append(Point(x: x[i], y: y[i], w: weights?[i] ?? 1, index: i)) }
    points.sort { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
    // Pool equal x; remember which unique x each sorted point belongs to.
    var ux: [Double] = []
    var uy: [Double] = []
    var uw: [Double] = []
    var uniqueOf = [Int](repeating: 0, count: n)
    for (k, p) in points.enumerated() {
      if let last = ux.last, last == p.x {
        let j = ux.count - 1
        uy[j] = (uy[j] * uw[j] + p.y * p.w) / (uw[j] + p.w)
        uw[j] += p.w
      } else {
        ux.append(p.x)
        uy.append(p.y)
        uw.append(p.w)
      }
      uniqueOf[k] = ux.count - 1
    }
    // Pool adjacent violators over blocks (value, weight, length).
    var values: [Double] = []
    var blockWeights: [Double] = []
    var lengths: [Int] = []
    for i in ux.indices {
      values.append(uy[i])
      blockWeights.append(uw[i])
      lengths.append(1)
      while values.count > 1 && values[values.count - 2] > values[values.count - 1] {
        let v2 = values.removeLast(), w2 = blockWeights.removeLast(), l2 = lengths.removeLast()
        let j = values.count - 1
        values[j] = (values[j] * blockWeights[j] + v2 * w2) / (blockWeights[j] + w2)
        blockWeights[j] += w2
        lengths[j] += l2
      }
    }
    var fitted: [Double] = []
    fitted.reserveCapacity(ux.count)
    for (v, l) in zip(values, lengths) { fitted += Array(repeating: v, count: l) }
    // Keep only the knots interpolation needs (ends of constant runs).
    var kx: [Double] = []
    var ky: [Double] = []
    for i in ux.indices {
      let interior = i > 0 && i < ux.count - 1 && fitted[i] == fitted[i - 1] && fitted[i] == fitted[i + 1]
      if !interior {
        kx.append(ux[i])
        ky.append(fitted[i])
      }
    }
    knotsX = kx
    knotsY = ky
    var training = [Double](repeating: 0, count: n)
    for (k, p) in points.enumerated() { training[p.index] = fitted[uniqueOf[k]] }
    fitted = training
    self.fitted = fitted
  }

  /// The predictions at the training points, in their original order.
  public private(set) var fitted: [Double] = []

  /// The prediction at `t` (clipped to the fitted range, linear between knots).
  public func predict(_ t: Double) -> Double {
    guard !t.isNaN else { return .nan }
    guard let first = knotsX.first, let last = knotsX.last else { return .nan }
    if t <= first { return knotsY[0] }
    if t >= last { return knotsY[knotsY.count - 1] }
    var lo = 0
    var hi = knotsX.count - 1
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if knotsX[mid] <= t { lo = mid } else { hi = mid }
    }
    let span = knotsX[hi] - knotsX[lo]
    return span == 0 ? knotsY[hi] : knotsY[lo] + (t - knotsX[lo]) / span * (knotsY[hi] - knotsY[lo])
  }
}
