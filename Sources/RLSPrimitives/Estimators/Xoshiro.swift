/// xoshiro256** with the state in local registers, for the bootstrap's hot
/// loop: the same stream as `RLSNumerics.RNG(seed:)` (same splitmix64
/// seeding, same output function — a test checks them against each other),
/// but inlinable inside this module.
struct Xoshiro {
  var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

  /// Seeded exactly as `RNG(seed:)`: four successive splitmix64 outputs.
  init(seed: UInt64) {
    var sm = seed
    @inline(__always) func splitmix() -> UInt64 {
      sm &+= 0x9e37_79b9_7f4a_7c15
      var z = sm
      z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
      z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
      return z ^ (z >> 31)
    }
    s0 = splitmix()
    s1 = splitmix()
    s2 = splitmix()
    s3 = splitmix()
  }

  @inline(__always) mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = s3 << 45 | s3 >> 19
    return result
  }
}
