import Dispatch
import Foundation
import RLSNumerics

/// Temperature scaling (Guo et al. 2017): the T > 0 minimising the mean
/// negative log-likelihood of softmax(logits / T).
///
/// Solved in s = 1/T, where dNLL/ds = mean(E_p[z] − z_y) is increasing (the NLL
/// is convex in s): a safeguarded Newton iteration on that derivative (its
/// derivative is the mean variance of z under p) inside a bracket that shrinks
/// every step, so it always converges to the root SciPy's `brentq` on dNLL/dT
/// finds. Rows are processed on both cores in fixed chunks, summed in order,
/// so results do not depend on scheduling.
public enum TemperatureScaling {
  /// The result of a fit.
  public struct Result: Sendable {
    public var temperature: Double
    public var nllBefore: Double
    public var nllAfter: Double
    public var eceBefore: Double
    public var eceAfter: Double
  }

  /// Fits T for `logits` (n × K, or a vector of binary logits) and integer `labels`.
  public static func fit(logits: Tensor, labels: [Double], bins: Int = 15) throws -> Result {
    let z = try classLogits(logits)
    let (n, k) = (z.rows, z.cols)
    guard n > 0 else { throw CalibrationError("logits are empty") }
    guard labels.count == n else { throw CalibrationError("logits have \(n) rows but labels has \(labels.count) values") }
    var y = [Int](repeating: 0, count: n)
    for i in 0..<n {
      let l = labels[i]
      guard l == l.rounded(), l >= 0, l < Double(k) else {
        throw CalibrationError("labels[\(i)] = \(formatNumber(l)) must be a class index in 0..\(k - 1)")
      }
      y[i] = Int(l)
    }
    for (i, v) in z.storage.enumerated() where !v.isFinite {
      throw CalibrationError("logits[\(i / k)][\(i % k)] is \(formatNumber(v)); logits must be finite")
    }
    let stats = { (s: Double) -> Stats in evaluate(z, y, s) }
    // g(s) = dNLL/ds is increasing; find its root.
    if stats(1e-9).gradient >= 0 {
      throw CalibrationError("the logits carry no information about the labels (the NLL is smallest at T = infinity)")
    }
    var lo = 1e-9
    var hi = 1.0
    var g = stats(hi)
    while g.gradient < 0 {
      lo = hi
      hi *= 4
      guard hi < 1e12 else {
        throw CalibrationError("every prediction is correct with growing confidence; the NLL decreases without bound as T -> 0")
      }
      g = stats(hi)
    }
    var s = hi
    var cur = g
    for _ in 0..<200 {
      if cur.gradient > 0 { hi = s } else { lo = s }
      var next = cur.curvature > 0 ? s - cur.gradient / cur.curvature : .nan
      // Outside the bracket: bisect in log space (the root may be far from s = 1).
      if !(next > lo && next < hi) { next = (lo * hi).squareRoot() }
      if abs(next - s) <= 1e-15 * s || hi - lo <= 1e-15 * hi {
        s = next
        break
      }
      s = next
      cur = stats(s)
      if cur.gradient == 0 { break }
    }
    let before = evaluate(z, y, 1)
    let after = evaluate(z, y, s)
    return Result(
      temperature: 1 / s, nllBefore: before.nll, nllAfter: after.nll,
      eceBefore: try topLabelECE(z, y, 1, bins: bins), eceAfter: try topLabelECE(z, y, s, bins: bins))
  }

  /// Logits as n × K; a vector of binary logits z becomes rows [0, z].
  public static func classLogits(_ t: Tensor) throws -> Tensor {
    if t.rank == 2 {
      guard t.cols >= 2 else { throw CalibrationError("logits need at least 2 columns (classes), got \(t.cols)") }
      return t
    }
    var out = [Double](repeating: 0, count: t.count * 2)
    for i in 0..<t.count { out[2 * i + 1] = t.storage[i] }
    return try Tensor(rows: t.count, cols: 2, storage: out)
  }

  struct Stats {
    var nll = 0.0
    var gradient = 0.0
    var curvature = 0.0
  }

  /// Mean NLL, dNLL/ds and d²NLL/ds² at inverse temperature s.
  static func evaluate(_ z: Tensor, _ y: [Int], _ s: Double) -> Stats {
    let (n, k) = (z.rows, z.cols)
    let chunk = 4096
    let chunks = (n + chunk - 1) / chunk
    var partial = [Stats](repeating: Stats(), count: chunks)
    z.withUnsafeBufferPointer { zb in
      partial.withUnsafeMutableBufferPointer { pb in
        let out = pb.baseAddress!
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
          var st = Stats()
          for i in (c * chunk)..<min(n, (c + 1) * chunk) {
            let row = zb.baseAddress! + i * k
            var m = -Double.infinity
            for j in 0..<k { m = max(m, s * row[j]) }
            var sum = 0.0, ez = 0.0, ez2 = 0.0
            for j in 0..<k {
              let e = exp(s * row[j] - m)
              sum += e
              ez += e * row[j]
              ez2 += e * row[j] * row[j]
            }
            let mean = ez / sum
            st.nll += m + log(sum) - s * row[y[i]]
            st.gradient += mean - row[y[i]]
            st.curvature += max(0, ez2 / sum - mean * mean)
          }
          out[c] = st
        }
      }
    }
    var total = Stats()
    for p in partial {
      total.nll += p.nll
      total.gradient += p.gradient
      total.curvature += p.curvature
    }
    let nd = Double(n)
    return Stats(nll: total.nll / nd, gradient: total.gradient / nd, curvature: total.curvature / nd)
  }

  /// Expected calibration error of the top-label confidence at inverse temperature s.
  static func topLabelECE(_ z: Tensor, _ y: [Int], _ s: Double, bins: Int) throws -> Double {
    let (n, k) = (z.rows, z.cols)
    var conf = [Double](repeating: 0, count: n)
    var correct = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var m = -Double.infinity
      var arg = 0
      for j in 0..<k where s * z.storage[i * k + j] > m {
        m = s * z.storage[i * k + j]
        arg = j
      }
      var sum = 0.0
      for j in 0..<k { sum += exp(s * z.storage[i * k + j] - m) }
      conf[i] = min(1, 1 / sum)
      correct[i] = arg == y[i] ? 1 : 0
    }
    return try Reliability.ece(confidence: conf, correct: correct, bins: bins)
  }
}
