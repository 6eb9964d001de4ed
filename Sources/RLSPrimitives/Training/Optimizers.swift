import Foundation

/// An optimiser over a list of parameter arrays and their gradients.
public protocol Optimizer: AnyObject {
  /// The learning rate (schedules set it between steps).
  var lr: Double { get set }
  /// Steps taken.
  var steps: Int { get }
  /// One update of `params` with `grads` (same layout).
  func step(_ params: inout [[Double]], _ grads: [[Double]])
}

/// PyTorch's SGD: `g += wd·p`; with momentum `buf = g` on the first step,
/// then `buf = μ·buf + (1 - dampening)·g`; Nesterov uses `g + μ·buf`;
/// `p -= lr·g`.
public final class SGD: Optimizer {
  public var lr: Double
  public let momentum: Double
  public let dampening: Double
  public let weightDecay: Double
  public let nesterov: Bool
  public private(set) var steps = 0
  private var buffers: [[Double]] = []

  public init(lr: Double, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false) {
    self.lr = lr
    self.momentum = momentum
    self.dampening = dampening
    self.weightDecay = weightDecay
    self.nesterov = nesterov
  }

  public func step(_ params: inout [[Double]], _ grads: [[Double]]) {
    if buffers.isEmpty && momentum != 0 { buffers = grads }
    for i in 0..<params.count {
      for j in 0..<params[i].count {
        var g = grads[i][j]
        if weightDecay != 0 { g += weightDecay * params[i][j] }
        if momentum != 0 {
          if steps > 0 { buffers[i][j] = momentum * buffers[i][j] + (1 - dampening) * g } else { buffers[i][j] = g }
          g = nesterov ? g + momentum * buffers[i][j] : buffers[i][j]
        }
        params[i][j] -= lr * g
      }
    }
    steps += 1
  }
}

/// PyTorch's Adam, with decoupled weight decay as AdamW when `weightDecay`
/// is set: `p *= 1 - lr·wd`; `m = m + (1-β₁)(g - m)` (torch's lerp);
/// `v = β₂·v + (1-β₂)·g²`; `p -= (lr / (1-β₁ᵗ)) · m / (√v / √(1-β₂ᵗ) + ε)`
/// — ε added after the bias-corrected square root, as PyTorch does.
public final class Adam: Optimizer {
  public var lr: Double
  public let beta1: Double
  public let beta2: Double
  public let eps: Double
  public let weightDecay: Double
  public private(set) var steps = 0
  private var m: [[Double]] = []
  private var v: [[Double]] = []

  public init(lr: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, weightDecay: Double = 0) {
    self.lr = lr
    self.beta1 = beta1
    self.beta2 = beta2
    self.eps = eps
    self.weightDecay = weightDecay
  }

  public func step(_ params: inout [[Double]], _ grads: [[Double]]) {
    if m.isEmpty {
      m = grads.map { [Double](repeating: 0, count: $0.count) }
      v = m
    }
    steps += 1
    let t = Double(steps)
    let bc1 = 1 - pow(beta1, t)
    let bc2 = 1 - pow(beta2, t)
    let stepSize = lr / bc1
    let bc2Sqrt = bc2.squareRoot()
    let (lr, beta1, beta2, eps, weightDecay) = (self.lr, self.beta1, self.beta2, self.eps, self.weightDecay)
    for i in 0..<params.count {
      grads[i].withUnsafeBufferPointer { g in
        params[i].withUnsafeMutableBufferPointer { p in
          m[i].withUnsafeMutableBufferPointer { m in
            v[i].withUnsafeMutableBufferPointer { v in
              for j in 0..<p.count {
                if weightDecay != 0 { p[j] *= 1 - lr * weightDecay }
                m[j] += (1 - beta1) * (g[j] - m[j])
                v[j] = v[j] * beta2 + (1 - beta2) * g[j] * g[j]
                let denom = v[j].squareRoot() / bc2Sqrt + eps
                p[j] -= stepSize * (m[j] / denom)
              }
            }
          }
        }
      }
    }
  }
}

/// Training utilities: gradient clipping and learning-rate schedules.
public enum TrainingUtils {
  /// Scales `grads` so their global L2 norm is at most `maxNorm` (PyTorch's
  /// clip_grad_norm_: coefficient `maxNorm / (norm + 1e-6)` when below 1);
  /// returns the norm before clipping.
  @discardableResult
  public static func clipGradNorm(_ grads: inout [[Double]], maxNorm: Double) -> Double {
    var sq = 0.0
    for g in grads { g.withUnsafeBufferPointer { p in for x in p { sq += x * x } } }
    let norm = sq.squareRoot()
    let coef = maxNorm / (norm + 1e-6)
    if coef < 1 {
      for i in 0..<grads.count { grads[i].withUnsafeMutableBufferPointer { p in for j in 0..<p.count { p[j] *= coef } } }
    }
    return norm
  }

  /// The learning rate at step `t` of `total`: "constant", "linear" (from
  /// `lr` to `end`, CleanRL's annealing `lr·(1 - t/total)` when end = 0) or
  /// "cosine" (`end + (lr - end)(1 + cos(π t/total))/2`).
  public static func scheduledLR(kind: String, lr: Double, end: Double, step t: Int, total: Int) -> Double {
    let frac = total <= 0 ? 1 : min(max(Double(t) / Double(total), 0), 1)
    switch kind {
    case "linear": return lr + (end - lr) * frac
    case "cosine": return end + (lr - end) * (1 + cos(Double.pi * frac)) / 2
    default: return lr
    }
  }
}
