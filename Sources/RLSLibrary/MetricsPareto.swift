import RLSCore
import RLSNumerics
import RLSPrimitives

/// The multi-objective part of the `metrics` namespace: Pareto fronts and
/// the hypervolume indicator — bindings of `Pareto` and `Hypervolume`.
enum ParetoNatives {
  static let rows: [Native] = [
    Native(
      "pareto_front", usage: "metrics.pareto_front(points, maximize:)",
      doc: """
        The indices (ascending, 0-based, as a vector) of the non-dominated rows of `points` — an n×m matrix, one row per point (trial), one column per objective — as pymoo's first non-dominated front or optuna's best trials: a row is dropped when another row is at least as good in every objective and better in one, so duplicates of a front point are all kept (moocore's keep_weakly=True). Objectives are minimised; `maximize:` true maximises all, or a list of m booleans chooses per objective. Use points[i] on the indices to get the rows. O(n log n) for 2 objectives. NaN is an error.
        """
    ) { c in
      let points = try c.matrix(0, "points")
      let maximize = try maximizeOption(c, points.cols)
      let front = try MetricsArguments.run(c, argument: 0) {
        try Pareto.front(points: points, maximize: maximize, shouldStop: MetricsArguments.shouldStop)
      }
      return c.vm.tensorValue(Tensor(vector: front.map(Double.init)))
    },
    Native(
      "hypervolume", usage: "metrics.hypervolume(points, ref, maximize:)",
      doc: """
        The hypervolume indicator: the volume of objective space dominated by the rows of `points` (n×m, one row per point) and bounded by the reference point `ref` (m numbers), as moocore's / pymoo's HV or optuna's compute_hypervolume. Objectives are minimised (ref is then worse than every point that counts); `maximize:` true or a list of m booleans flips objectives (ref then bounds them from below). Points not strictly better than ref in every objective contribute nothing. Exact for any m: O(n log n) for 2 objectives, a sweep for 3, slicing for more (fine for a few objectives and hundreds of points). NaN, a non-finite ref, or a contributing point at -Infinity (+Infinity when maximised) is an error.
        """
    ) { c in
      let points = try c.matrix(0, "points")
      let ref = try c.vector(1, "ref")
      let maximize = try maximizeOption(c, points.cols)
      return .number(
        try MetricsArguments.run(c) {
          try Hypervolume.compute(points: points, ref: ref, maximize: maximize, shouldStop: MetricsArguments.shouldStop)
        })
    },
  ]

  /// `maximize:` as one flag per objective: absent is all false, a boolean
  /// applies to every objective, a list gives one per objective.
  static func maximizeOption(_ c: NativeCall, _ m: Int) throws -> [Bool] {
    guard let v = c.option("maximize") else { return [Bool](repeating: false, count: m) }
    if case .bool(let b) = v { return [Bool](repeating: b, count: m) }
    guard let l = v.list else {
      throw c.error("option maximize must be true, false or a list of booleans, got \(v.typeName)", kind: .type)
    }
    guard l.items.count == m else {
      throw c.error("option maximize has \(l.items.count) entries but points has \(m) objectives (columns)")
    }
    return try l.items.enumerated().map { j, x in
      guard case .bool(let b) = x else {
        throw c.error("option maximize[\(j)] must be true or false, got \(x.typeName)", kind: .type)
      }
      return b
    }
  }
}
