import RLSNumerics

/// Pareto (non-dominated) fronts of objective vectors, as multi-objective
/// optimisers report them (optuna's best trials, pymoo's first
/// non-dominated front, moocore's `is_nondominated(keep_weakly=True)`).
///
/// Rows are points, columns objectives, minimised unless `maximize` says
/// otherwise per objective. A row is on the front when no other row is at
/// least as good in every objective and better in one; equal rows do not
/// dominate one another, so duplicates of a front point are all on it.
public enum Pareto {
  /// The ascending indices of the non-dominated rows of `points` (n × m).
  ///
  /// O(n log n) for m = 2 (one sort and a sweep); for m = 3 a sweep over
  /// the third objective keeping the 2-D front of the rows seen (a binary
  /// search and a memmove per row); for m ≥ 4 each row is compared with the
  /// front of the rows before it in lexicographic order, O(n · front · m).
  /// `NaN`s, a `maximize` of the wrong length, and fewer than one objective
  /// are errors. `shouldStop` is polled every 1024 rows of the m ≥ 4 case.
  public static func front(points: Tensor, maximize: [Bool], shouldStop: () -> Bool = { false }) throws -> [Int] {
    let p = try Objectives(points, maximize: maximize)
    switch p.m {
    case 1:
      guard let best = p.values.min() else { return [] }
      return p.values.indices.filter { p.values[$0] == best }
    case 2: return front2(p)
    case 3: return front3(p)
    default: return try frontAny(p, shouldStop)
    }
  }

  /// 2-D: rows sorted by (x, y); a row is dominated when a row of smaller x
  /// has y at most its own, or a row of equal x has a smaller y.
  static func front2(_ p: Objectives) -> [Int] {
    let order = p.lexicographicOrder()
    var keep: [Int] = []
    var bestBefore = Double.infinity
    var start = 0
    let v = p.values
    while start < order.count {
      let x = v[2 * order[start]]
      var end = start
      var groupMin = Double.infinity
      while end < order.count && v[2 * order[end]] == x {
        groupMin = Swift.min(groupMin, v[2 * order[end] + 1])
        end += 1
      }
      for j in start..<end {
        let y = v[2 * order[j] + 1]
        if !(bestBefore <= y) && y <= groupMin { keep.append(order[j]) }
      }
      bestBefore = Swift.min(bestBefore, groupMin)
      start = end
    }
    return keep.sorted()
  }

  /// 3-D: rows in lexicographic order of (z, x, y); a row is dominated
  /// exactly when an earlier row (other than its duplicates) weakly dominates
  /// it in (x, y), which the staircase of the earlier rows answers.
  static func front3(_ p: Objectives) -> [Int] {
    let order = p.lexicographicOrder(first: 2)
    var stairs = Staircase()
    var keep: [Int] = []
    let v = p.values
    var start = 0
    while start < order.count {
      let r = order[start]
      var end = start + 1
      while end < order.count && p.equalRows(order[end], r) { end += 1 }
      if !stairs.weaklyDominates(v[3 * r], v[3 * r + 1]) {
        keep.append(contentsOf: order[start..<end])
      }
      stairs.insert(v[3 * r], v[3 * r + 1])
      start = end
    }
    return keep.sorted()
  }

  /// Any m: in lexicographic order every dominator of a row comes before it,
  /// and dominance is transitive, so the front of the earlier rows suffices.
  static func frontAny(_ p: Objectives, _ shouldStop: () -> Bool) throws -> [Int] {
    let order = p.lexicographicOrder()
    var keep: [Int] = []
    for (k, r) in order.enumerated() {
      if k % 1024 == 1023, shouldStop() { throw MetricInterrupted() }
      if !keep.contains(where: { p.dominates($0, r) }) { keep.append(r) }
    }
    return keep.sorted()
  }
}

/// Objective vectors turned to minimisation (maximised columns negated),
/// checked for `NaN`, row-major.
struct Objectives {
  /// n × m values, every objective minimised.
  var values: [Double]
  /// The number of rows.
  let n: Int
  /// The number of objectives.
  let m: Int

  /// `points` (n × m) with the columns marked in `maximize` negated.
  init(_ points: Tensor, maximize: [Bool]) throws {
    guard points.rank == 2 else { throw MetricError("points must be a matrix (one row per point)") }
    n = points.rows
    m = points.cols
    guard m >= 1 else { throw MetricError("points needs at least one objective (column), got 0") }
    guard maximize.count == m else {
      throw MetricError("maximize has \(maximize.count) entries but points has \(m) objectives (columns)")
    }
    values = points.storage
    for i in 0..<n {
      for j in 0..<m {
        let x = values[i * m + j]
        if x.isNaN { throw MetricError("points[\(i)][\(j)] is NaN") }
        if maximize[j] { values[i * m + j] = -x }
      }
    }
  }

  /// The rows sorted lexicographically, starting with column `first` and
  /// then the others in order; ties keep the row order.
  func lexicographicOrder(first: Int = 0) -> [Int] {
    let m = m
    return values.withUnsafeBufferPointer { v in
      (0..<n).sorted { a, b in
        let fa = v[a &* m &+ first]
        let fb = v[b &* m &+ first]
        if fa != fb { return fa < fb }
        for j in 0..<m where j != first {
          let x = v[a &* m &+ j]
          let y = v[b &* m &+ j]
          if x != y { return x < y }
        }
        return a < b
      }
    }
  }

  /// Whether rows `a` and `b` are equal.
  func equalRows(_ a: Int, _ b: Int) -> Bool {
    for j in 0..<m where values[a * m + j] != values[b * m + j] { return false }
    return true
  }

  /// Whether row `a` dominates row `b`: no worse anywhere, better somewhere.
  func dominates(_ a: Int, _ b: Int) -> Bool {
    var better = false
    for j in 0..<m {
      let x = values[a * m + j]
      let y = values[b * m + j]
      if x > y { return false }
      if x < y { better = true }
    }
    return better
  }
}
