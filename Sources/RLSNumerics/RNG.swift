import Foundation

/// A deterministic pseudo-random generator: the same seed gives the same
/// stream on every machine, in the REPL, the kernel and scripts.
///
/// Algorithm (fixed; changing it changes every user's results):
/// - State: four `UInt64` words `s0…s3`, filled from the seed by four
///   successive outputs of **splitmix64** (`state += 0x9e3779b97f4a7c15;
///   z = state; z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
///   z = (z ^ (z >> 27)) * 0x94d049bb133111eb; output z ^ (z >> 31)`).
/// - Output: **xoshiro256\*\*** (Blackman & Vigna, 2018):
///   `result = rotl(s1 * 5, 7) * 9; t = s1 << 17; s2 ^= s0; s3 ^= s1;
///   s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)`.
/// - `uniform()`: `Double(x >> 11) * 2⁻⁵³`, in `[0, 1)`.
/// - `normal()`: Box–Muller. Draw `u1 = uniform()`, then `u2 = uniform()`;
///   `r = sqrt(-2 * log(1 - u1))`, `θ = 2π * u2`; return `r * cos(θ)` and
///   keep `r * sin(θ)` for the next call (which then draws nothing).
/// - `integer(lo:hi:)`: Lemire's nearly-divisionless method on `hi - lo`.
///
/// Integer, uniform, Bernoulli, categorical and permutation streams are
/// bit-identical everywhere (integer arithmetic and exact conversions).
/// Normal values also go through the C library's `log`, `cos` and `sin`, so
/// two different C libraries may disagree in their last bit.
public struct RNG: Sendable {
  /// The xoshiro256** state (never all zero).
  private var state: (UInt64, UInt64, UInt64, UInt64)
  /// The second Box–Muller value, returned by the next `normal()`.
  private var cachedNormal: Double?

  /// A generator seeded from `seed` through splitmix64 (see the type's doc).
  public init(seed: UInt64) {
    var sm = seed
    func splitmix() -> UInt64 {
      sm &+= 0x9e37_79b9_7f4a_7c15
      var z = sm
      z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
      z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
      return z ^ (z >> 31)
    }
    let a = splitmix()
    let b = splitmix()
    let c = splitmix()
    let d = splitmix()
    state = (a, b, c, d)
    cachedNormal = nil
  }

  @inline(__always)
  private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  /// The next 64 random bits (one xoshiro256** step).
  @inline(__always)
  public mutating func nextUInt64() -> UInt64 {
    let result = RNG.rotl(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = RNG.rotl(state.3, 45)
    return result
  }

  /// Advances the state by 2¹²⁸ steps (xoshiro256's jump polynomial), as if
  /// `nextUInt64()` had been called 2¹²⁸ times, and discards any cached
  /// normal value. Copies of one generator jumped 0, 1, 2, … times give
  /// non-overlapping streams for parallel work.
  public mutating func jump() {
    let polynomial: [UInt64] = [
      0x180e_c6d3_3cfd_0aba, 0xd5a6_1266_f0c9_392c, 0xa958_2618_e03f_c9aa, 0x39ab_dc45_29b1_661c,
    ]
    var s0: UInt64 = 0
    var s1: UInt64 = 0
    var s2: UInt64 = 0
    var s3: UInt64 = 0
    for word in polynomial {
      for b in 0..<64 {
        if word & (1 << UInt64(b)) != 0 {
          s0 ^= state.0
          s1 ^= state.1
          s2 ^= state.2
          s3 ^= state.3
        }
        _ = nextUInt64()
      }
    }
    state = (s0, s1, s2, s3)
    cachedNormal = nil
  }

  /// A uniform number in `[0, 1)`: the top 53 bits of `nextUInt64()` times 2⁻⁵³.
  @inline(__always)
  public mutating func uniform() -> Double {
    Double(nextUInt64() >> 11) * 0x1p-53
  }

  /// A standard normal number (mean 0, standard deviation 1) by Box–Muller:
  /// each pair of uniforms gives two values; the first is returned, the
  /// second cached and returned by the next call.
  public mutating func normal() -> Double {
    if let z = cachedNormal {
      cachedNormal = nil
      return z
    }
    let u1 = uniform()
    let u2 = uniform()
    let r = (-2 * Foundation.log(1 - u1)).squareRoot()
    let theta = 2 * Double.pi * u2
    cachedNormal = r * Foundation.sin(theta)
    return r * Foundation.cos(theta)
  }

  /// A uniform integer in `[0, bound)` for `bound > 0`, unbiased, by
  /// Lemire's nearly-divisionless method.
  @inline(__always)
  mutating func bounded(_ bound: UInt64) -> UInt64 {
    var m = nextUInt64().multipliedFullWidth(by: bound)
    if m.low < bound {
      let threshold = (0 &- bound) % bound
      while m.low < threshold {
        m = nextUInt64().multipliedFullWidth(by: bound)
      }
    }
    return m.high
  }

  /// A uniform integer in `[lo, hi)`, unbiased (Lemire's method, one
  /// `nextUInt64()` per draw except with probability < (hi-lo)/2⁶⁴).
  /// Throws if `hi <= lo`.
  public mutating func integer(lo: Int, hi: Int) throws -> Int {
    guard hi > lo else {
      throw TensorError("integers: the range [\(lo), \(hi)) is empty (hi must exceed lo)")
    }
    return lo &+ Int(truncatingIfNeeded: bounded(UInt64(truncatingIfNeeded: hi &- lo)))
  }

  /// `true` with probability `p` (`uniform() < p`). Throws unless `p` is in `[0, 1]`.
  public mutating func bernoulli(_ p: Double) throws -> Bool {
    try RNG.checkProbability(p)
    return uniform() < p
  }

  static func checkProbability(_ p: Double) throws {
    guard p >= 0 && p <= 1 else {
      throw TensorError("bernoulli: p must be between 0 and 1, got \(formatNumber(p))")
    }
  }

  /// Validates a probability vector and returns its sum.
  static func checkProbabilities(_ probs: UnsafeBufferPointer<Double>) throws -> Double {
    guard !probs.isEmpty else { throw TensorError("categorical: no probabilities given") }
    var sum = 0.0
    for (i, p) in probs.enumerated() {
      guard p >= 0 && p.isFinite else {
        throw TensorError(
          "categorical: probability \(i) is \(formatNumber(p)); probabilities must be ≥ 0")
      }
      sum += p
    }
    let tolerance = 1e-9 * Double(probs.count)
    guard (sum - 1).magnitude <= tolerance else {
      throw TensorError("categorical: probabilities sum to \(formatNumber(sum)), not 1")
    }
    return sum
  }

  /// One draw from `probs` by inverse CDF: the first `i` with
  /// `u * sum < probs[0] + … + probs[i]` for `u = uniform()` (a category of
  /// probability 0 is never drawn). Probabilities must be ≥ 0 and sum to 1
  /// within `1e-9 * count`; they are renormalised by their sum. Throws
  /// otherwise or when `probs` is empty.
  public mutating func categorical(_ probs: UnsafeBufferPointer<Double>) throws -> Int {
    let sum = try RNG.checkProbabilities(probs)
    return RNG.inverseCDF(probs, uniform() * sum)
  }

  /// `categorical(_:)` over an array.
  public mutating func categorical(_ probs: [Double]) throws -> Int {
    try probs.withUnsafeBufferPointer { try categorical($0) }
  }

  /// The first index whose running sum exceeds `target`, or the last index
  /// of non-zero probability when rounding leaves `target` above the total.
  static func inverseCDF(_ probs: UnsafeBufferPointer<Double>, _ target: Double) -> Int {
    var cum = 0.0
    var last = 0
    for i in 0..<probs.count where probs[i] > 0 {
      cum += probs[i]
      last = i
      if target < cum { return i }
    }
    return last
  }

  /// A random permutation of `0..<n` (Fisher–Yates: start from the identity;
  /// for `i` from `n-1` down to 1 swap element `i` with element
  /// `bounded(i+1)`). Throws if `n < 0`.
  public mutating func permutation(_ n: Int) throws -> [Int] {
    guard n >= 0 else { throw TensorError("permutation: n must be non-negative, got \(n)") }
    _ = try Tensor.elementCount([n])
    var a = Array(0..<n)
    shuffle(&a)
    return a
  }

  /// Shuffles `a` in place by Fisher–Yates, as in `permutation`.
  public mutating func shuffle<T>(_ a: inout [T]) {
    if a.count < 2 { return }
    a.withUnsafeMutableBufferPointer { p in
      for i in stride(from: p.count - 1, to: 0, by: -1) {
        let j = Int(bounded(UInt64(i + 1)))
        p.swapAt(i, j)
      }
    }
  }

  // MARK: - Vectors

  private mutating func vector(
    _ count: Int, _ op: String, _ draw: (inout RNG) -> Double
  ) throws -> Tensor {
    guard count >= 0 else { throw TensorError("\(op): count must be non-negative, got \(count)") }
    _ = try Tensor.elementCount([count])
    var g = self
    let t = Tensor.make(rank: 1, rows: count, cols: 1) { out in
      for i in 0..<count { out[i] = draw(&g) }
    }
    self = g
    return t
  }

  /// `count` uniform numbers in `[0, 1)`, in draw order.
  public mutating func uniform(count: Int) throws -> Tensor {
    try vector(count, "uniform") { $0.uniform() }
  }

  /// `count` standard normal numbers, in draw order (pairs from Box–Muller).
  public mutating func normal(count: Int) throws -> Tensor {
    try vector(count, "normal") { $0.normal() }
  }

  /// `count` uniform integers in `[lo, hi)` as numbers. Throws if `hi <= lo`.
  public mutating func integers(lo: Int, hi: Int, count: Int) throws -> Tensor {
    guard hi > lo else {
      throw TensorError("integers: the range [\(lo), \(hi)) is empty (hi must exceed lo)")
    }
    let span = UInt64(truncatingIfNeeded: hi &- lo)
    return try vector(count, "integers") { g in
      Double(lo &+ Int(truncatingIfNeeded: g.bounded(span)))
    }
  }

  /// `count` Bernoulli draws (1 with probability `p`, else 0).
  /// Throws unless `p` is in `[0, 1]`.
  public mutating func bernoulli(p: Double, count: Int) throws -> Tensor {
    try RNG.checkProbability(p)
    return try vector(count, "bernoulli") { $0.uniform() < p ? 1 : 0 }
  }

  /// `count` draws from `probs` (as `categorical(_:)`), as numbers.
  public mutating func categorical(_ probs: [Double], count: Int) throws -> Tensor {
    try probs.withUnsafeBufferPointer { pb in
      let sum = try RNG.checkProbabilities(pb)
      return try vector(count, "categorical") { g in
        Double(RNG.inverseCDF(pb, g.uniform() * sum))
      }
    }
  }
}
