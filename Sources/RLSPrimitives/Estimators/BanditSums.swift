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

extension BanditData {
  /// The sums over every row, computed chunk by chunk on all cores (chunk
  /// results are added in chunk order, so the result does not depend on
  /// scheduling). Throws the first bad row's problem.
  func sums(_ prm: BanditParameters) throws -> BanditSums {
    let chunks = Chunks.count(n, size: Chunks.rows)
    let parts = SlotBuffer(count: chunks, initial: BanditSums())
    let bad = SlotBuffer(count: chunks, initial: Int.max)
    Chunks.run(n) { c, range in
      let (s, b) =
        needs.contains(.logged)
        ? (needs.contains(.model) ? pass(range, prm, logged: true, model: true) : pass(range, prm, logged: true, model: false))
        : pass(range, prm, logged: false, model: true)
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
  @inline(__always)
  private func pass(_ range: Range<Int>, _ prm: BanditParameters, logged: Bool, model: Bool) -> (BanditSums, Int) {
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
                let base = i * k
                // One branch-free sweep over the row: its sum, its minimum
                // (NaN anywhere makes the sum NaN) and Σ π q̂.
                var sum = 0.0
                var minimum = 0.0
                var pq = 0.0
                if model {
                  for j in 0..<k {
                    let x = PI[base + j]
                    sum += x
                    minimum = Swift.min(minimum, x)
                    pq += x * Q[base + j]
                  }
                } else {
                  for j in 0..<k {
                    let x = PI[base + j]
                    sum += x
                    minimum = Swift.min(minimum, x)
                  }
                }
                guard Swift.abs(sum - 1) <= tol, minimum >= 0, !model || pq.isFinite else {
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
                let sg = prm.sgWeight(w)
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
                  s.drosRes += prm.drosWeight(w) * res
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
