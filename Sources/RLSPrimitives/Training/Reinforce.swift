import Foundation
import RLSNumerics

/// Settings of `Reinforce`.
public struct ReinforceConfig: Sendable {
  /// Policy updates.
  public var iterations = 200
  /// Complete episodes collected per update.
  public var episodesPerIteration = 4
  /// Discount factor of the returns.
  public var gamma = 0.99
  /// Adam's learning rate (PyTorch's examples/reinforcement_learning/reinforce.py: 1e-2).
  public var learningRate = 1e-2
  /// Learn a value baseline (critic) and use `G_t − V(s_t)` as the advantage.
  public var valueBaseline = false
  /// Standardise the advantages over the iteration's steps (mean 0, unbiased std, + 1e-8).
  public var normalizeReturns = true
  /// Weight of the entropy bonus.
  public var entCoef = 0.0
  /// Weight of the value loss (with a value baseline).
  public var vfCoef = 0.5
  /// Global-norm gradient clipping (`nil`: none).
  public var maxGradNorm: Double? = nil
  /// Cut episodes longer than this (`nil`: only the environment ends them).
  public var maxEpisodeSteps: Int? = nil
  /// Hidden widths of the networks.
  public var hidden = [64, 64]
  /// Hidden activation.
  public var activation = Activation.tanh
  /// Initial log std of a Gaussian policy.
  public var initialLogStd = 0.0
  /// Fixes every random draw of the run.
  public var seed: UInt64 = 1

  /// The defaults documented on each field.
  public init() {}

  /// Throws when a setting is out of range (the message names it).
  public func validate() throws {
    func need(_ ok: Bool, _ msg: String) throws { if !ok { throw ModelError(msg) } }
    try need(iterations >= 0 && iterations <= 10_000_000, "iterations must be in 0..10000000, got \(iterations)")
    try need(episodesPerIteration >= 1 && episodesPerIteration <= 1 << 20, "episodes must be in 1..1048576, got \(episodesPerIteration)")
    try need(gamma >= 0 && gamma <= 1, "gamma must be in [0, 1], got \(gamma)")
    try need(learningRate >= 0 && learningRate.isFinite, "learning_rate must be a non-negative number")
    try need(maxGradNorm.map { $0 > 0 } ?? true, "max_grad_norm must be positive (or nil for no clipping)")
    try need(maxEpisodeSteps.map { $0 >= 1 } ?? true, "max_episode_steps must be positive")
    try need(!hidden.isEmpty && hidden.count <= 64 && hidden.allSatisfy { $0 >= 1 && $0 <= 4096 }, "hidden must list 1 to 64 layer widths in 1..4096")
  }
}

/// Monte-Carlo policy gradient (REINFORCE, Williams 1992): each iteration
/// runs `episodesPerIteration` complete episodes with the current policy,
/// computes the discounted returns `G_t = r_t + γ G_{t+1}`, the advantages
/// `A_t = G_t` (or `G_t − V(s_t)` with a value baseline), optionally
/// standardised over the iteration's steps, and takes one Adam step on
/// `−mean_t(log π(a_t|s_t) A_t) − entCoef·mean_t H + vfCoef·0.5·mean_t (V(s_t) − G_t)²`
/// (the mean over all steps of the iteration). The policy is the same actor
/// as PPO's (categorical or Gaussian with a learnable `logStd`).
public final class Reinforce {
  /// The settings of the run.
  public let config: ReinforceConfig
  /// The environment.
  public let env: EpisodeEnvironment
  /// The policy being trained (updated in place).
  public let policy: ActorCritic
  /// The optimiser.
  public let optimizer: Adam
  /// Environment steps taken.
  public private(set) var globalStep = 0
  private var rng: RNG
  private var nextSeed = 0
  private let d: Int

  /// A run on `env` whose observations have `observationSize` numbers.
  public init(env: EpisodeEnvironment, observationSize: Int, config: ReinforceConfig) throws {
    try config.validate()
    guard observationSize >= 1 else { throw ModelError("the environment's observations are empty") }
    self.config = config
    self.env = env
    d = observationSize
    rng = RNG(seed: config.seed)
    policy = try ActorCritic(
      observationSize: d, actionSpace: env.actionSpace, hidden: config.hidden, activation: config.activation, critic: config.valueBaseline,
      initialLogStd: config.initialLogStd, rng: &rng)
    optimizer = Adam(lr: config.learningRate)
    nextSeed = Int(rng.nextUInt64() >> 33)
  }

  /// One iteration; statistics: episodic_return (mean over the iteration's
  /// episodes), entropy, policy_loss, value_loss (0 without a baseline),
  /// episodic_length, grad_norm, global_step.
  public func iterate() throws -> [(String, Double)] {
    let c = config
    var obs: [Double] = []
    var acts: [Double] = []
    var returns: [Double] = []
    var epReturns = 0.0
    var epLengths = 0.0
    var one: [Double] = []
    for _ in 0..<c.episodesPerIteration {
      var o = try env.reset(seed: nextSeed)
      nextSeed &+= 1
      var rewards: [Double] = []
      while true {
        guard o.count == d else { throw ModelError("the environment returned an observation of \(o.count) numbers, expected \(d)") }
        globalStep += 1
        if globalStep & 1023 == 0 { try Cancellation.check() }
        try policy.act(o, rows: 1, greedy: false, rng: &rng, actions: &one)
        obs += o
        acts += one
        var a = one
        env.actionSpace.clipArray(&a)
        let r = try env.step(a)
        rewards.append(r.reward)
        o = r.observation
        if r.terminated || r.truncated { break }
        if let m = c.maxEpisodeSteps, rewards.count >= m { break }
      }
      var g = 0.0
      var rets = [Double](repeating: 0, count: rewards.count)
      for t in stride(from: rewards.count - 1, through: 0, by: -1) {
        g = rewards[t] + c.gamma * g
        rets[t] = g
      }
      returns += rets
      epReturns += rewards.reduce(0, +)
      epLengths += Double(rewards.count)
    }
    let m = returns.count
    let fm = Double(m)
    policy.zeroGrad()
    var adv = returns
    var valueLoss = 0.0
    if let critic = policy.critic {
      let v = try critic.forward(obs, rows: m)
      var dv = [Double](repeating: 0, count: m)
      for i in 0..<m {
        adv[i] = returns[i] - v[i]
        valueLoss += (v[i] - returns[i]) * (v[i] - returns[i])
        dv[i] = c.vfCoef * (v[i] - returns[i]) / fm
      }
      valueLoss = 0.5 * valueLoss / fm
      try critic.backward(dv, inputGradient: false)
    }
    if c.normalizeReturns && m >= 2 {
      let mean = adv.reduce(0, +) / fm
      var ss = 0.0
      for a in adv { ss += (a - mean) * (a - mean) }
      let std = (ss / (fm - 1)).squareRoot()
      for i in 0..<m { adv[i] = (adv[i] - mean) / (std + 1e-8) }
    }
    let out = try policy.actor.forward(obs, rows: m)
    let outs = policy.actor.outputSize
    var gOut = [Double](repeating: 0, count: m * outs)
    var logStdGrad = [Double](repeating: 0, count: policy.logStd.count)
    var pg = 0.0
    var ent = 0.0
    switch policy.actionSpace {
    case .discrete:
      let h = try PolicyHeads.categorical(logits: out, rows: m, cols: outs, actions: acts.map { Int($0) })
      for i in 0..<m {
        pg -= h.logp[i] * adv[i]
        ent += h.entropy[i]
        for q in 0..<outs {
          gOut[i * outs + q] = -adv[i] / fm * h.dLogp[i * outs + q] - c.entCoef / fm * h.dEntropy[i * outs + q]
        }
      }
    case .box:
      let h = try PolicyHeads.gaussian(mean: out, rows: m, cols: outs, logStd: policy.logStd, actions: acts)
      for j in 0..<logStdGrad.count { logStdGrad[j] = -c.entCoef }
      for i in 0..<m {
        pg -= h.logp[i] * adv[i]
        ent += h.entropy[i]
        for q in 0..<outs {
          gOut[i * outs + q] = -adv[i] / fm * h.dMean[i * outs + q]
          logStdGrad[q] += -adv[i] / fm * h.dLogStd[i * outs + q]
        }
      }
    }
    try policy.actor.backward(gOut, inputGradient: false)
    let norm = policy.applyGradients(logStdGrad: logStdGrad, optimizer: optimizer, maxGradNorm: c.maxGradNorm)
    let eps = Double(c.episodesPerIteration)
    return [
      ("episodic_return", epReturns / eps), ("entropy", ent / fm), ("policy_loss", pg / fm), ("value_loss", valueLoss),
      ("episodic_length", epLengths / eps), ("grad_norm", norm), ("global_step", Double(globalStep)),
    ]
  }
}
