import Foundation
import RLSCore
import RLSNumerics
import RLSPrimitives

/// `train.grpo`: GRPO on a built-in verifiable-reward sequence task, and the
/// sequence-policy object it returns.
enum GRPONatives {
  static func wrap<T>(_ c: NativeCall, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as GRPOError { throw c.error(e.message) } catch let e as ModelError {
      throw c.error(e.message)
    } catch let e as EstimatorError { throw c.error(e.description) }
  }

  /// A non-negative integer option that fits in a seed.
  static func seed(_ c: NativeCall, _ name: String, default d: Int) throws -> UInt64 {
    let s = try c.int(option: name, default: d)
    guard s >= 0 else { throw c.error("\(name) must be a non-negative integer, got \(s)") }
    return UInt64(s)
  }

  /// The GRPO options of a call (see the doc string of train.grpo).
  static func config(_ c: NativeCall) throws -> GRPOConfig {
    var g = GRPOConfig()
    g.prompts = try c.int(option: "prompts", default: g.prompts)
    g.groupSize = try c.int(option: "group_size", default: g.groupSize)
    g.learningRate = try c.number(option: "lr", default: g.learningRate)
    g.epsilon = try c.number(option: "epsilon", default: g.epsilon)
    g.epsilonHigh = try c.number(option: "epsilon_high")
    g.beta = try c.number(option: "beta", default: g.beta)
    g.numIterations = try c.int(option: "num_iterations", default: g.numIterations)
    g.lossType = Losses.GRPOLossType(
      rawValue: try c.choice(option: "loss_type", Losses.GRPOLossType.allCases.map(\.rawValue), default: g.lossType.rawValue))!
    g.scaleRewards = try scale(c)
    g.temperature = try c.number(option: "temperature", default: g.temperature)
    g.entropyCoef = try c.number(option: "entropy_coef", default: g.entropyCoef)
    g.maxGradNorm = try c.number(option: "max_grad_norm", default: g.maxGradNorm)
    g.weightDecay = try c.number(option: "weight_decay", default: g.weightDecay)
    g.activation = Activation(rawValue: try c.choice(option: "act", Activation.allCases.map(\.rawValue), default: g.activation.rawValue))!
    if let h = c.option("hidden") {
      guard let t = try? c.vm.toTensor(h, "option hidden"), t.rank == 1 else {
        throw c.error("option hidden must be a list of layer widths, got \(h.typeName)", kind: .type)
      }
      g.hidden = try t.storage.enumerated().map { i, d in
        guard d == d.rounded(), d >= 1, d <= 4096 else { throw c.error("hidden[\(i)] must be an integer width in 1...4096, got \(formatNumber(d))") }
        return Int(d)
      }
    }
    g.seed = try seed(c, "seed", default: 0)
    try wrap(c) { try g.validate() }
    return g
  }

  /// `scale_rewards:` "group" (default), "batch", "none", true (group) or false (none), as TRL.
  static func scale(_ c: NativeCall) throws -> Advantages.GRPOScale {
    guard let v = c.option("scale_rewards") else { return .group }
    if case .bool(let b) = v { return b ? .group : .none }
    let s = try c.choice(option: "scale_rewards", Advantages.GRPOScale.allCases.map(\.rawValue), default: "group")
    return Advantages.GRPOScale(rawValue: s)!
  }

  /// The task of a call: `task:` "sort" (default) or "sum", with `length:`, `vocab:` and `partial:`.
  static func task(_ c: NativeCall) throws -> SequenceTask {
    let kind = SequenceTask.Kind(rawValue: try c.choice(option: "task", SequenceTask.Kind.allCases.map(\.rawValue), default: "sort"))!
    let length = try c.int(option: "length", default: SequenceTask.defaultLength(kind))
    let vocab = try c.int(option: "vocab", default: 10)
    let partial = try c.bool(option: "partial", default: true)
    return try wrap(c) { try SequenceTask(kind: kind, length: length, vocabSize: vocab, partialCredit: partial) }
  }

  static let rows: [Native] = [
    Native(
      "grpo",
      usage:
        "train.grpo(task:, length:, vocab:, partial:, reward:, iterations:, prompts:, group_size:, lr:, epsilon:, epsilon_high:, beta:, num_iterations:, loss_type:, scale_rewards:, temperature:, entropy_coef:, max_grad_norm:, weight_decay:, hidden:, act:, eval_every:, eval_prompts:, eval_seed:, seed:, progress:, callback:)",
      doc: """
        GRPO (TRL GRPOTrainer semantics) training a small autoregressive categorical policy on a verifiable-reward sequence task. \
        task: "sort" (default; prompt: length: random digits, default 6; completion: the same digits in ascending order) or "sum" (prompt: two length:-digit numbers, default 2, most significant digit first; completion: the length+1 digits of their sum). \
        vocab: (default 10) is the digits' base. The verifier gives the fraction of completion positions equal to the exact answer (1 exactly when correct); \
        partial: false gives 1 for an exact answer and 0 otherwise (from a random policy almost every group is then all 0 and has nothing to learn from). \
        reward: fn(prompt, completion) -> number replaces the verifier (prompt and completion are lists of token numbers). \
        The policy: an MLP (hidden: [128], act: "tanh") reading, for each completion position t, the prompt and the tokens generated so far one-hot per position and t one-hot, and emitting the next token's logits (divided by temperature:, default 1). \
        Each of iterations: (default 600) draws prompts: (16) prompts, samples group_size: (G, 8, at least 2) completions of each, scores them, \
        computes group-normalised advantages as adv.grpo (scale_rewards: "group" (default; std ddof 1 + 1e-4), "batch", "none" or true/false as TRL), \
        and takes num_iterations: (μ, default 1) Adam steps (lr: 0.003, weight_decay: 0, gradients clipped to max_grad_norm: 1, 0 for none) on loss.grpo: \
        per-token ratio exp(logp - logp_old) (logp_old: before the first of the μ steps) clipped to [1 - epsilon, 1 + epsilon_high] (epsilon: 0.2, epsilon_high: epsilon), \
        plus beta: (default 0, as TRL) times the k3 KL to the frozen initial policy, averaged as loss_type: "dapo" (TRL's default: over all tokens of the batch), "bnpo", "grpo" or "dr_grpo", \
        minus entropy_coef: (default 0.01; TRL has 0, but then a token whose probability collapses early is never sampled or learned again) times the mean token entropy. \
        Curve columns: iteration, reward (mean verifier reward of the sampled completions), accuracy (fraction with reward >= 1), loss, kl (mean k3 KL to the initial policy, logged even when beta is 0), entropy (mean token entropy), clip_ratio, grad_norm, \
        eval_reward and eval_accuracy (the verifier, or reward:, on greedy completions of eval_prompts: (default 500) held-out prompts drawn from eval_seed: (default 0) by a stream no training run uses; measured every eval_every: (default 25) iterations and at the last, carried forward between). \
        seed: (default 0) makes the run bit-identical. progress: (default true) shows a progress bar; callback: fn(stats) is called after every iteration with the curve row and the policy (returning false stops the run). \
        Result: {policy, curve, interrupted, iterations, seconds, final_reward, final_accuracy (greedy on the held-out prompts, measured at the end)}. \
        policy: generate(prompt, greedy:, seed:), sample(prompt, n, seed:), reward(prompt, completion), answer(prompt), prompts(n, seed:), evaluate(n:, seed:, greedy:), and the MLP as policy.model.
        """
    ) { c in try grpo(c) }
  ]

  static func grpo(_ c: NativeCall) throws -> Value {
    let task = try task(c)
    let cfg = try config(c)
    let iterations = try c.int(option: "iterations", default: 600)
    guard iterations >= 0 && iterations <= 1 << 24 else { throw c.error("iterations must be a non-negative integer, got \(iterations)") }
    let evalEvery = try c.int(option: "eval_every", default: 25)
    guard evalEvery >= 1 else { throw c.error("eval_every must be a positive integer, got \(evalEvery)") }
    let evalCount = try c.int(option: "eval_prompts", default: 500)
    guard evalCount >= 1 && evalCount <= 1 << 20 else { throw c.error("eval_prompts must be an integer in 1...1048576, got \(evalCount)") }
    let evalSeed = try seed(c, "eval_seed", default: 0)
    let vm = c.vm
    var verifier: (([Int], [Int]) throws -> Double)? = nil
    if let f = try c.callable(option: "reward") {
      verifier = { p, comp in
        let r = try vm.call(f, [vm.list(p.map { .number(Double($0)) }), vm.list(comp.map { .number(Double($0)) })])
        guard case .number(let d) = r else { throw c.error("the reward function must return a number, got \(r.typeName)") }
        return d
      }
    }
    let trainer = try wrap(c) { try GRPOTrainer(task: task, config: cfg, verifier: verifier) }
    let heldOut = trainer.heldOutPrompts(evalCount, seed: evalSeed)
    let policy = Value(vm.heap.track(SequencePolicyObject(trainer.policy, task: task)))
    vm.tempRoots.append(policy)
    defer { vm.tempRoots.removeLast() }
    var evalRNG = RNG(seed: 0)
    var last = (reward: 0.0, accuracy: 0.0)
    var loop = try TrainingLoop(c, name: "grpo", total: iterations)
    loop.extras = { [("policy", policy)] }
    try loop.run { it in
      let s = try wrap(c) { try trainer.step() }
      var stats: [(String, Double)] = [
        ("reward", s.reward), ("accuracy", s.accuracy), ("loss", s.loss), ("kl", s.kl), ("entropy", s.entropy), ("clip_ratio", s.clipRatio),
        ("grad_norm", s.gradNorm),
      ]
      if it % evalEvery == 0 || it == iterations - 1 {
        last = try wrap(c) { try trainer.evaluate(prompts: heldOut, count: evalCount, rng: &evalRNG) }
      }
      stats += [("eval_reward", last.reward), ("eval_accuracy", last.accuracy)]
      return stats
    }
    let final = try wrap(c) { try trainer.evaluate(prompts: heldOut, count: evalCount, rng: &evalRNG) }
    return vm.map(
      [("policy", policy)] + loop.resultPairs(vm) + [("final_reward", .number(final.reward)), ("final_accuracy", .number(final.accuracy))])
  }
}
