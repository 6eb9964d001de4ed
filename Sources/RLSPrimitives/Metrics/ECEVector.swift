/// The vector half of the uniform-bin ECE / MCE pass: per block of samples,
/// validation, clipping, the bin index and the gap (correct − conf) are
/// computed four samples per step into two small buffers, leaving only the
/// scatter into the per-bin sums to scalar code.
extension ECE {
  /// The step of the uniform edges when every inner edge r (r < bins) is
  /// exactly r · step, as numpy's linspace makes them, and bins · step is
  /// above every clipped confidence (so the last edge, 1, never has to be
  /// looked at: see `prepare`); or nil (then the general path is used).
  static func uniformStep(_ edges: [Double], _ bins: Int) -> Double? {
    let step = 1 / Double(bins)
    for r in 0..<bins where edges[r] != Double(r) * step { return nil }
    guard Double(bins) * step > 1 - Double.ulpOfOne else { return nil }
    return step
  }

  /// Validates samples `lo..<hi` (conf in [0, 1], correct 0 or 1) and writes
  /// for each, at `i - lo`, its uniform bin (as the bits of bin + 2⁵²) and its
  /// gap correct − clip(conf). Returns false if a sample is invalid.
  ///
  /// The bin is `uniformBin`'s: r = round(v · bins), minus one when edge r
  /// (r · step) is above v — for r = bins too, since bins · step > v (see
  /// `uniformStep`). Validity is gathered without masks: the least and
  /// largest conf, the least and largest correct · (1 − correct) (0 exactly
  /// for 0 and 1), and Σ (conf + correct) · 0, which only NaN or ±Infinity
  /// make non-zero.
  @inline(__always)
  static func prepare(
    _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ lo: Int, _ hi: Int, _ bins: Int, _ step: Double,
    _ binBits: UnsafeMutableRawPointer, _ gaps: UnsafeMutablePointer<Double>
  ) -> Bool {
    typealias V = SIMD2<Double>
    let eps = V(repeating: Double.ulpOfOne)
    let top = V(repeating: 1 - Double.ulpOfOne)
    let magic = V(repeating: 0x1p52)
    let scale = V(repeating: Double(bins))
    let steps = V(repeating: step)
    let oneBits = SIMD2<UInt64>(repeating: (1.0 as Double).bitPattern)
    var confLow = V(repeating: 0)
    var confHigh = V(repeating: 0)
    var spreadLow = V(repeating: 0)
    var spreadHigh = V(repeating: 0)
    var nonFinite = V(repeating: 0)
    var i = lo
    while i &+ 2 <= hi {
      let a = UnsafeRawPointer(x + i).loadUnaligned(as: V.self)
      let b = UnsafeRawPointer(y + i).loadUnaligned(as: V.self)
      confLow.replace(with: a, where: a .< confLow)
      confHigh.replace(with: a, where: a .> confHigh)
      let spread = b - b * b
      spreadLow.replace(with: spread, where: spread .< spreadLow)
      spreadHigh.replace(with: spread, where: spread .> spreadHigh)
      nonFinite += (a + b) * 0
      var v = a.replacing(with: eps, where: a .< eps)
      v.replace(with: top, where: v .> top)
      let r = (v * scale + magic) - magic
      let above = unsafeBitCast(r * steps .> v, to: SIMD2<UInt64>.self) & oneBits
      let bin = r - unsafeBitCast(above, to: V.self)
      (binBits + (i &- lo) &* 8).storeBytes(of: bin + magic, as: V.self)
      (gaps + (i &- lo)).withMemoryRebound(to: V.self, capacity: 1) { $0.pointee = b - v }
      i &+= 2
    }
    var good =
      confLow.min() >= 0 && confHigh.max() <= 1 && spreadLow.min() == 0 && spreadHigh.max() == 0
      && nonFinite.sum() == 0
    while i < hi {
      let a = x[i]
      good = good && a >= 0 && a <= 1 && (y[i] == 0 || y[i] == 1)
      let v = clipValid(a)
      let r = ((v * Double(bins) + 0x1p52) - 0x1p52)
      let bin = r * step > v ? r - 1 : r
      (binBits + (i &- lo) &* 8).storeBytes(of: bin + 0x1p52, as: Double.self)
      gaps[i &- lo] = y[i] - v
      i &+= 1
    }
    return good
  }

  /// Adds the prepared gaps of `count` samples to their bins, sample l of
  /// each group of eight into accumulator set l.
  @inline(__always)
  static func scatter(
    _ binBits: UnsafeRawPointer, _ prepared: UnsafePointer<Double>, _ count: Int, _ bins: Int,
    _ gaps: UnsafeMutablePointer<Double>, _ counts: UnsafeMutablePointer<Int>, counting: Bool
  ) {
    let bias = Int(bitPattern: UInt((0x1p52 as Double).bitPattern))
    @inline(__always)
    func add(_ i: Int, _ lane: Int) {
      let slot = lane &+ (binBits.load(fromByteOffset: i &* 8, as: Int.self) &- bias)
      gaps[slot] += prepared[i]
      if counting { counts[slot] &+= 1 }
    }
    let b1 = bins
    let b2 = 2 &* bins
    let b3 = 3 &* bins
    let b4 = 4 &* bins
    let b5 = 5 &* bins
    let b6 = 6 &* bins
    let b7 = 7 &* bins
    var i = 0
    while i &+ 8 <= count {
      add(i, 0)
      add(i &+ 1, b1)
      add(i &+ 2, b2)
      add(i &+ 3, b3)
      add(i &+ 4, b4)
      add(i &+ 5, b5)
      add(i &+ 6, b6)
      add(i &+ 7, b7)
      i &+= 8
    }
    while i < count {
      add(i, 0)
      i &+= 1
    }
  }
}
