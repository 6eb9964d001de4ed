import Foundation

/// The optimiser step shared by the policy-gradient loops: the gradients of
/// the actor, the critic and `logStd` are clipped together to a global L2
/// norm (PyTorch's clip_grad_norm_ over all parameters) and one optimiser
/// step updates all of them.
extension ActorCritic {
  /// Zeroes every gradient.
  func zeroGrad() {
    actor.zeroGrad()
    critic?.zeroGrad()
  }

  /// Clips (when `maxGradNorm` is set) and applies the accumulated gradients
  /// (`logStdGrad` for `logStd`); returns the gradient norm before clipping.
  @discardableResult
  func applyGradients(logStdGrad: [Double], optimizer: Optimizer, maxGradNorm: Double?) -> Double {
    let na = actor.params.count
    let nc = critic?.params.count ?? 0
    // move the arrays out so the optimiser updates them in place (no copy-on-write)
    var ps = actor.params
    var gs = actor.grads
    actor.params = []
    actor.grads = []
    if let c = critic {
      ps += c.params
      gs += c.grads
      c.params = []
      c.grads = []
    }
    if !logStd.isEmpty {
      ps.append(logStd)
      gs.append(logStdGrad)
      logStd = []
    }
    var norm = 0.0
    if let m = maxGradNorm {
      norm = TrainingUtils.clipGradNorm(&gs, maxNorm: m)
    } else {
      for g in gs { for x in g { norm += x * x } }
      norm = norm.squareRoot()
    }
    optimizer.step(&ps, gs)
    actor.params = Array(ps[0..<na])
    actor.grads = Array(gs[0..<na])
    if let c = critic {
      c.params = Array(ps[na..<(na + nc)])
      c.grads = Array(gs[na..<(na + nc)])
    }
    if ps.count > na + nc { logStd = ps[na + nc] }
    return norm
  }
}
