import RLSCore
import RLSNumerics
import RLSPrimitives

/// `train.sweep`: hyperparameter sweeps (grid and random search).
enum TrainSweep {
  /// One entry of a sweep's space: a list of values, a constant, or a
  /// random-search range.
  enum Entry {
    case values([Value])
    case range(SearchSpace.Dimension)
  }

  static func name(_ c: NativeCall, _ key: Value) -> String { key.string?.value ?? c.vm.formatValue(key) }

  /// The entry of `space.<key>` for a sweep in `mode`.
  static func entry(_ c: NativeCall, _ key: String, _ v: Value, random: Bool) throws -> Entry {
    if let l = v.list {
      guard !l.items.isEmpty else { throw c.error("space.\(key) has no values to try", argument: 1) }
      return .values(l.items)
    }
    guard let m = v.map else { return .values([v]) }
    guard random else { throw c.error("space.\(key): a {low, high} range needs mode: \"random\" (a grid takes lists)", argument: 1) }
    for (k, _) in m.entries {
      guard let s = k.string?.value, ["low", "high", "log", "int", "integer"].contains(s) else {
        throw c.error("space.\(key) has an unknown field \(c.vm.formatValue(k)) (accepted: low, high, log, int, integer)", argument: 1)
      }
    }
    func number(_ f: String) throws -> Double {
      guard case .number(let d)? = m.get(f) else {
        throw c.error("space.\(key).\(f) must be a number, got \(m.get(f)?.typeName ?? "nothing")", argument: 1, kind: .type)
      }
      return d
    }
    func flag(_ f: String) throws -> Bool {
      guard let x = m.get(f), !x.isNil else { return false }
      guard case .bool(let b) = x else { throw c.error("space.\(key).\(f) must be true or false, got \(x.typeName)", argument: 1, kind: .type) }
      return b
    }
    let (lo, hi) = (try number("low"), try number("high"))
    let (log, int) = (try flag("log"), try flag("int") || flag("integer"))
    guard int else { return .range(log ? .logUniform(low: lo, high: hi) : .uniform(low: lo, high: hi)) }
    guard lo == lo.rounded(), hi == hi.rounded(), abs(lo) < 4e15, abs(hi) < 4e15 else {
      throw c.error("space.\(key): low and high must be integers when int: true", argument: 1)
    }
    return .range(log ? .logInteger(low: Int(lo), high: Int(hi)) : .integer(low: Int(lo), high: Int(hi)))
  }

  static let sweepRows: [Native] = [
    Native(
      "sweep", usage: "train.sweep(fn, space, trials:, seed:, mode:)",
      doc:
        "Runs fn(params) for each point of a hyperparameter space (a map name → values) and returns a list of {params, result} in run order (params a map in the space's key order, result what fn returned). mode: \"grid\" (default without trials:) runs the Cartesian product of the lists, first key slowest and last key fastest, as itertools.product. mode: \"random\" (default when trials: is given) draws trials: (default 10) points from seed: (default 0, deterministic): a list → one of its values uniformly, {low, high} → uniform in [low, high), {low, high, log: true} → log-uniform (low > 0), {low, high, int: true} (or integer: true) → an integer in low..high inclusive (with log: true, log-uniformly). Any other value is a constant. The draws are those of the Stdlib module sweep (sweep.grid, sweep.random with rng(seed)) for the same space and seed. An error inside fn stops the sweep and names the trial and its params."
    ) { c in
      let fn = try c.callable(0, "fn")
      let space = try c.map(1, "space")
      let trialsGiven = c.option("trials") != nil
      let mode = try c.choice(option: "mode", ["grid", "random"], default: trialsGiven ? "random" : "grid")
      let random = mode == "random"
      guard !(trialsGiven && !random) else { throw c.error("trials: applies to mode: \"random\"; a grid runs every point") }
      let trials = try c.int(option: "trials", default: 10)
      let seed = try c.int(option: "seed", default: 0)
      guard seed >= 0 else { throw c.error("seed must be a non-negative integer, got \(seed)") }
      let keys = space.entries.map(\.key)
      let names = keys.map { name(c, $0) }
      let entries = try space.entries.enumerated().map { i, kv in try entry(c, names[i], kv.value, random: random) }
      // Each run's params as one value per key.
      var plan: [[Value]] = []
      try RMNatives.wrap(c) {
        if random {
          let dims = entries.map { e -> SearchSpace.Dimension in
            switch e {
            case .values(let vs): return .choice(count: vs.count)
            case .range(let d): return d
            }
          }
          let draws = try SearchSpace.random(dims, names: names.map { "space.\($0)" }, trials: trials, seed: UInt64(seed))
          plan = draws.map { point in
            zip(point, entries).map { d, e in
              switch (d, e) {
              case (.index(let i), .values(let vs)): return vs[i]
              case (.number(let x), _): return .number(x)
              default: return .null
              }
            }
          }
        } else {
          let lists = entries.map { e -> [Value] in
            if case .values(let vs) = e { return vs }
            return []
          }
          plan = try SearchSpace.grid(lists.map(\.count), names: names.map { "space.\($0)" }).map { p in
            p.enumerated().map { lists[$0][$1] }
          }
        }
      }
      let vm = c.vm
      let out = ObjList()
      vm.tempRoots.append(Value(vm.heap.track(out)))
      defer { vm.tempRoots.removeLast() }
      for (t, values) in plan.enumerated() {
        let params = vm.newMap()
        for (k, v) in zip(keys, values) { params.set(k, v) }
        let row = vm.newMap()
        row.set(vm.string("params"), Value(params))
        out.items.append(Value(row))
        do {
          let arg = vm.newMap()  // fn gets its own copy: the recorded params stay as run
          for (k, v) in zip(keys, values) { arg.set(k, v) }
          let r = try vm.call(fn, [Value(arg)])
          row.set(vm.string("result"), r)
        } catch var e as RLSError where e.kind != .interrupt {
          e.message = "train.sweep: trial \(t + 1) of \(plan.count) with params \(vm.formatValue(Value(params))): \(e.message)"
          throw e
        }
      }
      return Value(out)
    }
  ]
}
