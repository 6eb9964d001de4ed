import RLSNumerics

/// How bootstrap resamples are drawn.
public enum Resampler: String, CaseIterable, Sendable {
  /// The project's generator, one independent stream per resample, all cores:
  /// resample `b` draws from `RNG(seed: s_b)` where `s_0, s_1, …` are the
  /// successive outputs of `RNG(seed: seed)`; each index is Lemire's
  /// unbiased bounded draw on a 32-bit half of a xoshiro256** output (low
  /// half first; a rejected half is replaced by the low half of the next
  /// output).
  case xoshiro
  /// numpy's legacy `RandomState(seed).choice(samples, n)`, resample after
  /// resample, exactly as OBP's `estimate_confidence_interval_by_bootstrap`
  /// draws them: the same seed gives OBP's interval (single core).
  case numpy
}

/// A bootstrap confidence interval as OBP reports it.
public struct BootstrapInterval: Sendable, Equatable {
  /// The mean of the resample means (OBP's `mean`).
  public var mean: Double
  /// The `100·α/2` percentile of the resample means (numpy's linear method).
  public var lower: Double
  /// The `100·(1 − α/2)` percentile of the resample means.
  public var upper: Double
}

/// Non-parametric bootstrap of a sample mean (OBP's
/// `estimate_confidence_interval_by_bootstrap`): `resamples` times draw `n`
/// rows with replacement and take their mean.
public enum Bootstrap {
  /// The interval of the mean of `samples`. `shouldStop` is polled between
  /// resamples; when it answers true the computation throws `EstimatorError.stopped`.
  public static func interval(
    _ samples: [Double], alpha: Double = 0.05, resamples: Int = 10_000, seed: UInt64 = 0,
    resampler: Resampler = .xoshiro, shouldStop: () -> Bool = { false }
  ) throws -> BootstrapInterval {
    guard alpha > 0 && alpha < 1 else { throw EstimatorError("alpha must be in (0, 1), got \(formatNumber(alpha))") }
    guard resamples >= 1 else { throw EstimatorError("n_boot must be at least 1, got \(resamples)") }
    let n = samples.count
    guard n > 0 else { throw EstimatorError("cannot bootstrap an empty sample") }
    var means = [Double](repeating: 0, count: resamples)
    switch resampler {
    case .numpy:
      guard seed <= UInt64(UInt32.max) else { throw EstimatorError("seed must be below 2^32 for the numpy resampler, got \(seed)") }
      var mt = MT19937(seed: UInt32(seed))
      try samples.withUnsafeBufferPointer { x in
        for b in 0..<resamples {
          if b & 15 == 0, shouldStop() { throw EstimatorError.stopped }
          means[b] = numpyResampleMean(x, &mt)
        }
      }
    case .xoshiro:
      var master = RNG(seed: seed)
      let seeds = (0..<resamples).map { _ in master.nextUInt64() }
      // Groups of resamples per task keep the polling cheap; each resample's
      // mean depends only on its own stream, so scheduling changes nothing.
      let group = 8
      let stops = SlotBuffer(count: Chunks.count(resamples, size: group), initial: false)
      samples.withUnsafeBufferPointer { x in
        means.withUnsafeMutableBufferPointer { out in
          let o = out
          Chunks.run(resamples, size: group) { c, range in
            if shouldStop() {
              stops[c] = true
              return
            }
            // Two resamples at a time: their generators' dependency chains
            // interleave; each resample still draws its own stream in order.
            var b = range.lowerBound
            while b + 1 < range.upperBound {
              (o[b], o[b + 1]) = resampleMeanPair(x, seeds[b], seeds[b + 1])
              b += 2
            }
            if b < range.upperBound { o[b] = resampleMean(x, seed: seeds[b]) }
          }
        }
      }
      for c in 0..<stops.count where stops[c] { throw EstimatorError.stopped }
    }
    let mean = means.reduce(0, +) / Double(resamples)
    means.sort()
    return BootstrapInterval(
      mean: mean, lower: percentile(sorted: means, 100 * (alpha / 2)), upper: percentile(sorted: means, 100 * (1 - alpha / 2)))
  }

  /// The mean of one resample of `x` drawn as `RandomState.choice(x, n)` would.
  static func numpyResampleMean(_ x: UnsafeBufferPointer<Double>, _ mt: inout MT19937) -> Double {
    let n = x.count
    var s0 = 0.0
    var s1 = 0.0
    var i = 0
    while i &+ 1 < n {
      s0 += x[mt.index(below: n)]
      s1 += x[mt.index(below: n)]
      i &+= 2
    }
    if i < n { s0 += x[mt.index(below: n)] }
    return (s0 + s1) / Double(n)
  }

  /// `resampleMean` of two seeds in one loop (the same two results).
  static func resampleMeanPair(_ x: UnsafeBufferPointer<Double>, _ seedA: UInt64, _ seedB: UInt64) -> (Double, Double) {
    var g = Xoshiro(seed: seedA)
    var h = Xoshiro(seed: seedB)
    let n = x.count
    let m = UInt64(UInt32(n))
    let threshold = UInt32((0 &- UInt32(n)) % UInt32(n))
    @inline(__always) func redraw(_ g: inout Xoshiro) -> Int {
      while true {
        let p = UInt64(UInt32(truncatingIfNeeded: g.next())) &* m
        if UInt32(truncatingIfNeeded: p) >= threshold { return Int(p >> 32) }
      }
    }
    @inline(__always) func index(_ p: UInt64, _ g: inout Xoshiro) -> Int {
      UInt32(truncatingIfNeeded: p) >= threshold ? Int(p >> 32) : redraw(&g)
    }
    var a0 = 0.0
    var a1 = 0.0
    var b0 = 0.0
    var b1 = 0.0
    var i = 0
    while i &+ 1 < n {
      let r = g.next()
      let t = h.next()
      let ia = index((r & 0xffff_ffff) &* m, &g)
      let ib = index((r >> 32) &* m, &g)
      let ja = index((t & 0xffff_ffff) &* m, &h)
      let jb = index((t >> 32) &* m, &h)
      a0 += x[ia]
      a1 += x[ib]
      b0 += x[ja]
      b1 += x[jb]
      i &+= 2
    }
    if i < n {
      a0 += x[index((g.next() & 0xffff_ffff) &* m, &g)]
      b0 += x[index((h.next() & 0xffff_ffff) &* m, &h)]
    }
    return ((a0 + a1) / Double(n), (b0 + b1) / Double(n))
  }

  /// The mean of one resample of `x` drawn from `RNG(seed: seed)`.
  @inline(__always)
  static func resampleMean(_ x: UnsafeBufferPointer<Double>, seed: UInt64) -> Double {
    var g = Xoshiro(seed: seed)
    let n = x.count
    let m = UInt64(UInt32(n))
    let threshold = UInt32((0 &- UInt32(n)) % UInt32(n))  // Lemire: reject low products below 2³² mod m
    var s0 = 0.0
    var s1 = 0.0
    var s2 = 0.0
    var s3 = 0.0
    var i = 0
    @inline(__always) func redraw(_ g: inout Xoshiro) -> Int {
      while true {
        let p = UInt64(UInt32(truncatingIfNeeded: g.next())) &* m
        if UInt32(truncatingIfNeeded: p) >= threshold { return Int(p >> 32) }
      }
    }
    @inline(__always) func index(_ p: UInt64, _ g: inout Xoshiro) -> Int {
      UInt32(truncatingIfNeeded: p) >= threshold ? Int(p >> 32) : redraw(&g)
    }
    // Four running sums (two outputs, four indices per step) keep the adds
    // from waiting on each other; the order of the draws is unchanged.
    while i &+ 3 < n {
      let r = g.next()
      let a = index((r & 0xffff_ffff) &* m, &g)
      let b = index((r >> 32) &* m, &g)
      let t = g.next()
      let c = index((t & 0xffff_ffff) &* m, &g)
      let d = index((t >> 32) &* m, &g)
      s0 += x[a]
      s1 += x[b]
      s2 += x[c]
      s3 += x[d]
      i &+= 4
    }
    while i &+ 1 < n {
      let r = g.next()
      s0 += x[index((r & 0xffff_ffff) &* m, &g)]
      s1 += x[index((r >> 32) &* m, &g)]
      i &+= 2
    }
    if i < n { s0 += x[index((g.next() & 0xffff_ffff) &* m, &g)] }
    return ((s0 + s1) + (s2 + s3)) / Double(n)
  }

  /// numpy's `percentile(a, q)` with the default linear method on sorted data.
  public static func percentile(sorted v: [Double], _ q: Double) -> Double {
    let n = v.count
    let quantile = q / 100
    // numpy: virtual index n·q + (1 − q) − 1 (alpha = beta = 1), clipped.
    let virtual = Double(n) * quantile + (1 + quantile * (1 - 1 - 1)) - 1
    let h = Swift.min(Swift.max(virtual, 0), Double(n - 1))
    let lo = Int(h.rounded(.down))
    let hi = Swift.min(lo + 1, n - 1)
    let t = h - Double(lo)
    let a = v[lo]
    let b = v[hi]
    let d = b - a
    // numpy's _lerp: a + d·t, or b − d·(1 − t) when t ≥ 0.5.
    return t >= 0.5 ? b - d * (1 - t) : a + d * t
  }
}
