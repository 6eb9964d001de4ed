/// The Mersenne Twister as numpy's legacy `RandomState(seed)` runs it, with
/// the bounded-integer draw that `RandomState.choice(a, size)` uses, so that
/// a bootstrap can reproduce OBP's resamples draw for draw.
///
/// - Seeding (`mt19937_seed`): `key[0] = seed`, `key[i] = 1812433253 ×
///   (key[i−1] ⊕ (key[i−1] >> 30)) + i` (mod 2³²).
/// - Output: the standard MT19937 twist and tempering.
/// - `index(below: m)` (numpy's masked rejection, `random_bounded_uint64_fill`
///   with `use_masked`): `mask` = the smallest 2ʲ − 1 ≥ m − 1; draw 32-bit
///   words and keep the first `word & mask` that is ≤ m − 1.
struct MT19937 {
  private var key: [UInt32]
  private var pos = 624

  init(seed: UInt32) {
    key = [UInt32](repeating: 0, count: 624)
    var s = seed
    for i in 0..<624 {
      key[i] = s
      s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(i &+ 1)
    }
    pos = 624
  }

  @inline(__always) private static func mix(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt32 {
    let y = (a & 0x8000_0000) | (b & 0x7fff_ffff)
    return c ^ (y >> 1) ^ ((0 &- (y & 1)) & 0x9908_b0df)
  }

  private mutating func twist() {
    key.withUnsafeMutableBufferPointer { b in
      let mt = b.baseAddress!
      for i in 0..<227 { mt[i] = MT19937.mix(mt[i], mt[i &+ 1], mt[i &+ 397]) }
      for i in 227..<623 { mt[i] = MT19937.mix(mt[i], mt[i &+ 1], mt[i &- 227]) }
      mt[623] = MT19937.mix(mt[623], mt[0], mt[396])
    }
    pos = 0
  }

  /// The next tempered 32-bit output.
  @inline(__always) mutating func next32() -> UInt32 {
    if pos == 624 { twist() }
    var y = key.withUnsafeBufferPointer { $0[pos] }
    pos &+= 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9d2c_5680
    y ^= (y << 15) & 0xefc6_0000
    y ^= y >> 18
    return y
  }

  /// A uniform index in `0..<m` drawn as `RandomState.randint(0, m)` draws it.
  @inline(__always) mutating func index(below m: Int) -> Int {
    let rng = UInt32(m - 1)
    if rng == 0 { return 0 }
    var mask = rng
    mask |= mask >> 1
    mask |= mask >> 2
    mask |= mask >> 4
    mask |= mask >> 8
    mask |= mask >> 16
    while true {
      let v = next32() & mask
      if v <= rng { return Int(v) }
    }
  }
}
