/// The non-dominated set of 2-D points under minimisation, kept sorted by x
/// ascending (so y strictly descending), with the area it dominates below a
/// reference point: the sweep structure of the 3-D Pareto front and
/// hypervolume (Beume et al.'s HV3D: sort by the third objective, insert the
/// points in turn, the 2-D front of the points seen so far).
///
/// Insertion finds its place by binary search; dominated points leave in one
/// contiguous run, so the cost is a memmove per insertion at worst.
struct Staircase {
  private(set) var xs: [Double] = []
  private(set) var ys: [Double] = []
  /// The reference point's coordinates (the area is measured up to them).
  let refX: Double
  let refY: Double
  /// Whether the area is tracked (a finite reference was given).
  let measuring: Bool
  /// The area of the union of the boxes [x, refX] × [y, refY] over the
  /// points (0 when not measuring).
  private(set) var area = 0.0

  /// An empty staircase, measuring area up to (refX, refY) when they are
  /// given (points must then lie below them), or only keeping the front.
  init(refX: Double? = nil, refY: Double? = nil) {
    self.refX = refX ?? .infinity
    self.refY = refY ?? .infinity
    measuring = refX != nil && refY != nil
  }

  /// The first index whose x is at least `x`.
  private func lowerBound(_ x: Double) -> Int {
    var lo = 0
    var hi = xs.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if xs[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// Whether some point q of the staircase has q.x <= x and q.y <= y (equal
  /// points included).
  func weaklyDominates(_ x: Double, _ y: Double) -> Bool {
    let lo = lowerBound(x)
    if lo < xs.count, xs[lo] == x, ys[lo] <= y { return true }
    return lo > 0 && ys[lo - 1] <= y
  }

  /// Adds (x, y) unless a point already weakly dominates it, removing the
  /// points it dominates and updating the area (used only when the point lies
  /// below the reference in both coordinates).
  mutating func insert(_ x: Double, _ y: Double) {
    if weaklyDominates(x, y) { return }
    let lo = lowerBound(x)
    var hi = lo
    // The strip [x, next remaining x) gains height from the current lower
    // envelope (the predecessor's y, then each removed point's) down to y.
    var u = x
    var level = lo > 0 ? ys[lo - 1] : refY
    var gained = 0.0
    while hi < xs.count && ys[hi] >= y {
      if measuring { gained += (xs[hi] - u) * (level - y) }
      u = xs[hi]
      level = ys[hi]
      hi += 1
    }
    if measuring {
      gained += ((hi < xs.count ? xs[hi] : refX) - u) * (level - y)
      area += gained
    }
    xs.replaceSubrange(lo..<hi, with: CollectionOfOne(x))
    ys.replaceSubrange(lo..<hi, with: CollectionOfOne(y))
  }
}
