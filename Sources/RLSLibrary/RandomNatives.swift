import RLSCore
import RLSNumerics

/// `rng(seed)`: a seeded generator object (xoshiro256**, see `RNG`), the only
/// source of randomness, so the same seed gives the same numbers everywhere.
enum RandomNatives {
  static let rows: [Native] = [
    Native(
      "rng", usage: "rng(seed)",
      doc:
        "A random generator seeded with a non-negative integer. Methods: uniform(n), normal(n), integers(lo, hi, n), choice(xs), categorical(probs, n), permutation(n), bernoulli(p, n), shuffle(list), split(). Without n a method returns one value; with n a vector. Algorithm: xoshiro256** seeded through splitmix64; normals by Box–Muller."
    ) { c in
      let seed = try c.int(0, "seed")
      guard seed >= 0 else { throw c.error("seed must be a non-negative integer", argument: 0) }
      return Value(c.vm.heap.track(GeneratorObject(RNG(seed: UInt64(seed)), seed: seed)))
    }
  ]
}

/// The generator object behind `rng(seed)`.
final class GeneratorObject: NativeObject {
  var rng: RNG
  let seed: Int

  init(_ rng: RNG, seed: Int) {
    self.rng = rng
    self.seed = seed
    super.init()
  }

  override var typeName: String { "rng" }
  override var fieldNames: [String] { ["seed"] + GeneratorObject.methods.keys.sorted() }
  override func describe(vm: VM) -> String { "<rng seed=\(seed)>" }

  override func field(_ name: String, vm: VM) throws -> Value? {
    if name == "seed" { return .number(Double(seed)) }
    guard let m = GeneratorObject.methods[name] else { return nil }
    return Value(vm.heap.track(ObjBoundMethod(receiver: Value(self), method: m)))
  }

  /// The generator a method was called on.
  static func this(_ c: NativeCall) -> GeneratorObject {
    unsafeDowncast(c.receiver!.object!, to: GeneratorObject.self)
  }

  /// An optional count argument at `i` (nil → one value).
  static func count(_ c: NativeCall, _ i: Int) throws -> Int? {
    guard c.has(i) else { return nil }
    let n = try c.int(i, "n")
    guard n >= 0 else { throw c.error("n must be non-negative", argument: i) }
    return n
  }

  static let methods: [String: ObjNative] = {
    let rows: [Native] = [
      Native(
        "uniform", usage: "g.uniform(n = nil, low:, high:)", doc: "Uniform numbers in [low, high) (default [0, 1)): one number, or a vector of n."
      ) { c in
        let g = this(c)
        let lo = try c.number(option: "low", default: 0)
        let hi = try c.number(option: "high", default: 1)
        guard let n = try count(c, 0) else { return .number(lo + (hi - lo) * g.rng.uniform()) }
        let t = try g.rng.uniform(count: n)
        return c.vm.tensorValue(
          lo == 0 && hi == 1
            ? t : Tensor.elementwise(Tensor.elementwise(t, scalar: hi - lo, .mul, scalarOnLeft: false), scalar: lo, .add, scalarOnLeft: false))
      },
      Native("normal", usage: "g.normal(n = nil, mean:, std:)", doc: "Normal numbers (default mean 0, std 1): one number, or a vector of n.") { c in
        let g = this(c)
        let mu = try c.number(option: "mean", default: 0)
        let sd = try c.number(option: "std", default: 1)
        guard sd >= 0 else { throw c.error("std must be non-negative") }
        guard let n = try count(c, 0) else { return .number(mu + sd * g.rng.normal()) }
        let t = try g.rng.normal(count: n)
        return c.vm.tensorValue(
          mu == 0 && sd == 1
            ? t : Tensor.elementwise(Tensor.elementwise(t, scalar: sd, .mul, scalarOnLeft: false), scalar: mu, .add, scalarOnLeft: false))
      },
      Native("integers", usage: "g.integers(lo, hi, n = nil)", doc: "Uniform integers in [lo, hi) (unbiased): one number, or a vector of n.") { c in
        let g = this(c)
        let lo = try c.int(0, "lo")
        let hi = try c.int(1, "hi")
        guard hi > lo else { throw c.error("hi (\(hi)) must be greater than lo (\(lo))", argument: 1) }
        guard let n = try count(c, 2) else { return .number(Double(try g.rng.integer(lo: lo, hi: hi))) }
        return c.vm.tensorValue(try g.rng.integers(lo: lo, hi: hi, count: n))
      },
      Native("choice", usage: "g.choice(xs)", doc: "A uniformly chosen element of a non-empty list, vector or range.") { c in
        let items = try Sequences.elements(c, 0, "xs")
        guard !items.isEmpty else { throw c.error("cannot choose from an empty sequence", argument: 0) }
        return items[try this(c).rng.integer(lo: 0, hi: items.count)]
      },
      Native(
        "categorical", usage: "g.categorical(probs, n = nil)",
        doc: "An index drawn with the given probabilities (non-negative, summing to 1): one number, or a vector of n."
      ) { c in
        let g = this(c)
        let p = try c.vector(0, "probs").storage
        do {
          guard let n = try count(c, 1) else { return .number(Double(try g.rng.categorical(p))) }
          return c.vm.tensorValue(try g.rng.categorical(p, count: n))
        } catch let e as TensorError {
          throw c.error(e.message, argument: 0)
        }
      },
      Native("permutation", usage: "g.permutation(n)", doc: "A random ordering of 0..n-1 as a list (Fisher–Yates).") { c in
        let n = try c.int(0, "n")
        guard n >= 0, n <= 1 << 31 else { throw c.error("n must be between 0 and 2^31", argument: 0) }
        return c.vm.list(try this(c).rng.permutation(n).map { .number(Double($0)) })
      },
      Native("bernoulli", usage: "g.bernoulli(p, n = nil)", doc: "true with probability p (one draw), or a vector of n draws as 1/0.") { c in
        let g = this(c)
        let p = try c.number(0, "p")
        guard p >= 0 && p <= 1 else { throw c.error("p must be in [0, 1], got \(formatNumber(p))", argument: 0) }
        guard let n = try count(c, 1) else { return .bool(try g.rng.bernoulli(p)) }
        return c.vm.tensorValue(try g.rng.bernoulli(p: p, count: n))
      },
      Native("shuffle", usage: "g.shuffle(list)", doc: "Shuffles a list in place (Fisher–Yates); returns it.") { c in
        let l = try c.list(0, "list")
        this(c).rng.shuffle(&l.items)
        return c[0]
      },
      Native("split", usage: "g.split()", doc: "A new generator with an independent stream (this one jumps ahead 2^128 steps).") { c in
        let g = this(c)
        let child = g.rng
        g.rng.jump()
        return Value(c.vm.heap.track(GeneratorObject(child, seed: g.seed)))
      },
    ]
    var out: [String: ObjNative] = [:]
    for r in rows { out[r.name] = r.make(qualified: "rng.\(r.name)") }
    return out
  }()
}
