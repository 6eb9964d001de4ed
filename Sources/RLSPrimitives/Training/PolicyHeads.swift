import Foundation

/// Policy heads over model outputs, with the gradients a policy-gradient
/// loop needs.
public enum PolicyHeads {
  /// A categorical policy from `n × k` logits: row-wise softmax, log
  /// probabilities, entropies, and (for `actions`) the log-probability of
  /// each action with its gradient `onehot(a) - softmax` with respect to the
  /// logits, and the entropy gradient `-p (log p + H)`.
  public struct Categorical {
    public var probs: [Double]
    public var logProbs: [Double]
    public var entropy: [Double]
    public var logp: [Double]
    public var dLogp: [Double]
    public var dEntropy: [Double]
  }

  public static func categorical(logits: [Double], rows n: Int, cols k: Int, actions: [Int]?) throws -> Categorical {
    guard k >= 1 else { throw ModelError("logits need at least one column") }
    if let a = actions {
      guard a.count == n else { throw ModelError("actions has \(a.count) entries but logits has \(n) rows") }
      for (i, x) in a.enumerated() where x < 0 || x >= k {
        throw ModelError("actions[\(i)] = \(x) must be an action index in 0..\(k - 1)")
      }
    }
    var probs = [Double](repeating: 0, count: n * k)
    var logProbs = probs
    var dEnt = probs
    var ent = [Double](repeating: 0, count: n)
    for r in 0..<n {
      var mx = -Double.infinity
      for j in 0..<k { mx = max(mx, logits[r * k + j]) }
      var s = 0.0
      for j in 0..<k { s += exp(logits[r * k + j] - mx) }
      let lse = mx + log(s)
      var h = 0.0
      for j in 0..<k {
        let lp = logits[r * k + j] - lse
        logProbs[r * k + j] = lp
        probs[r * k + j] = exp(lp)
        if probs[r * k + j] > 0 { h -= probs[r * k + j] * lp }
      }
      ent[r] = h
      for j in 0..<k {
        let p = probs[r * k + j]
        dEnt[r * k + j] = p > 0 ? -p * (logProbs[r * k + j] + h) : 0
      }
    }
    var logp: [Double] = []
    var dLogp: [Double] = []
    if let a = actions {
      logp = (0..<n).map { logProbs[$0 * k + a[$0]] }
      dLogp = probs.map { -$0 }
      for r in 0..<n { dLogp[r * k + a[r]] += 1 }
    }
    return Categorical(probs: probs, logProbs: logProbs, entropy: ent, logp: logp, dLogp: dLogp, dEntropy: dEnt)
  }

  /// A diagonal Gaussian policy: `mean` n × d, `logStd` d (shared) values,
  /// `actions` n × d. Log-density per row, entropy per row, and gradients of
  /// the log-density with respect to the mean (n × d) and log-std (n × d).
  public struct Gaussian {
    public var logp: [Double]
    public var entropy: [Double]
    public var dMean: [Double]
    public var dLogStd: [Double]
  }

  public static func gaussian(mean: [Double], rows n: Int, cols d: Int, logStd: [Double], actions: [Double]) throws -> Gaussian {
    guard logStd.count == d else { throw ModelError("log_std has \(logStd.count) entries but the mean has \(d) columns") }
    guard actions.count == n * d else { throw ModelError("actions has \(actions.count) numbers but the mean is \(n)×\(d)") }
    let half = 0.5 * log(2 * Double.pi)
    var logp = [Double](repeating: 0, count: n)
    var dm = [Double](repeating: 0, count: n * d)
    var ds = dm
    let entRow = logStd.reduce(0) { $0 + 0.5 + half + $1 }
    for r in 0..<n {
      var s = 0.0
      for j in 0..<d {
        let std = exp(logStd[j])
        let z = (actions[r * d + j] - mean[r * d + j]) / std
        s += -0.5 * z * z - logStd[j] - half
        dm[r * d + j] = z / std
        ds[r * d + j] = z * z - 1
      }
      logp[r] = s
    }
    return Gaussian(logp: logp, entropy: [Double](repeating: entRow, count: n), dMean: dm, dLogStd: ds)
  }
}
