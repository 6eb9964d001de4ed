import Foundation

/// Platt scaling: an unregularised logistic fit p = sigmoid(a · score + b),
/// by Newton's method (IRLS) with step halving.
///
/// With `smoothedTargets` the labels are replaced by Platt's targets
/// (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2), as scikit-learn's sigmoid calibration
/// does (it reports A = −a, B = −b). Without them the fit equals
/// `LogisticRegression(penalty=None)`; perfectly separable data has no
/// finite fit and is an error.
public enum PlattScaling {
  /// Returns (a, b).
  public static func fit(scores: [Double], labels: [Double], smoothedTargets: Bool = false) throws -> (a: Double, b: Double) {
    let n = scores.count
    guard n == labels.count else { throw CalibrationError("scores has \(n) values but labels has \(labels.count)") }
    guard n > 0 else { throw CalibrationError("scores is empty") }
    var pos = 0.0
    for i in 0..<n {
      guard scores[i].isFinite else { throw CalibrationError("scores[\(i)] is \(scores[i]); scores must be finite") }
      guard labels[i] == 0 || labels[i] == 1 else { throw CalibrationError("labels[\(i)] = \(labels[i]) must be 0 or 1") }
      pos += labels[i]
    }
    let neg = Double(n) - pos
    guard pos > 0 && neg > 0 else { throw CalibrationError("labels contain a single class; a logistic fit needs both 0 and 1") }
    var t = labels
    if smoothedTargets {
      let hi = (pos + 1) / (pos + 2)
      let lo = 1 / (neg + 2)
      t = labels.map { $0 == 1 ? hi : lo }
    } else {
      let maxNeg = zip(scores, labels).filter { $0.1 == 0 }.map(\.0).max()!
      let minPos = zip(scores, labels).filter { $0.1 == 1 }.map(\.0).min()!
      let minNeg = zip(scores, labels).filter { $0.1 == 0 }.map(\.0).min()!
      let maxPos = zip(scores, labels).filter { $0.1 == 1 }.map(\.0).max()!
      if maxNeg < minPos || maxPos < minNeg {
        throw CalibrationError("the scores separate the labels perfectly; the unregularised fit has no finite solution (use targets: \"platt\")")
      }
    }
    func loss(_ a: Double, _ b: Double) -> Double {
      var l = 0.0
      for i in 0..<n {
        let u = a * scores[i] + b
        // log(1 + e^u) − t·u, computed stably.
        l += (u > 0 ? u + log1p(exp(-u)) : log1p(exp(u))) - t[i] * u
      }
      return l
    }
    var a = 0.0
    var b = log((pos + 1) / (neg + 1))
    var current = loss(a, b)
    for _ in 0..<200 {
      var ga = 0.0, gb = 0.0, haa = 0.0, hab = 0.0, hbb = 0.0
      for i in 0..<n {
        let p = 1 / (1 + exp(-(a * scores[i] + b)))
        let r = p - t[i]
        let w = p * (1 - p)
        ga += r * scores[i]
        gb += r
        haa += w * scores[i] * scores[i]
        hab += w * scores[i]
        hbb += w
      }
      let det = haa * hbb - hab * hab
      guard det > 0 else { break }
      let da = (hbb * ga - hab * gb) / det
      let db = (haa * gb - hab * ga) / det
      var step = 1.0
      var improved = false
      while step > 1e-12 {
        let na = a - step * da
        let nb = b - step * db
        let l = loss(na, nb)
        if l <= current {
          improved = true
          let done = abs(current - l) <= 1e-15 * max(1, abs(l)) && max(abs(step * da), abs(step * db)) <= 1e-12 * (1 + max(abs(a), abs(b)))
          a = na
          b = nb
          current = l
          if done { return (a, b) }
          break
        }
        step /= 2
      }
      if !improved { break }
      if abs(ga) + abs(gb) < 1e-13 * Double(n) { break }
    }
    return (a, b)
  }
}
