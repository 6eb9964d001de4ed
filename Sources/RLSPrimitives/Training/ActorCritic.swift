import Foundation
import RLSNumerics

/// A policy for the training loops: an actor MLP (logits of a categorical
/// policy for a discrete action space, or the mean of a diagonal Gaussian
/// with a state-independent learnable `logStd` for a box, as CleanRL's
/// ppo_continuous_action.py) and an optional critic MLP (state value).
public final class ActorCritic {
  /// The actions the policy produces.
  public let actionSpace: ActionSpace
  /// Logits (discrete) or Gaussian means (box).
  public let actor: MLP
  /// State values (`nil` for a policy without a critic).
  public let critic: MLP?
  /// Log standard deviations of the Gaussian (one per action dimension;
  /// empty for a discrete space).
  public var logStd: [Double]
  /// Observation statistics when the policy was trained with `normObs`:
  /// `prepare` normalises raw observations with them (frozen).
  public var observationNormalizer: RunningMeanStd? = nil

  /// Observation length the networks take.
  public var observationSize: Int { actor.inputSize }

  /// CleanRL's networks: `observationSize → hidden… → outputs` with
  /// orthogonal init (gain √2 on hidden layers, 0.01 on the actor's output,
  /// 1 on the critic's), biases 0; `logStd` starts at `initialLogStd`.
  /// The actor is drawn from `rng` before the critic.
  public init(
    observationSize: Int, actionSpace: ActionSpace, hidden: [Int], activation: Activation = .tanh, critic withCritic: Bool,
    initialLogStd: Double = 0, rng: inout RNG
  ) throws {
    self.actionSpace = actionSpace
    let gain = 2.0.squareRoot()
    actor = try MLP(
      sizes: [observationSize] + hidden + [actionSpace.policyOutputs], activation: activation,
      initialisation: .orthogonal(gain: gain, outputGain: 0.01), rng: &rng)
    critic =
      withCritic
      ? try MLP(sizes: [observationSize] + hidden + [1], activation: activation, initialisation: .orthogonal(gain: gain, outputGain: 1), rng: &rng)
      : nil
    logStd = actionSpace.isDiscrete ? [] : [Double](repeating: initialLogStd, count: actionSpace.actionSize)
  }

  /// A policy around existing networks (the actor's outputs must match the space).
  public init(actor: MLP, critic: MLP?, logStd: [Double], actionSpace: ActionSpace) throws {
    guard actor.outputSize == actionSpace.policyOutputs else {
      throw ModelError("the actor has \(actor.outputSize) outputs but the action space \(actionSpace.description) needs \(actionSpace.policyOutputs)")
    }
    if let c = critic, c.outputSize != 1 || c.inputSize != actor.inputSize {
      throw ModelError("the critic must map \(actor.inputSize) inputs to 1 value")
    }
    guard logStd.count == (actionSpace.isDiscrete ? 0 : actionSpace.actionSize) else { throw ModelError("log_std has the wrong length") }
    self.actor = actor
    self.critic = critic
    self.logStd = logStd
    self.actionSpace = actionSpace
  }

  /// Raw observations as the networks take them (normalised with
  /// `observationNormalizer` when set). `act` and `values` expect prepared
  /// inputs.
  public func prepare(_ obs: [Double]) -> [Double] {
    observationNormalizer.map { $0.normalize(obs) } ?? obs
  }

  static let halfLog2Pi = 0.5 * log(2 * Double.pi)

  /// Actions for `n` observations (row-major): sampled with `rng`, or the
  /// greedy action (argmax logits, Gaussian mean) when `greedy`. Writes
  /// `n × actionSize` actions (unclipped) and, when `logp` is given, their
  /// log-probabilities (of the sampled or greedy action).
  public func act(
    _ obs: [Double], rows n: Int, greedy: Bool, rng: inout RNG, actions: inout [Double], logp: UnsafeMutablePointer<Double>? = nil
  ) throws {
    let out = try actor.forward(obs, rows: n)
    let k = actionSpace.actionSize
    if actions.count != n * k { actions = [Double](repeating: 0, count: n * k) }
    switch actionSpace {
    case .discrete(let m):
      for r in 0..<n {
        var mx = -Double.infinity
        var arg = 0
        for j in 0..<m where out[r * m + j] > mx {
          mx = out[r * m + j]
          arg = j
        }
        var s = 0.0
        for j in 0..<m { s += exp(out[r * m + j] - mx) }
        let lse = mx + log(s)
        var a = arg
        if !greedy {
          // inverse CDF over exp(logit - lse)
          let u = rng.uniform()
          var cum = 0.0
          a = m - 1
          for j in 0..<m {
            cum += exp(out[r * m + j] - lse)
            if u < cum {
              a = j
              break
            }
          }
        }
        actions[r] = Double(a)
        logp?[r] = out[r * m + a] - lse
      }
    case .box(let low, _):
      let d = low.count
      for r in 0..<n {
        var lp = 0.0
        for j in 0..<d {
          let mean = out[r * d + j]
          if greedy {
            actions[r * d + j] = mean
            lp += -logStd[j] - ActorCritic.halfLog2Pi
          } else {
            let z = rng.normal()
            actions[r * d + j] = mean + exp(logStd[j]) * z
            lp += -0.5 * z * z - logStd[j] - ActorCritic.halfLog2Pi
          }
        }
        logp?[r] = lp
      }
    }
  }

  /// State values of `n` observations (requires a critic).
  public func values(_ obs: [Double], rows n: Int) throws -> [Double] {
    guard let c = critic else { throw ModelError("this policy has no critic") }
    return try c.forward(obs, rows: n)
  }

  /// Every trainable parameter array: actor, critic, then `logStd` (if any).
  var parameterCount: Int { actor.params.count + (critic?.params.count ?? 0) + (logStd.isEmpty ? 0 : 1) }
}
