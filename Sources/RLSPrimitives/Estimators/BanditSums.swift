import RLSNumerics

/// Per-chunk sums over rounds from which every bandit estimator follows, and
/// the one pass that fills them (validating each row as it goes).
///
/// Notation (OBP's): `w_i = π_e(a_i|x_i) / π_b(a_i|x_i)`, `q̂_i = q̂(x_i, a_i)`,
/// `dm_i = Σ_a π_e(a|x_i) q̂(x_i, a) / Σ_a π_e(a|x_i)` (OBP's `np.average`).
struct BanditSums {
  /// Σ dm_i
  var dm = 0.0
  /// Σ r_i min(w_i, clip)
  var ipsClip = 0.0
  /// Σ w_i
  var w = 0.0
  /// Σ r_i w_i
  var rw = 0.0
  /// Σ min(w_i, clip) (r_i − q̂_i)
  var drClip = 0.0
  /// Σ w_i (r_i − q̂_i)
  var wRes = 0.0
  /// Σ 1[w_i ≤ τ] w_i (r_i − q̂_i)
  var switchRes = 0.0
  /// Σ ŵ_i (r_i − q̂_i), ŵ = λw/(w² + λ) (DRos)
  var drosRes = 0.0
  /// Σ ŵ_i r_i, ŵ = w/(1 − λ + λw) (sub-Gaussian IPW)
  var sgIPW = 0.0
  /// Σ ŵ_i (r_i − q̂_i), ŵ = w/(1 − λ + λw) (sub-Gaussian DR)
  var sgRes = 0.0

  static func + (a: BanditSums, b: BanditSums) -> BanditSums {
    var s = a
    s.dm += b.dm
    s.ipsClip += b.ipsClip
    s.w += b.w
    s.rw += b.rw
    s.drClip += b.drClip
    s.wRes += b.wRes
    s.switchRes += b.switchRes
    s.drosRes += b.drosRes
    s.sgIPW += b.sgIPW
    s.sgRes += b.sgRes
    return s
  }
}

/// The hyper-parameters of the bandit estimators (OBP's names in brackets).
public struct BanditParameters: Sendable, Equatable {
  /// Importance-weight clipping of IPS and DR [`lambda_`]: weights above it become it. Default ∞.
  public var clip: Double
  /// Switch-DR threshold [`lambda_`]: rows with `w > tau` use DM alone. Default ∞.
  public var tau: Double
  /// DRos shrinkage [`lambda_`]: `ŵ = λw / (w² + λ)`; ∞ gives DR. Default 0 (OBP's).
  public var drosLambda: Double
  /// Sub-Gaussian IPW/DR [`lambda_`] in [0, 1]: `ŵ = w / (1 − λ + λw)`. Default 0 (OBP's).
  public var sgLambda: Double

  public init(clip: Double = .infinity, tau: Double = .infinity, drosLambda: Double = 0, sgLambda: Double = 0) {
    self.clip = clip
    self.tau = tau
    self.drosLambda = drosLambda
    self.sgLambda = sgLambda
  }

  /// Throws when a parameter is outside OBP's accepted range.
  func validate() throws {
    for (v, name) in [(clip, "clip"), (tau, "tau"), (drosLambda, "lambda")] where !(v >= 0) {
      throw EstimatorError("\(name) must be a non-negative number, got \(formatNumber(v))")
    }
    guard sgLambda >= 0 && sgLambda <= 1 else {
      throw EstimatorError("lambda must be in [0, 1] for the sub-Gaussian estimators, got \(formatNumber(sgLambda))")
    }
  }

  /// DRos's shrunk weight; a zero weight stays zero (OBP gives 0/0 = NaN there when λ = 0).
  @inline(__always) func drosWeight(_ w: Double) -> Double {
    if drosLambda == .infinity { return w }
    return w == 0 ? 0 : drosLambda * w / (w * w + drosLambda)
  }

  /// The sub-Gaussian weight; a zero weight stays zero (OBP gives 0/0 = NaN there when λ = 1).
  @inline(__always) func sgWeight(_ w: Double) -> Double {
    w == 0 ? 0 : w / (1 - sgLambda + sgLambda * w)
  }
}

/// Which fields a pass reads, as types so that each pass is specialised.
protocol PassKind {
  static var logged: Bool { get }
  static var model: Bool { get }
}
enum LoggedAndModel: PassKind {
  static var logged: Bool { true }
  static var model: Bool { true }
}
enum LoggedOnly: PassKind {
  static var logged: Bool { true }
  static var model: Bool { false }
}
enum ModelOnly: PassKind {
  static var logged: Bool { false }
  static var model: Bool { true }
}

/// How a pass computes a shrunk weight: not at all (it is w), as 0, or by its formula.
struct Shrink {
  enum Mode { case identity, zero, formula }
  var sg: Mode
  var dros: Mode
}

extension BanditData {
  /// The sums over every row, computed chunk by chunk on all cores (chunk
  /// results are added in chunk order, so the result does not depend on
  /// scheduling). Throws the first bad row's problem.
  /// `only`: the one estimator wanted (nil: all), so that the shrunk
  /// weights that need a division are computed only when they are used.
  func sums(_ prm: BanditParameters, only: BanditEstimator? = nil) throws -> BanditSums {
    let wantSG = only == nil || only == .subgaussIPW || only == .subgaussDR
    let wantDros = only == nil || only == .dros
    let shrink = Shrink(
      sg: wantSG && prm.sgLambda != 0 ? .formula : .identity,
      dros: !wantDros || prm.drosLambda == .infinity ? .identity : (prm.drosLambda == 0 ? .zero : .formula))
    let chunks = Chunks.count(n, size: Chunks.rows)
    let parts = SlotBuffer(count: chunks, initial: BanditSums())
    let bad = SlotBuffer(count: chunks, initial: Int.max)
    Chunks.run(n) { c, range in
      let (s, b) =
        needs.contains(.logged)
        ? (needs.contains(.model) ? pass(LoggedAndModel.self, range, prm, shrink) : pass(LoggedOnly.self, range, prm, shrink))
        : pass(ModelOnly.self, range, prm, shrink)
      parts[c] = s
      bad[c] = b
    }
    var firstBad = Int.max
    var total = BanditSums()
    for c in 0..<chunks {
      firstBad = Swift.min(firstBad, bad[c])
      total = total + parts[c]
    }
    if firstBad != Int.max { throw diagnose(row: firstBad) }
    return total
  }

  /// One chunk: sums and the first bad row (Int.max when none).
  /// (Generic over the fields read, so each kind gets its own specialised loop.)
  private func pass<Kind: PassKind>(_: Kind.Type, _ range: Range<Int>, _ prm: BanditParameters, _ shrink: Shrink) -> (BanditSums, Int) {
    let logged = Kind.logged
    let model = Kind.model
    var s = BanditSums()
    let k = self.k
    let kd = Double(k)
    let clip = prm.clip
    let tau = prm.tau
    let tol = BanditData.sumTolerance
    var firstBad = Int.max
    reward.withUnsafeBufferPointer { R in
      action.withUnsafeBufferPointer { A in
        pscore.withUnsafeBufferPointer { P in
          actionDist.withUnsafeBufferPointer { PI in
            qHat.withUnsafeBufferPointer { Q in
              for i in range {
                let base = i &* k
                // One branch-free sweep over the row, two lanes at a time
                // (SSE2): Σ π, Σ |π| (equal unless some π < 0; NaN anywhere
                // makes them NaN) and Σ π q̂.
                var sum2 = SIMD2<Double>()
                var abs2 = SIMD2<Double>()
                var pq2 = SIMD2<Double>()
                var j = 0
                let rowPI = UnsafeRawPointer(PI.baseAddress! + base)
                let rowQ = model ? UnsafeRawPointer(Q.baseAddress! + base) : rowPI
                let magnitude = SIMD2<UInt64>(repeating: 0x7fff_ffff_ffff_ffff)
                while j &+ 1 < k {
                  let x = rowPI.loadUnaligned(fromByteOffset: j &* 8, as: SIMD2<Double>.self)
                  sum2 += x
                  abs2 += unsafeBitCast(unsafeBitCast(x, to: SIMD2<UInt64>.self) & magnitude, to: SIMD2<Double>.self)
                  if model { pq2 += x * rowQ.loadUnaligned(fromByteOffset: j &* 8, as: SIMD2<Double>.self) }
                  j &+= 2
                }
                var sum = sum2[0] + sum2[1]
                var sumAbs = abs2[0] + abs2[1]
                var pq = pq2[0] + pq2[1]
                if j < k {
                  let x = PI[base &+ j]
                  sum += x
                  sumAbs += Swift.abs(x)
                  if model { pq += x * Q[base &+ j] }
                }
                guard Swift.abs(sum - 1) <= tol, sumAbs == sum, !model || pq.isFinite else {
                  firstBad = i
                  return
                }
                let dm = pq / sum
                s.dm += dm
                guard logged else { continue }
                let r = R[i]
                let a = A[i]
                let p = P[i]
                guard r.isFinite, a >= 0, a < kd, p > 0, p <= 1, Double(Int(a)) == a else {
                  firstBad = i
                  return
                }
                let ai = Int(a)
                let w = PI[base + ai] / p
                let wc = Swift.min(w, clip)
                let sg = shrink.sg == .identity ? w : prm.sgWeight(w)
                s.w += w
                s.rw += r * w
                s.ipsClip += r * wc
                s.sgIPW += sg * r
                if model {
                  let q = Q[base + ai]
                  let res = r - q
                  s.drClip += wc * res
                  s.wRes += w * res
                  s.switchRes += w <= tau ? w * res : 0
                  switch shrink.dros {
                  case .identity: s.drosRes += w * res
                  case .zero: break
                  case .formula: s.drosRes += prm.drosWeight(w) * res
                  }
                  s.sgRes += sg * res
                }
              }
            }
          }
        }
      }
    }
    // A NaN in q̂ where π is 0 leaves pq NaN and is caught above; a NaN in q̂
    // alone is caught the same way because 0 × NaN is NaN.
    return (s, firstBad)
  }
}
