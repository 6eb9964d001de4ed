import RLSNumerics

/// Binned calibration error of confidences against correctness, as netcal
/// (`netcal.metrics.ECE` / `MCE`, binary input: `conf` the confidence,
/// `correct` 1 when the prediction was right) computes it.
///
/// Confidences are clipped to [ε, 1 − ε] (ε = 2⁻⁵²) as netcal does. With
/// `.uniform` bins the edges are `linspace(0, 1, bins + 1)` exactly as
/// numpy makes them, each bin is [lo, hi) and the last one holds 1.0; with
/// `.quantile` the inner edges are numpy's linear quantiles of the clipped
/// confidences (netcal's `equal_intervals=False`) — where ties make edges
/// coincide, netcal fails and these bins are simply empty. Per bin the
/// accuracy and mean confidence are compared: ECE = Σ (n_b / n) |acc_b −
/// conf_b|, MCE = max_b |acc_b − conf_b| over non-empty bins.
///
/// One pass over the data on all cores (fixed chunks, partial sums combined
/// in chunk order, so results do not depend on scheduling).
public enum ECE {
  /// How the confidence axis is split.
  public enum Strategy: String, CaseIterable, Sendable {
    /// Equal-width bins.
    case uniform
    /// Bins holding about equally many samples.
    case quantile
  }

  /// Per-bin statistics: the edges (`bins + 1`), and per bin the count,
  /// mean confidence and accuracy (0 for empty bins).
  public struct Bins: Sendable, Equatable {
    public var edges: [Double]
    public var counts: [Int]
    public var confidence: [Double]
    public var accuracy: [Double]
  }

  /// Expected calibration error.
  ///
  /// Σ_b (n_b / n) |acc_b − conf_b| is Σ_b |Σ_{i ∈ b} (correct_i − conf_i)| / n,
  /// so one sum per bin is accumulated (equal to netcal's up to rounding).
  public static func ece(conf: Tensor, correct: Tensor, bins: Int = 10, strategy: Strategy = .uniform) throws -> Double {
    let b = try binned(conf: conf, correct: correct, bins: bins, strategy: strategy, mode: .gap)
    var e = 0.0
    for gap in b.confidence { e += Swift.abs(gap) }
    return e / Double(conf.count)
  }

  /// Maximum calibration error.
  ///
  /// |acc_b − conf_b| is |Σ_{i ∈ b} (correct_i − conf_i)| / n_b, so a count
  /// and one sum per bin are accumulated (equal to netcal's up to rounding).
  public static func mce(conf: Tensor, correct: Tensor, bins: Int = 10, strategy: Strategy = .uniform) throws -> Double {
    let b = try binned(conf: conf, correct: correct, bins: bins, strategy: strategy, mode: .gapCount)
    var m = 0.0
    for i in 0..<b.counts.count where b.counts[i] > 0 {
      m = Swift.max(m, Swift.abs(b.confidence[i]) / Double(b.counts[i]))
    }
    return m
  }

  private static let chunk = 1 << 16

  /// The per-bin statistics (for ECE, MCE and reliability diagrams).
  public static func binned(conf: Tensor, correct: Tensor, bins: Int = 10, strategy: Strategy = .uniform) throws -> Bins {
    try binned(conf: conf, correct: correct, bins: bins, strategy: strategy, mode: .full)
  }

  /// What the pass over the samples accumulates per bin.
  enum Mode {
    /// Σ (correct − conf) only, returned as `confidence` (counts and
    /// accuracy 0): what ECE needs.
    case gap
    /// Σ (correct − conf) as `confidence`, and the counts: what MCE needs.
    case gapCount
    /// Counts, mean confidence and accuracy.
    case full
  }

  /// The per-bin statistics that `mode` asks for.
  static func binned(conf: Tensor, correct: Tensor, bins: Int, strategy: Strategy, mode: Mode) throws -> Bins {
    guard bins >= 1 else { throw MetricError("bins must be at least 1, got \(bins)") }
    guard bins <= 1 << 20 else { throw MetricError("bins must be at most \(1 << 20), got \(bins)") }
    try Check.sameLength(conf.count, correct.count, "conf", "correct")
    try Check.atLeast(conf.count, 1, "conf")
    let n = conf.count
    let eps = Double.ulpOfOne
    var edges = try Tensor.linspace(0, 1, bins + 1).storage
    if strategy == .quantile {
      edges = try quantileEdges(conf, bins, eps)
    }
    let chunks = (n + chunk - 1) / chunk
    // Per chunk and bin: count, Σ conf, Σ correct; and the first bad index.
    var counts = [Int](repeating: 0, count: chunks * bins)
    var sums = [Double](repeating: 0, count: 2 * chunks * bins)
    var firstBad = [Int](repeating: Int.max, count: chunks)
    conf.withUnsafeBufferPointer { x in
      correct.withUnsafeBufferPointer { y in
        edges.withUnsafeBufferPointer { e in
          counts.withUnsafeMutableBufferPointer { cnt in
            sums.withUnsafeMutableBufferPointer { sum in
              firstBad.withUnsafeMutableBufferPointer { bad in
                let cnt = cnt
                let sum = sum
                let bad = bad
                let uniform = strategy == .uniform
                let step = uniform ? uniformStep(edges, bins) : nil
                Parallel.forEachChunk(n, chunk: chunk) { c, range in
                  let count = cnt.baseAddress! + c * bins
                  let sums = sum.baseAddress! + 2 * c * bins
                  let first =
                    if mode != .full, let step {
                      accumulateGaps(x, y, range, bins, step, mode == .gapCount, count, sums)
                    } else {
                      accumulate(x, y, range, e, bins, uniform, mode != .full, count, sums)
                    }
                  if let i = first { bad[c] = i }
                }
              }
            }
          }
        }
      }
    }
    if let i = firstBad.min(), i != Int.max {
      let x = conf.storage[i]
      if !(x >= 0 && x <= 1) { throw MetricError("conf[\(i)] is \(describe(x)), outside [0, 1]") }
      throw MetricError("correct[\(i)] is \(describe(correct.storage[i])), but must be 0 or 1")
    }
    var out = Bins(
      edges: edges, counts: [Int](repeating: 0, count: bins), confidence: [Double](repeating: 0, count: bins),
      accuracy: [Double](repeating: 0, count: bins))
    for b in 0..<bins {
      var count = 0
      var sx = 0.0
      var sy = 0.0
      for c in 0..<chunks {
        count += counts[c * bins + b]
        sx += sums[2 * (c * bins + b)]
        sy += sums[2 * (c * bins + b) + 1]
      }
      out.counts[b] = count
      if mode != .full {
        out.confidence[b] = sx
      } else if count > 0 {
        out.confidence[b] = sx / Double(count)
        out.accuracy[b] = sy / Double(count)
      }
    }
    return out
  }

  /// Samples validated and accumulated per block of this many.
  private static let block = 512

  /// The uniform-bin pass of ECE and MCE: per bin Σ (correct − conf) into
  /// `sums[2b]` and, when `counting`, the count into `count[b]` (0
  /// otherwise), for edges that are exact multiples of `step` (see
  /// `uniformStep`). Each block of samples is validated, clipped, binned and
  /// turned into gaps with vector instructions (`prepare`), then scattered
  /// eight samples at a time into eight sets of accumulators (so that samples
  /// close together never chain through one memory slot). Returns the first
  /// invalid index, if any.
  private static func accumulateGaps(
    _ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>, _ range: Range<Int>,
    _ bins: Int, _ step: Double, _ counting: Bool,
    _ count: UnsafeMutablePointer<Int>, _ sums: UnsafeMutablePointer<Double>
  ) -> Int? {
    let lanes = 8
    // Room for the sums of eight lanes, then a block's prepared bins and gaps.
    let room = lanes * bins + 2 * block
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: lanes * bins) { countBuffer -> Int? in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: room) { buffer -> Int? in
        guard let counts = countBuffer.baseAddress, let gaps = buffer.baseAddress,
          let px = x.baseAddress, let py = y.baseAddress
        else { return nil }
        counts.initialize(repeating: 0, count: lanes * bins)
        gaps.initialize(repeating: 0, count: lanes * bins)
        let prepared = gaps + lanes * bins
        let binBits = UnsafeMutableRawPointer(prepared + block)
        var j = range.lowerBound
        while j < range.upperBound {
          let stop = Swift.min(range.upperBound, j + block)
          guard prepare(px, py, j, stop, bins, step, binBits, prepared) else {
            for i in j..<stop where !(px[i] >= 0 && px[i] <= 1 && (py[i] == 0 || py[i] == 1)) { return i }
            return j
          }
          if counting {
            scatter(binBits, prepared, stop - j, bins, gaps, counts, counting: true)
          } else {
            scatter(binBits, prepared, stop - j, bins, gaps, counts, counting: false)
          }
          j = stop
        }
        for b in 0..<bins {
          var n = 0
          var g = 0.0
          for lane in 0..<lanes {
            n += counts[lane * bins + b]
            g += gaps[lane * bins + b]
          }
          count[b] = n
          sums[2 * b] = g
          sums[2 * b + 1] = 0
        }
        return nil
      }
    }
  }

  /// netcal's clipping of a confidence already known to be in [0, 1], as
  /// one `max` and one `min` instruction.
  @inline(__always)
  static func clipValid(_ raw: Double) -> Double {
    let eps = Double.ulpOfOne
    let high = raw < 1 - eps ? raw : 1 - eps
    return high > eps ? high : eps
  }

  /// Bins samples `range` of `x` (confidences) and `y` (0/1) into `count`
  /// and `sums` (Σ conf, Σ correct per bin): the whole per-chunk loop, as a
  /// function of plain pointers so that nothing is reloaded from a closure
  /// context after each store. Returns the first invalid index, if any.
  private static func accumulate(
    _ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>, _ range: Range<Int>,
    _ e: UnsafeBufferPointer<Double>, _ bins: Int, _ uniform: Bool, _ gapOnly: Bool,
    _ count: UnsafeMutablePointer<Int>, _ sums: UnsafeMutablePointer<Double>
  ) -> Int? {
    // Eight sets of accumulators used in turn, so that samples close
    // together never update the same memory slot (which would chain them
    // and trip the processor's memory-dependence speculation): per lane and
    // bin, count + 2³² · correct packed in one integer, and Σ conf.
    let lanes = 8
    return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: lanes * bins) { packedBuffer -> Int? in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: lanes * bins) { sumBuffer -> Int? in
        guard let packed = packedBuffer.baseAddress, let conf = sumBuffer.baseAddress else { return nil }
        packed.initialize(repeating: 0, count: lanes * bins)
        conf.initialize(repeating: 0, count: lanes * bins)
        for j in range {
          let raw = x[j]
          let y = y[j]
          // In [0, 1], and 0 or 1 (NaN fails both): one predictable branch.
          guard raw * (1 - raw) >= 0 && y * (1 - y) == 0 else { return j }
          let v = clip(raw)
          let b = uniform ? uniformBin(v, e, bins) : Swift.min(bins - 1, Swift.max(0, upperBound(e, v) - 1))
          let slot = (j & (lanes - 1)) &* bins &+ b
          // y is 0 or 1: its value from the mantissa bits, without a branch.
          let hit = (y + 0x1p52).bitPattern &- (0x1p52 as Double).bitPattern
          packed[slot] &+= 1 &+ (hit << 32)
          conf[slot] += gapOnly ? y - v : v
        }
        for b in 0..<bins {
          var n = 0
          var hits = 0
          var sx = 0.0
          for lane in 0..<lanes {
            let p = packed[lane * bins + b]
            n += Int(p & 0xFFFF_FFFF)
            hits += Int(p >> 32)
            sx += conf[lane * bins + b]
          }
          count[b] = n
          sums[2 * b] = sx
          sums[2 * b + 1] = Double(hits)
        }
        return nil
      }
    }
  }

  /// netcal's clipping of a confidence to [ε, 1 − ε].
  @inline(__always)
  static func clip(_ raw: Double) -> Double {
    let eps = Double.ulpOfOne
    return Swift.min(1 - eps, Swift.max(eps, raw))
  }

  /// The equal-width bin of `v` (in (0, 1)): the last edge <= v, as numpy's
  /// searchsorted on the edges. v · bins rounded to the nearest integer r
  /// (by adding 2⁵², whose low mantissa bits then hold it: no conversion,
  /// no trap check) is that bin or the next one, and 0 <= r <= bins, so one
  /// comparison with edge r settles it — no clamping branches, which cost
  /// more in mispredictions than the rest of the loop.
  @inline(__always)
  static func uniformBin(_ v: Double, _ e: UnsafeBufferPointer<Double>, _ bins: Int) -> Int {
    let magic = 0x1p52
    let r = Int(bitPattern: UInt((v * Double(bins) + magic).bitPattern)) &- Int(bitPattern: UInt(magic.bitPattern))
    return r &- (e[r] > v ? 1 : 0)
  }

  /// The first index whose edge is greater than `v`.
  @inline(__always)
  private static func upperBound(_ e: UnsafeBufferPointer<Double>, _ v: Double) -> Int {
    var lo = 0
    var hi = e.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if e[mid] <= v { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// netcal's quantile edges: numpy's linear quantiles of the clipped
  /// confidences at linspace(0, 1, bins + 1), first and last set to 0 and 1.
  private static func quantileEdges(_ conf: Tensor, _ bins: Int, _ eps: Double) throws -> [Double] {
    var keys: [UInt64] = []
    keys.reserveCapacity(conf.count)
    for (i, x) in conf.storage.enumerated() {
      guard x >= 0 && x <= 1 else { throw MetricError("conf[\(i)] is \(describe(x)), outside [0, 1]") }
      keys.append(RadixSort.key(Swift.min(1 - eps, Swift.max(eps, x))))
    }
    let sorted = RadixSort.sorted(keys)
    let n = sorted.count
    let q = try Tensor.linspace(0, 1, bins + 1).storage
    var edges = [Double](repeating: 0, count: bins + 1)
    for (j, qj) in q.enumerated() {
      let virtual = Double(n - 1) * qj
      var v: Double
      if virtual >= Double(n - 1) {
        v = RadixSort.double(sorted[n - 1])
      } else {
        let previous = virtual.rounded(.down)
        let a = RadixSort.double(sorted[Int(previous)])
        let b = RadixSort.double(sorted[Int(previous) + 1])
        let gamma = virtual - previous
        // numpy's _lerp.
        let diff = b - a
        v = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma
      }
      edges[j] = v
    }
    edges[0] = 0
    edges[bins] = 1
    return edges
  }
}
