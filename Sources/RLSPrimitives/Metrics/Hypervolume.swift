import RLSNumerics

/// The hypervolume indicator: the volume of objective space dominated by a
/// set of points and bounded by a reference point (moocore's / pymoo's `HV`,
/// optuna's `compute_hypervolume`).
///
/// Objectives are minimised unless `maximize` says otherwise per objective
/// (then the reference bounds them from below). Only points strictly better
/// than the reference in every objective contribute; the others (including
/// `Infinity` in a minimised objective) add nothing.
///
/// Exact for every m: m = 1 is a difference, m = 2 a sort and a sweep
/// (O(n log n)), m = 3 Beume et al.'s sweep over the third objective keeping
/// the 2-D front and its area (a binary search and a memmove per point), and
/// m ≥ 4 slices along the last objective down to the 3-D case (HSO-like,
/// O(n^(m−2)) 3-D problems at worst: fine for the few objectives and
/// hundreds of points of hyperparameter searches).
public enum Hypervolume {
  /// The hypervolume of the rows of `points` (n × m) with respect to `ref`
  /// (m values). `NaN` anywhere, a non-finite reference, a contributing point
  /// unbounded below, and lengths that disagree are errors. `shouldStop` is
  /// polled between slices of the m ≥ 4 case.
  public static func compute(
    points: Tensor, ref: Tensor, maximize: [Bool], shouldStop: () -> Bool = { false }
  ) throws -> Double {
    let p = try Objectives(points, maximize: maximize)
    let m = p.m
    guard ref.count == m else { throw MetricError("ref has \(ref.count) entries but points has \(m) objectives (columns)") }
    var r = ref.storage
    for j in 0..<m {
      guard r[j].isFinite else { throw MetricError("ref[\(j)] is \(describe(r[j])), but must be finite") }
      if maximize[j] { r[j] = -r[j] }
    }
    // Keep the points strictly below the reference, shifted so that the
    // reference is the origin: every coordinate negative.
    var kept: [Double] = []
    kept.reserveCapacity(p.values.count)
    for i in 0..<p.n {
      var inside = true
      for j in 0..<m where !(p.values[i * m + j] < r[j]) { inside = false }
      guard inside else { continue }
      for j in 0..<m {
        let x = p.values[i * m + j]
        guard x.isFinite else {
          throw MetricError("points[\(i)][\(j)] is \(describe(maximize[j] ? -x : x)): the hypervolume is unbounded")
        }
        kept.append(x - r[j])
      }
    }
    return try volume(kept, m, shouldStop)
  }

  /// The volume dominated by `v` (rows of m negative coordinates) up to the
  /// origin.
  static func volume(_ v: [Double], _ m: Int, _ shouldStop: () -> Bool) throws -> Double {
    let n = v.count / m
    guard n > 0 else { return 0 }
    switch m {
    case 1: return -(v.min() ?? 0)
    case 2: return area(v)
    case 3: return volume3(v)
    default: break
    }
    // Slices along the last objective: sorted ascending, the slab between
    // point k's value and the next one's is covered by the (m−1)-D shadow of
    // points 0...k.
    let order = (0..<n).sorted { v[$0 * m + m - 1] < v[$1 * m + m - 1] }
    var total = 0.0
    var shadow: [Double] = []
    shadow.reserveCapacity(n * (m - 1))
    for (k, i) in order.enumerated() {
      if shouldStop() { throw MetricInterrupted() }
      add(v[(i * m)..<(i * m + m - 1)], to: &shadow, m - 1)
      let next = k + 1 < n ? v[order[k + 1] * m + m - 1] : 0
      let depth = next - v[i * m + m - 1]
      guard depth > 0 else { continue }
      total += try volume(shadow, m - 1, shouldStop) * depth
    }
    return total
  }

  /// 2-D: sorted by x, each point lowering the running minimum of y adds
  /// the strip from its x to the reference.
  static func area(_ v: [Double]) -> Double {
    let n = v.count / 2
    let order = v.withUnsafeBufferPointer { v in
      (0..<n).sorted { (a: Int, b: Int) -> Bool in
        let xa = v[2 &* a]
        let xb = v[2 &* b]
        return xa < xb || (xa == xb && v[2 &* a &+ 1] < v[2 &* b &+ 1])
      }
    }
    var low = 0.0
    var total = 0.0
    for i in order where v[2 * i + 1] < low {
      total += -v[2 * i] * (low - v[2 * i + 1])
      low = v[2 * i + 1]
    }
    return total
  }

  /// 3-D: sorted by z, the area of the 2-D front of the points seen so far
  /// times the depth to the next point's z (the last one's to the reference).
  static func volume3(_ v: [Double]) -> Double {
    let n = v.count / 3
    let order = v.withUnsafeBufferPointer { v in (0..<n).sorted { v[3 &* $0 &+ 2] < v[3 &* $1 &+ 2] } }
    var stairs = Staircase(refX: 0, refY: 0)
    var total = 0.0
    for (k, i) in order.enumerated() {
      stairs.insert(v[3 * i], v[3 * i + 1])
      let next = k + 1 < n ? v[3 * order[k + 1] + 2] : 0
      total += stairs.area * (next - v[3 * i + 2])
    }
    return total
  }

  /// Adds `row` to `front` (rows of m columns, none weakly dominating
  /// another) unless a row there weakly dominates it, removing the rows it
  /// dominates: O(front · m), to keep the slices small.
  static func add(_ row: ArraySlice<Double>, to front: inout [Double], _ m: Int) {
    let base = row.startIndex
    var i = 0
    var n = front.count / m
    while i < n {
      var rowBetter = false
      var frontBetter = false
      for j in 0..<m {
        let a = front[i * m + j]
        let b = row[base + j]
        if a < b { frontBetter = true } else if b < a { rowBetter = true }
      }
      if !rowBetter { return }  // weakly dominated (or equal): nothing changes
      if !frontBetter {
        // The new row dominates this one: drop it (the last row moves here).
        for j in 0..<m { front[i * m + j] = front[(n - 1) * m + j] }
        front.removeLast(m)
        n -= 1
      } else {
        i += 1
      }
    }
    front.append(contentsOf: row)
  }
}
