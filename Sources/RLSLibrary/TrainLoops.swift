import Foundation
import RLSCore
import RLSNumerics
import RLSPrimitives

/// `train.ppo`, `train.reinforce`, `train.evaluate`: the built-in
/// policy-gradient loops over `env` environments, run through `TrainingLoop`.
enum TrainLoops {
  static func seed(_ c: NativeCall, default d: Int) throws -> Int {
    let s = try c.int(option: "seed", default: d)
    guard s >= 0 else { throw c.error("seed must be a non-negative integer, got \(s)") }
    return s
  }

  static func positive(_ c: NativeCall, _ name: String, default d: Int) throws -> Int {
    let n = try c.int(option: name, default: d)
    guard n >= 1 else { throw c.error("\(name) must be a positive integer, got \(n)") }
    return n
  }

  static func hidden(_ c: NativeCall, default d: [Int]) throws -> [Int] {
    guard let v = c.option("hidden") else { return d }
    let t = try c.vm.toTensor(v, "hidden")
    guard t.rank <= 1, t.count >= 1 else { throw c.error("hidden must be a list of layer widths, e.g. [64, 64]") }
    return try t.storage.map { x in
      guard x == x.rounded(), x >= 1, x <= 4096 else { throw c.error("hidden widths must be integers in 1..4096, got \(formatNumber(x))") }
      return Int(x)
    }
  }

  static func activation(_ c: NativeCall) throws -> Activation {
    Activation(rawValue: try c.choice(option: "act", Activation.allCases.map(\.rawValue), default: "tanh"))!
  }

  /// A positive number option where 0 or absent means "off".
  static func optionalPositive(_ c: NativeCall, _ name: String, default d: Double?) throws -> Double? {
    guard c.option(name) != nil else { return d }
    let x = try c.number(option: name, default: 0)
    guard x >= 0, x.isFinite else { throw c.error("\(name) must be a non-negative number (0: off), got \(formatNumber(x))") }
    return x == 0 ? nil : x
  }

  static func ppoConfig(_ c: NativeCall) throws -> PPOConfig {
    var k = PPOConfig()
    k.totalTimesteps = try positive(c, "total_timesteps", default: k.totalTimesteps)
    k.learningRate = try c.number(option: "learning_rate", default: k.learningRate)
    k.numEnvs = try positive(c, "num_envs", default: k.numEnvs)
    guard k.numEnvs <= 65_536 else { throw c.error("num_envs must be at most 65536, got \(k.numEnvs)") }
    k.numSteps = try positive(c, "num_steps", default: k.numSteps)
    k.annealLR = try c.bool(option: "anneal_lr", default: k.annealLR)
    k.gamma = try c.number(option: "gamma", default: k.gamma)
    k.gaeLambda = try c.number(option: "gae_lambda", default: k.gaeLambda)
    k.numMinibatches = try positive(c, "num_minibatches", default: k.numMinibatches)
    k.updateEpochs = try positive(c, "update_epochs", default: k.updateEpochs)
    k.normAdv = try c.bool(option: "norm_adv", default: k.normAdv)
    k.clipCoef = try c.number(option: "clip_coef", default: k.clipCoef)
    k.clipVloss = try c.bool(option: "clip_vloss", default: k.clipVloss)
    k.entCoef = try c.number(option: "ent_coef", default: k.entCoef)
    k.vfCoef = try c.number(option: "vf_coef", default: k.vfCoef)
    k.maxGradNorm = try optionalPositive(c, "max_grad_norm", default: k.maxGradNorm)
    k.targetKL = try optionalPositive(c, "target_kl", default: nil)
    k.adamEps = try c.number(option: "adam_eps", default: k.adamEps)
    k.hidden = try hidden(c, default: k.hidden)
    k.activation = try activation(c)
    k.initialLogStd = try c.number(option: "init_log_std", default: 0)
    k.normObs = try c.bool(option: "norm_obs", default: false)
    k.normReward = try c.bool(option: "norm_reward", default: false)
    k.seed = UInt64(try seed(c, default: 1))
    return k
  }

  static func reinforceConfig(_ c: NativeCall) throws -> ReinforceConfig {
    var k = ReinforceConfig()
    k.iterations = try c.int(option: "iterations", default: k.iterations)
    k.episodesPerIteration = try positive(c, "episodes", default: k.episodesPerIteration)
    k.gamma = try c.number(option: "gamma", default: k.gamma)
    k.learningRate = try c.number(option: "learning_rate", default: k.learningRate)
    k.valueBaseline = try c.choice(option: "baseline", ["none", "value"], default: "none") == "value"
    k.normalizeReturns = try c.bool(option: "normalize", default: k.normalizeReturns)
    k.entCoef = try c.number(option: "ent_coef", default: k.entCoef)
    k.vfCoef = try c.number(option: "vf_coef", default: k.vfCoef)
    k.maxGradNorm = try optionalPositive(c, "max_grad_norm", default: nil)
    let cap = try c.int(option: "max_episode_steps", default: 0)
    guard cap >= 0 else { throw c.error("max_episode_steps must be non-negative (0: no cap), got \(cap)") }
    k.maxEpisodeSteps = cap == 0 ? nil : cap
    k.hidden = try hidden(c, default: k.hidden)
    k.activation = try activation(c)
    k.initialLogStd = try c.number(option: "init_log_std", default: 0)
    k.seed = UInt64(try seed(c, default: 1))
    return k
  }

  /// Runs `body` with a tracked holder rooted for the duration.
  static func rooted<T>(_ c: NativeCall, _ body: (ValueHolder) throws -> T) throws -> T {
    let holder = ValueHolder()
    c.vm.heap.track(holder)
    c.vm.tempRoots.append(Value(holder))
    let base = c.vm.tempRoots.count
    defer { c.vm.tempRoots.removeSubrange((base - 1)...) }
    return try body(holder)
  }

  static func ppo(_ c: NativeCall) throws -> Value {
    let config = try ppoConfig(c)
    return try rooted(c) { holder in
      let env = try TrainEnvironments.batch(c, 0, copies: config.numEnvs, explicit: c.option("num_envs") != nil, holder: holder)
      var k = config
      k.numEnvs = env.count
      let run = try TrainEnvironments.wrap(c) { try PPO(env: env, config: k) }
      let pv = Value(c.vm.heap.track(PolicyObject(run.policy)))
      holder.values.append(pv)
      var loop = try TrainingLoop(c, name: "ppo", total: k.numIterations)
      loop.extras = { [("policy", pv)] }
      try BLAS.singleThreaded { try loop.run { _ in try TrainEnvironments.wrap(c) { try run.iterate() } } }
      return c.vm.map([("policy", pv)] + loop.resultPairs(c.vm) + [("global_step", .number(Double(run.globalStep)))])
    }
  }

  static func observationSize(_ c: NativeCall, _ env: EpisodeEnvironment, seed: Int) throws -> Int {
    try env.reset(seed: seed).count
  }

  static func reinforce(_ c: NativeCall) throws -> Value {
    let config = try reinforceConfig(c)
    return try rooted(c) { holder in
      let env = try TrainEnvironments.episodic(c, 0, holder: holder)
      let d = try observationSize(c, env, seed: 0)
      let run = try TrainEnvironments.wrap(c) { try Reinforce(env: env, observationSize: d, config: config) }
      let pv = Value(c.vm.heap.track(PolicyObject(run.policy)))
      holder.values.append(pv)
      var loop = try TrainingLoop(c, name: "reinforce", total: config.iterations)
      loop.extras = { [("policy", pv)] }
      try BLAS.singleThreaded { try loop.run { _ in try TrainEnvironments.wrap(c) { try run.iterate() } } }
      return c.vm.map([("policy", pv)] + loop.resultPairs(c.vm) + [("global_step", .number(Double(run.globalStep)))])
    }
  }

  /// The action function `train.evaluate` uses for argument 0.
  static func actionFunction(_ c: NativeCall, _ space: ActionSpace, greedy: Bool, seed: Int) throws -> ([Double]) throws -> [Double] {
    var rng = RNG(seed: UInt64(seed))
    let v = c[0]
    if case .object(let u) = v, let p = u.takeUnretainedValue() as? PolicyObject {
      let pol = p.policy
      guard pol.actionSpace == space || (pol.actionSpace.isDiscrete == space.isDiscrete && pol.actionSpace.policyOutputs == space.policyOutputs)
      else {
        throw c.error("the policy acts in \(pol.actionSpace.description) but the environment's actions are \(space.description)", argument: 0)
      }
      return { obs in try TrainEnvironments.wrap(c) { try Evaluation.action(pol, obs, greedy: greedy, rng: &rng) } }
    }
    if case .object(let u) = v, let mo = u.takeUnretainedValue() as? ModelObject {
      let m = mo.mlp
      guard m.outputSize == space.policyOutputs else {
        throw c.error(
          "the model has \(m.outputSize) outputs but the environment's actions \(space.description) need \(space.policyOutputs) (\(space.isDiscrete ? "logits" : "means"))",
          argument: 0)
      }
      return { obs in
        guard obs.count == m.inputSize else {
          throw c.error("the environment's observation has \(obs.count) numbers but the model takes \(m.inputSize)", argument: 0)
        }
        let out = try NNNatives.wrap(c) { try m.forward(obs, rows: 1) }
        switch space {
        case .discrete(let n):
          if greedy {
            var arg = 0
            for j in 1..<n where out[j] > out[arg] { arg = j }
            return [Double(arg)]
          }
          let mx = out.max() ?? 0
          let e = out.map { exp($0 - mx) }
          let s = e.reduce(0, +)
          let u = rng.uniform() * s
          var cum = 0.0
          for j in 0..<n {
            cum += e[j]
            if u < cum { return [Double(j)] }
          }
          return [Double(n - 1)]
        case .box:
          var a = out
          space.clipArray(&a)
          return a
        }
      }
    }
    if NativeCall.isCallable(v) {
      return { obs in
        let o = c.vm.tensorValue(Tensor(vector: obs))
        c.vm.tempRoots.append(o)
        defer { c.vm.tempRoots.removeLast() }
        let r = try c.vm.call(v, [o])
        if case .number(let x) = r { return [x] }
        guard let t = try? c.vm.toTensor(r, "action") else {
          throw c.error("the policy function must return a number or a vector, got \(r.typeName)", argument: 0)
        }
        return t.storage
      }
    }
    throw c.error("policy must be a trained policy, an nn model or a function obs -> action, got \(v.typeName)", argument: 0)
  }

  static func evaluate(_ c: NativeCall) throws -> Value {
    let episodes = try positive(c, "episodes", default: 10)
    let seed = try seed(c, default: 0)
    let greedy = try c.bool(option: "greedy", default: true)
    let cap = try c.int(option: "max_steps", default: 0)
    guard cap >= 0 else { throw c.error("max_steps must be non-negative (0: no cap), got \(cap)") }
    return try rooted(c) { holder in
      let env = try TrainEnvironments.episodic(c, 1, holder: holder)
      let act = try actionFunction(c, env.actionSpace, greedy: greedy, seed: seed)
      let r = try TrainEnvironments.wrap(c) {
        try Evaluation.run(env: env, episodes: episodes, seed: seed, maxSteps: cap == 0 ? nil : cap, policy: act)
      }
      return c.vm.map([
        ("mean_return", .number(r.mean)), ("std_return", .number(r.std)), ("returns", c.vm.tensorValue(Tensor(vector: r.returns))),
        ("lengths", c.vm.tensorValue(Tensor(vector: r.lengths))),
      ])
    }
  }

  static let rows: [Native] = [
    Native(
      "ppo",
      usage:
        "train.ppo(env, total_timesteps:, learning_rate:, num_envs:, num_steps:, anneal_lr:, gamma:, gae_lambda:, num_minibatches:, update_epochs:, norm_adv:, clip_coef:, clip_vloss:, ent_coef:, vf_coef:, max_grad_norm:, target_kl:, adam_eps:, hidden:, act:, init_log_std:, norm_obs:, norm_reward:, seed:, progress:, callback:)",
      doc:
        "Proximal policy optimisation with CleanRL ppo.py's semantics and defaults: num_envs: 4 copies of env with same-step auto-reset, num_steps: 128 per rollout, total_timesteps: 500000, learning_rate: 2.5e-4 annealed linearly to 0 (anneal_lr: true), gamma: 0.99, gae_lambda: 0.95 (GAE bootstrapped with the next value; done = terminated or truncated), update_epochs: 4 over num_minibatches: 4 shuffled minibatches, norm_adv: true (per minibatch), clip_coef: 0.2, clip_vloss: true, ent_coef: 0.01, vf_coef: 0.5, max_grad_norm: 0.5 (global norm over actor and critic; 0: off), target_kl: off, Adam with adam_eps: 1e-5. Separate actor and critic MLPs (hidden: [64, 64], act: \"tanh\", orthogonal init gain sqrt 2, actor output 0.01, critic output 1). Discrete actions: categorical policy; continuous actions: diagonal Gaussian with a learnable state-independent log std (init_log_std: 0), sampled actions clipped to the bounds for the environment. norm_obs: true normalises observations by running mean and variance (gymnasium's NormalizeObservation, then clipped to ±10; the policy keeps the statistics and applies them when acting, while policy.actor alone takes normalised inputs) and norm_reward: true scales rewards by the running std of the discounted return (NormalizeReward, clipped to ±10), as ppo_continuous_action.py does — both off by default (ppo.py) and, unlike CleanRL's per-copy wrappers, shared by the copies. env: a built-in environment (copied), env.vector(...), a function making one, or an environment written in RLScript (a map with reset(seed = nil) and step(action) functions and n_actions, or action_low/action_high, or action_size; a map is one copy, so pass num_envs: 1 or a function making fresh ones). seed: (default 1) fixes everything: the same seed gives the same curve. The curve has one row per iteration: episodic_return (mean return of the episodes finished in the iteration; the previous value when none finished), entropy, approx_kl, value_loss, policy_loss (last minibatch, as CleanRL logs them), clipfrac, old_approx_kl, explained_variance, episodic_length, episodes, learning_rate, global_step, sps (the only column that varies between runs). progress: shows a progress bar, callback(info) runs after each iteration (info.policy is the policy; return false to stop); Ctrl-C stops with the partial result. Returns {policy, curve, interrupted, iterations, seconds, global_step}."
    ) { c in try ppo(c) },
    Native(
      "reinforce",
      usage:
        "train.reinforce(env, iterations:, episodes:, gamma:, learning_rate:, baseline:, normalize:, ent_coef:, vf_coef:, max_grad_norm:, max_episode_steps:, hidden:, act:, init_log_std:, seed:, progress:, callback:)",
      doc:
        "Monte-Carlo policy gradient (REINFORCE): each of iterations: 200 updates runs episodes: 4 complete episodes of env (one copy; episodes reset with consecutive seeds), computes the discounted returns (gamma: 0.99), subtracts a learned value (baseline: \"value\"; default \"none\"), standardises them over the iteration's steps (normalize: true; mean 0, unbiased std + 1e-8, as PyTorch's reinforce example) and takes one Adam step (learning_rate: 0.01) on -mean(logp·A) - ent_coef·entropy (ent_coef: 0) + vf_coef·0.5·mean((V - G)^2) (vf_coef: 0.5), with optional max_grad_norm: clipping (0: off). The policy network is PPO's actor (hidden: [64, 64], act: \"tanh\", orthogonal init); max_episode_steps: cuts longer episodes (0: only the environment ends them). env as for train.ppo (a map is fine: one copy). seed: (default 1) fixes the run. Curve columns: episodic_return (mean over the iteration's episodes), entropy, policy_loss, value_loss, episodic_length, grad_norm, global_step. Returns {policy, curve, interrupted, iterations, seconds, global_step}."
    ) { c in try reinforce(c) },
    Native(
      "evaluate", usage: "train.evaluate(policy, env, episodes:, seed:, greedy:, max_steps:)",
      doc:
        "Runs episodes: 10 complete episodes of env (episode e reset with seed + e; seed: default 0) and returns {mean_return, std_return (population std, as NumPy's default), returns, lengths}. policy: a trained policy (train.ppo(...).policy), an nn model (logits → action for discrete actions, the output as the mean for continuous ones) or a function obs -> action. greedy: true (default) takes the most likely action (argmax, or the Gaussian mean); greedy: false samples from the policy (seeded by seed:). Continuous actions are clipped to the environment's bounds. max_steps: caps each episode (0: none). env as for train.reinforce."
    ) { c in try evaluate(c) },
  ]
}
