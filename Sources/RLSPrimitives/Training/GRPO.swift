import Foundation
import RLSNumerics

/// The options of a GRPO run. Defaults follow TRL's `GRPOConfig` where it
/// has one (`num_generations` 8, `epsilon` 0.2, `epsilon_high` = `epsilon`,
/// `beta` 0, `num_iterations` 1, `loss_type` "dapo", `scale_rewards`
/// "group", `temperature` 1, `max_grad_norm` 1, AdamW `weight_decay` 0);
/// the learning rate, batch and model size are chosen for the toy tasks
/// (TRL's 1e-6 is for fine-tuning large language models), and so is the
/// entropy bonus: 0.01 where TRL has 0. Without it a token whose probability
/// collapses early (say the digit 8, after a few unlucky groups) is never
/// sampled again and never relearned: on sort with 5 digits, 1 seed in 4
/// then stalls near reward 0.9 with every 8 replaced, while with 0.01 every
/// seed tried passed 0.95.
public struct GRPOConfig: Sendable {
  /// Prompts per iteration.
  public var prompts = 16
  /// Completions per prompt (G, TRL's `num_generations`); at least 2.
  public var groupSize = 8
  /// Adam's learning rate.
  public var learningRate = 3e-3
  /// Lower clip range ε of the ratio.
  public var epsilon = 0.2
  /// Upper clip range (nil: `epsilon`).
  public var epsilonHigh: Double? = nil
  /// Weight of the k3 KL to the frozen initial policy in the loss.
  public var beta = 0.0
  /// Optimiser steps per generated batch (μ); the ratio is taken to the
  /// log-probabilities before the first of them.
  public var numIterations = 1
  /// How per-token losses are averaged.
  public var lossType: Losses.GRPOLossType = .dapo
  /// How centred rewards are scaled.
  public var scaleRewards: Advantages.GRPOScale = .group
  /// Sampling temperature (also divides the logits of the loss).
  public var temperature = 1.0
  /// Weight of the mean per-token entropy bonus (subtracted from the loss; see the type's doc).
  public var entropyCoef = 0.01
  /// Global gradient-norm clip (0: none).
  public var maxGradNorm = 1.0
  /// AdamW's decoupled weight decay.
  public var weightDecay = 0.0
  /// Hidden layer widths of the policy's MLP.
  public var hidden = [128]
  /// Hidden activation of the policy's MLP.
  public var activation = Activation.tanh
  /// Seeds the initialisation, the training prompts and the sampling.
  public var seed: UInt64 = 0

  /// The defaults.
  public init() {}

  /// Checks every field; the message names the option.
  public func validate() throws {
    func positive(_ x: Int, _ name: String, max: Int = 1 << 20) throws {
      guard x >= 1 && x <= max else { throw GRPOError("\(name) must be an integer in 1...\(max), got \(x)") }
    }
    func nonNegative(_ x: Double, _ name: String) throws {
      guard x >= 0 && x.isFinite else { throw GRPOError("\(name) must be a non-negative number, got \(formatNumber(x))") }
    }
    try positive(prompts, "prompts", max: 1 << 16)
    guard groupSize >= 2 && groupSize <= 1 << 16 else {
      throw GRPOError(
        "group_size must be an integer in 2...65536 (group-normalised advantages need at least 2 completions per prompt), got \(groupSize)")
    }
    guard learningRate > 0 && learningRate.isFinite else { throw GRPOError("lr must be a positive number, got \(formatNumber(learningRate))") }
    try nonNegative(epsilon, "epsilon")
    if let e = epsilonHigh { try nonNegative(e, "epsilon_high") }
    try nonNegative(beta, "beta")
    try positive(numIterations, "num_iterations", max: 1000)
    guard temperature > 0 && temperature.isFinite else { throw GRPOError("temperature must be a positive number, got \(formatNumber(temperature))") }
    try nonNegative(entropyCoef, "entropy_coef")
    try nonNegative(maxGradNorm, "max_grad_norm")
    try nonNegative(weightDecay, "weight_decay")
    guard hidden.count <= 8 else { throw GRPOError("hidden lists at most 8 layer widths, got \(hidden.count)") }
    for (i, h) in hidden.enumerated() { try positive(h, "hidden[\(i)]", max: 4096) }
  }
}

/// One GRPO iteration's statistics.
public struct GRPOStats: Sendable {
  /// Mean verifier reward of the sampled completions.
  public var reward: Double
  /// Fraction of sampled completions with reward ≥ 1 (exactly right, for the built-in tasks).
  public var accuracy: Double
  /// The loss, averaged over the μ optimiser steps.
  public var loss: Double
  /// Mean per-token k3 KL to the frozen initial policy (averaged over the μ steps).
  public var kl: Double
  /// Mean per-token entropy of the policy on the sampled tokens (averaged over the μ steps).
  public var entropy: Double
  /// Fraction of tokens whose ratio was clipped (TRL's clip_ratio/region_mean; averaged over the μ steps).
  public var clipRatio: Double
  /// Gradient norm before clipping (averaged over the μ steps).
  public var gradNorm: Double
}

/// GRPO (Shao et al. 2024) as TRL's `GRPOTrainer` computes it, on a
/// `SequenceTask`. Each `step()`:
/// 1. draws `prompts` prompts and samples `groupSize` completions of each
///    from the current policy;
/// 2. scores them with the verifier (the task's, or `reward`);
/// 3. computes group-normalised advantages (`Advantages.grpo`: reward minus
///    the group mean, divided by the group's std with ddof 1 plus 1e-4, or as
///    `scaleRewards` says), one per completion, shared by its tokens;
/// 4. takes `numIterations` Adam steps on `Losses.grpo`: per-token ratio
///    `exp(logp − logp_old)` clipped to `[1 − ε, 1 + ε_high]`, `logp_old` the
///    log-probabilities before the first step (so the first step's ratio is
///    1), plus `beta` times the k3 KL to the frozen initial policy, averaged
///    as `lossType` says, minus `entropyCoef` times the mean token entropy;
///    gradients clipped to `maxGradNorm`.
public final class GRPOTrainer {
  public let task: SequenceTask
  public let config: GRPOConfig
  /// The policy being trained.
  public let policy: SequencePolicy
  /// A frozen copy of the initial policy (the KL reference).
  public let reference: SequencePolicy
  public let optimizer: Adam
  /// A verifier replacing the task's: reward of (prompt, completion).
  public let verifier: (([Int], [Int]) throws -> Double)?
  /// Iterations done.
  public private(set) var iterations = 0
  private var promptRNG: RNG
  private var sampleRNG: RNG

  /// A trainer with a new policy initialised from `config.seed`.
  /// Random streams: the model's initialisation draws from `RNG(seed)`,
  /// training prompts from it after one `jump()`, sampling after two.
  public init(task: SequenceTask, config: GRPOConfig, verifier: (([Int], [Int]) throws -> Double)? = nil) throws {
    try config.validate()
    self.task = task
    self.config = config
    self.verifier = verifier
    var initRNG = RNG(seed: config.seed)
    var p = initRNG
    p.jump()
    var s = p
    s.jump()
    promptRNG = p
    sampleRNG = s
    policy = try SequencePolicy(
      vocabSize: task.vocabSize, promptLength: task.promptLength, completionLength: task.completionLength, hidden: config.hidden,
      activation: config.activation, temperature: config.temperature, rng: &initRNG)
    reference = policy.copy()
    optimizer = Adam(lr: config.learningRate, weightDecay: config.weightDecay)
  }

  /// The verifier's reward (the task's unless `verifier` is set); must be finite.
  public func reward(prompt: [Int], completion: [Int]) throws -> Double {
    let r = try verifier?(prompt, completion) ?? task.reward(prompt: prompt, completion: completion)
    guard r.isFinite else { throw GRPOError("the reward function returned \(formatNumber(r)) (rewards must be finite)") }
    return r
  }

  /// Mean reward and fraction of rewards ≥ 1 of completions of `n` prompts laid end to end.
  public func evaluate(prompts: [Int], count n: Int, greedy: Bool = true, rng: inout RNG) throws -> (reward: Double, accuracy: Double) {
    let c = try policy.generate(prompts: prompts, count: n, greedy: greedy, rng: &rng)
    let P = task.promptLength
    let T = task.completionLength
    var total = 0.0
    var right = 0
    for i in 0..<n {
      let r = try reward(prompt: Array(prompts[(i * P)..<((i + 1) * P)]), completion: Array(c[(i * T)..<((i + 1) * T)]))
      total += r
      if r >= 1 { right += 1 }
    }
    return (total / Double(n), Double(right) / Double(n))
  }

  /// `n` prompts from `RNG(seed)` after three `jump()`s (a stream that no
  /// training run with any seed draws from), laid end to end.
  public func heldOutPrompts(_ n: Int, seed: UInt64) -> [Int] {
    var r = RNG(seed: seed)
    for _ in 0..<3 { r.jump() }
    return (0..<n).flatMap { _ in task.samplePrompt(&r) }
  }

  /// One iteration (see the type's doc).
  public func step() throws -> GRPOStats {
    let B = config.prompts
    let G = config.groupSize
    let N = B * G
    let P = task.promptLength
    let T = task.completionLength
    var prompts: [Int] = []
    prompts.reserveCapacity(N * P)
    for _ in 0..<B {
      let p = task.samplePrompt(&promptRNG)
      for _ in 0..<G { prompts += p }
    }
    let completions = try policy.generate(prompts: prompts, count: N, rng: &sampleRNG)
    var rewards = [Double](repeating: 0, count: N)
    var right = 0
    for i in 0..<N {
      let r = try reward(prompt: Array(prompts[(i * P)..<((i + 1) * P)]), completion: Array(completions[(i * T)..<((i + 1) * T)]))
      rewards[i] = r
      if r >= 1 { right += 1 }
    }
    let adv = try Advantages.grpo(try Tensor(rows: B, cols: G, storage: rewards), scale: config.scaleRewards)
    let advantages = Tensor(vector: adv.storage)
    let ref = try Tensor(rows: N, cols: T, storage: try reference.score(prompts: prompts, completions: completions, count: N).logp)
    var old: Tensor? = nil
    var sums = (loss: 0.0, kl: 0.0, entropy: 0.0, clip: 0.0, norm: 0.0)
    let model = policy.model
    for k in 0..<config.numIterations {
      let s = try policy.score(prompts: prompts, completions: completions, count: N)
      let logp = try Tensor(rows: N, cols: T, storage: s.logp)
      if k == 0 && config.numIterations > 1 { old = logp }
      let l = try Losses.grpo(
        logp: logp, logpOld: old, logpRef: ref, advantages: advantages, mask: nil, beta: config.beta, epsilon: config.epsilon,
        epsilonHigh: config.epsilonHigh, lossType: config.lossType, maxCompletionLength: T)
      let meanEntropy = s.entropy.reduce(0, +) / Double(N * T)
      var dEntropy: [Double]? = nil
      if config.entropyCoef != 0 { dEntropy = [Double](repeating: -config.entropyCoef / Double(N * T), count: N * T) }
      model.zeroGrad()
      try policy.backward(s, dLogp: l.grad.storage, dEntropy: dEntropy)
      let norm = config.maxGradNorm > 0 ? TrainingUtils.clipGradNorm(&model.grads, maxNorm: config.maxGradNorm) : globalNorm(model.grads)
      optimizer.step(&model.params, model.grads)
      sums.loss += l.loss - config.entropyCoef * meanEntropy
      sums.kl += l.kl
      sums.entropy += meanEntropy
      sums.clip += l.clipRegion
      sums.norm += norm
    }
    iterations += 1
    let m = Double(config.numIterations)
    return GRPOStats(
      reward: rewards.reduce(0, +) / Double(N), accuracy: Double(right) / Double(N), loss: sums.loss / m, kl: sums.kl / m,
      entropy: sums.entropy / m, clipRatio: sums.clip / m, gradNorm: sums.norm / m)
  }

  private func globalNorm(_ g: [[Double]]) -> Double {
    var sq = 0.0
    for a in g { for x in a { sq += x * x } }
    return sq.squareRoot()
  }
}
