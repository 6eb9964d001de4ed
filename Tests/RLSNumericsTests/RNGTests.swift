import Foundation
import XCTest

@testable import RLSNumerics

/// An independent, deliberately plain transcription of the reference C code
/// (Vigna's `splitmix64.c` and `xoshiro256starstar.c`), used to compute the
/// expected outputs instead of typing numbers in.
private struct ReferenceXoshiro {
  var s: [UInt64] = [0, 0, 0, 0]

  init(seed: UInt64) {
    var x = seed
    func splitmix64Next() -> UInt64 {
      x = x &+ 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    for i in 0..<4 { s[i] = splitmix64Next() }
  }

  static func rotl(_ x: UInt64, _ k: Int) -> UInt64 {
    (x << UInt64(k)) | (x >> UInt64(64 - k))
  }

  mutating func next() -> UInt64 {
    let result = Self.rotl(s[1] &* 5, 7) &* 9
    let t = s[1] << 17
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = Self.rotl(s[3], 45)
    return result
  }

  mutating func jump() {
    let jumpPolynomial: [UInt64] = [
      0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C,
    ]
    var acc: [UInt64] = [0, 0, 0, 0]
    for i in 0..<jumpPolynomial.count {
      for b in 0..<64 {
        if (jumpPolynomial[i] & (UInt64(1) << UInt64(b))) != 0 {
          for k in 0..<4 { acc[k] ^= s[k] }
        }
        _ = next()
      }
    }
    s = acc
  }
}

final class RNGTests: XCTestCase {
  func testMatchesReferenceImplementation() {
    for seed: UInt64 in [0, 1, 42, 0xDEAD_BEEF, UInt64.max] {
      var g = RNG(seed: seed)
      var ref = ReferenceXoshiro(seed: seed)
      for i in 0..<1000 { XCTAssertEqual(g.nextUInt64(), ref.next(), "seed \(seed) draw \(i)") }
    }
  }

  func testJumpMatchesReference() {
    var g = RNG(seed: 7)
    var ref = ReferenceXoshiro(seed: 7)
    _ = g.nextUInt64()
    _ = ref.next()
    g.jump()
    ref.jump()
    for _ in 0..<100 { XCTAssertEqual(g.nextUInt64(), ref.next()) }
    var h = RNG(seed: 7)
    _ = h.nextUInt64()
    let before = (0..<4).map { _ in h.nextUInt64() }
    var j = RNG(seed: 7)
    _ = j.nextUInt64()
    j.jump()
    XCTAssertNotEqual((0..<4).map { _ in j.nextUInt64() }, before)
  }

  func testDeterminism() throws {
    var a = RNG(seed: 123)
    var b = RNG(seed: 123)
    var c = RNG(seed: 124)
    let xa = (0..<100).map { _ in a.nextUInt64() }
    XCTAssertEqual(xa, (0..<100).map { _ in b.nextUInt64() })
    XCTAssertNotEqual(xa, (0..<100).map { _ in c.nextUInt64() })
    var d = RNG(seed: 9)
    var e = RNG(seed: 9)
    XCTAssertEqual(try d.normal(count: 11), try e.normal(count: 11))
    XCTAssertEqual(try d.permutation(50), try e.permutation(50))
    XCTAssertEqual(
      try d.integers(lo: -5, hi: 5, count: 20), try e.integers(lo: -5, hi: 5, count: 20))
  }

  func testUniformAndNormalDefinitions() {
    var g = RNG(seed: 5)
    var ref = ReferenceXoshiro(seed: 5)
    for _ in 0..<100 {
      let u = g.uniform()
      XCTAssertEqual(u, Double(ref.next() >> 11) * 0x1p-53)
      XCTAssertTrue(u >= 0 && u < 1)
    }
    // Box–Muller: one pair of uniforms gives two normals, cos part first.
    for _ in 0..<10 {
      let u1 = Double(ref.next() >> 11) * 0x1p-53
      let u2 = Double(ref.next() >> 11) * 0x1p-53
      let r = (-2 * log(1 - u1)).squareRoot()
      XCTAssertEqual(g.normal(), r * cos(2 * Double.pi * u2))
      XCTAssertEqual(g.normal(), r * sin(2 * Double.pi * u2))
    }
    // jump() discards a cached normal.
    var h = RNG(seed: 5)
    _ = h.normal()
    h.jump()
    var k = RNG(seed: 5)
    _ = k.normal()
    _ = k.normal()
    k.jump()
    XCTAssertEqual(h.nextUInt64(), k.nextUInt64())
  }

  func testVectorsEqualScalarStreams() throws {
    var a = RNG(seed: 77)
    var b = RNG(seed: 77)
    XCTAssertEqual(try a.uniform(count: 5).storage, (0..<5).map { _ in b.uniform() })
    XCTAssertEqual(try a.normal(count: 5).storage, (0..<5).map { _ in b.normal() })
    XCTAssertEqual(
      try a.integers(lo: 3, hi: 9, count: 5).storage,
      try (0..<5).map { _ in Double(try b.integer(lo: 3, hi: 9)) })
    XCTAssertEqual(
      try a.bernoulli(p: 0.3, count: 5).storage,
      try (0..<5).map { _ in try b.bernoulli(0.3) ? 1.0 : 0.0 })
    XCTAssertEqual(
      try a.categorical([0.5, 0.5], count: 5).storage,
      try (0..<5).map { _ in Double(try b.categorical([0.5, 0.5])) })
    XCTAssertEqual(try a.uniform(count: 0), vec())
  }

  func testUniformMoments() throws {
    var g = RNG(seed: 2024)
    let n = 200_000
    let x = try g.uniform(count: n)
    XCTAssertTrue(try x.min() >= 0 && x.max() < 1)
    // Mean 1/2 with sd sqrt(1/12/n); variance 1/12 with sd sqrt((1/80 - 1/144)/n).
    XCTAssertLessThan(abs(try x.mean() - 0.5), 5 * (1.0 / 12 / Double(n)).squareRoot())
    XCTAssertLessThan(
      abs(try x.var() - 1.0 / 12), 5 * ((1.0 / 80 - 1.0 / 144) / Double(n)).squareRoot())
  }

  func testNormalMoments() throws {
    var g = RNG(seed: 99)
    let n = 200_000
    let x = try g.normal(count: n)
    XCTAssertLessThan(abs(try x.mean()), 5 / Double(n).squareRoot())
    // The sample sd of n normals has sd about 1/sqrt(2n).
    XCTAssertLessThan(abs(try x.std() - 1), 5 / (2 * Double(n)).squareRoot())
    // About 68.27% within one sd (binomial sd sqrt(p(1-p)/n)).
    let within = x.storage.filter { abs($0) < 1 }.count
    XCTAssertLessThan(
      abs(Double(within) / Double(n) - 0.682689), 5 * (0.2166 / Double(n)).squareRoot())
    XCTAssertFalse(x.storage.contains { !$0.isFinite })
  }

  func testIntegersAreUnbiased() throws {
    var g = RNG(seed: 31337)
    let n = 300_000
    let x = try g.integers(lo: -1, hi: 2, count: n)
    var counts = [0, 0, 0]
    for v in x.storage { counts[Int(v) + 1] += 1 }
    let sd = (Double(n) * (1.0 / 3) * (2.0 / 3)).squareRoot()
    for c in counts { XCTAssertLessThan(abs(Double(c) - Double(n) / 3), 5 * sd) }

    // A span of 3·2⁶² makes plain `x % span` visibly biased: values below
    // 2⁶² would come up half the time instead of a third.
    let lo = Int.min
    let hi = 1 << 62  // Int.min + 3·2⁶²
    let m = 30_000
    var low = 0
    for _ in 0..<m {
      let v = try g.integer(lo: lo, hi: hi)
      XCTAssertTrue(v >= lo && v < hi)
      if UInt64(bitPattern: Int64(v &- lo)) < 1 << 62 { low += 1 }
    }
    let sdLow = (Double(m) * (1.0 / 3) * (2.0 / 3)).squareRoot()
    XCTAssertLessThan(abs(Double(low) - Double(m) / 3), 5 * sdLow)

    _ = try g.integer(lo: Int.min, hi: Int.max)
    XCTAssertEqual(try g.integer(lo: 5, hi: 6), 5)
    assertTensorError("integers: the range [3, 3) is empty (hi must exceed lo)") {
      try g.integer(lo: 3, hi: 3)
    }
    assertTensorError("integers: the range [4, 2) is empty (hi must exceed lo)") {
      try g.integers(lo: 4, hi: 2, count: 3)
    }
  }

  func testBernoulli() throws {
    var g = RNG(seed: 8)
    let n = 100_000
    let x = try g.bernoulli(p: 0.3, count: n)
    XCTAssertLessThan(abs(try x.mean() - 0.3), 5 * (0.21 / Double(n)).squareRoot())
    XCTAssertEqual(try g.bernoulli(p: 0, count: 100).sum(), 0)
    XCTAssertEqual(try g.bernoulli(p: 1, count: 100).sum(), 100)
    assertTensorError("bernoulli: p must be between 0 and 1, got 1.5") { try g.bernoulli(1.5) }
    assertTensorError("bernoulli: p must be between 0 and 1, got NaN") {
      try g.bernoulli(p: .nan, count: 2)
    }
  }

  func testCategoricalFrequencies() throws {
    var g = RNG(seed: 4)
    let probs = [0.1, 0.2, 0.0, 0.3, 0.4]
    let n = 200_000
    var counts = [Int](repeating: 0, count: probs.count)
    for v in try g.categorical(probs, count: n).storage { counts[Int(v)] += 1 }
    XCTAssertEqual(counts[2], 0)
    for (p, c) in zip(probs, counts) {
      XCTAssertLessThan(
        abs(Double(c) / Double(n) - p), 5 * (p * (1 - p) / Double(n)).squareRoot() + 1e-12)
    }
    XCTAssertEqual(try g.categorical([0, 0, 1]), 2)
    _ = try g.categorical([0.5, 0.5 + 1e-12])  // within tolerance
    assertTensorError("categorical: no probabilities given") { try g.categorical([]) }
    assertTensorError("categorical: probabilities sum to 0.9, not 1") {
      try g.categorical([0.4, 0.5])
    }
    assertTensorError("categorical: probability 1 is -0.5; probabilities must be ≥ 0") {
      try g.categorical([1.5, -0.5])
    }
    assertTensorError("categorical: probability 0 is NaN; probabilities must be ≥ 0") {
      try g.categorical([.nan, 1])
    }
    assertTensorError("categorical: probability 1 is Infinity; probabilities must be ≥ 0") {
      try g.categorical([0, .infinity])
    }
  }

  func testPermutationAndShuffle() throws {
    var g = RNG(seed: 1)
    for n in [0, 1, 2, 10, 1000] {
      let p = try g.permutation(n)
      XCTAssertEqual(p.sorted(), Array(0..<n))
    }
    XCTAssertNotEqual(try g.permutation(100), Array(0..<100))
    var a = Array("abcdefghij")
    g.shuffle(&a)
    XCTAssertEqual(String(a.sorted()), "abcdefghij")
    // Each of the 6 orders of 3 items appears about equally often.
    var seen: [[Int]: Int] = [:]
    for _ in 0..<60_000 { seen[try g.permutation(3), default: 0] += 1 }
    XCTAssertEqual(seen.count, 6)
    for c in seen.values { XCTAssertLessThan(abs(c - 10_000), 5 * 92) }  // sd ≈ 91.3
    assertTensorError("permutation: n must be non-negative, got -1") { try g.permutation(-1) }
  }

  func testCountErrors() {
    var g = RNG(seed: 0)
    assertTensorError("uniform: count must be non-negative, got -1") { try g.uniform(count: -1) }
    assertTensorError("larger than 2147483647", contains: true) { try g.normal(count: Int.max) }
    assertTensorError("larger than 2147483647", contains: true) { try g.permutation(Int.max) }
  }
}
