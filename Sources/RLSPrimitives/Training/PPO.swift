import Foundation
import RLSNumerics

/// Settings of `PPO`, named and defaulted as CleanRL's ppo.py arguments.
public struct PPOConfig: Sendable {
  /// Environment steps in all (all copies).
  public var totalTimesteps = 500_000
  /// Adam's learning rate (at the first iteration when annealed).
  public var learningRate = 2.5e-4
  /// Copies of the environment stepped together.
  public var numEnvs = 4
  /// Steps per copy and rollout.
  public var numSteps = 128
  /// Anneal the learning rate linearly to 0 over the iterations.
  public var annealLR = true
  /// Discount factor.
  public var gamma = 0.99
  /// GAE λ.
  public var gaeLambda = 0.95
  /// Minibatches per epoch.
  public var numMinibatches = 4
  /// Passes over the rollout per iteration.
  public var updateEpochs = 4
  /// Normalise advantages per minibatch.
  public var normAdv = true
  /// Clip range of the surrogate (and of the value change with `clipVloss`).
  public var clipCoef = 0.2
  /// Use the clipped value loss.
  public var clipVloss = true
  /// Weight of the entropy bonus.
  public var entCoef = 0.01
  /// Weight of the value loss.
  public var vfCoef = 0.5
  /// Global-norm gradient clipping (`nil`: none).
  public var maxGradNorm: Double? = 0.5
  /// Stop the epochs of an iteration once approx_kl exceeds this (`nil`: never).
  public var targetKL: Double? = nil
  /// Adam's ε (CleanRL: 1e-5).
  public var adamEps = 1e-5
  /// Hidden widths of the actor and of the critic.
  public var hidden = [64, 64]
  /// Hidden activation of both networks.
  public var activation = Activation.tanh
  /// Initial log standard deviation of a Gaussian policy (CleanRL: 0).
  public var initialLogStd = 0.0
  /// Normalise observations with running statistics shared by the copies
  /// and clip them to ±10 (ppo_continuous_action.py's NormalizeObservation
  /// and clip; off by default, as ppo.py). The policy keeps the statistics.
  public var normObs = false
  /// Scale rewards by the running std of the discounted return and clip to
  /// ±10 (NormalizeReward with `gamma`, shared by the copies; off by default).
  public var normReward = false
  /// Fixes every random draw of the run.
  public var seed: UInt64 = 1

  /// CleanRL ppo.py's defaults.
  public init() {}

  /// Transitions per iteration (`numEnvs · numSteps`).
  public var batchSize: Int { numEnvs * numSteps }
  /// `batchSize / numMinibatches` (CleanRL's integer division).
  public var minibatchSize: Int { batchSize / max(numMinibatches, 1) }
  /// `totalTimesteps / batchSize` iterations (CleanRL's num_iterations).
  public var numIterations: Int { totalTimesteps / max(batchSize, 1) }

  /// Throws when a setting is out of range (the message names it).
  public func validate() throws {
    func need(_ ok: Bool, _ msg: String) throws { if !ok { throw ModelError(msg) } }
    try need(numEnvs >= 1 && numEnvs <= 4096, "num_envs must be in 1..4096, got \(numEnvs)")
    try need(numSteps >= 1 && numSteps <= 1 << 20, "num_steps must be in 1..1048576, got \(numSteps)")
    try need(batchSize <= 1 << 22, "num_envs·num_steps must be at most 4194304 transitions per iteration, got \(batchSize)")
    try need(
      numMinibatches >= 1 && numMinibatches <= batchSize, "num_minibatches must be in 1..\(batchSize) (num_envs·num_steps), got \(numMinibatches)")
    try need(
      !normAdv || minibatchSize >= 2, "norm_adv needs minibatches of at least 2 transitions (num_envs·num_steps / num_minibatches = \(minibatchSize))"
    )
    try need(totalTimesteps >= batchSize, "total_timesteps (\(totalTimesteps)) must be at least num_envs·num_steps (\(batchSize))")
    try need(numIterations <= 10_000_000, "total_timesteps / (num_envs·num_steps) must be at most 10000000 iterations, got \(numIterations)")
    try need(updateEpochs >= 1 && updateEpochs <= 10_000, "update_epochs must be in 1..10000, got \(updateEpochs)")
    try need(learningRate >= 0 && learningRate.isFinite, "learning_rate must be a non-negative number")
    try need(gamma >= 0 && gamma <= 1, "gamma must be in [0, 1], got \(gamma)")
    try need(gaeLambda >= 0 && gaeLambda <= 1, "gae_lambda must be in [0, 1], got \(gaeLambda)")
    try need(clipCoef >= 0 && clipCoef.isFinite, "clip_coef must be a non-negative number")
    try need(maxGradNorm.map { $0 > 0 } ?? true, "max_grad_norm must be positive (or nil for no clipping)")
    try need(adamEps > 0, "adam_eps must be positive")
    try need(!hidden.isEmpty && hidden.count <= 64 && hidden.allSatisfy { $0 >= 1 && $0 <= 4096 }, "hidden must list 1 to 64 layer widths in 1..4096")
  }
}

/// Proximal policy optimisation with CleanRL ppo.py's semantics and order
/// of operations: `numEnvs` copies with same-step auto-reset, rollouts of
/// `numSteps`, GAE bootstrapped with the value of the next observation and
/// the next done flag (done = terminated or truncated, as ppo.py), the
/// learning rate annealed linearly to 0 (`lr · (1 - i/numIterations)` at
/// iteration `i`), `updateEpochs` passes over shuffled minibatches with
/// per-minibatch advantage normalisation (unbiased std, + 1e-8), clipped
/// surrogate, clipped value loss `0.5·mean(max(unclipped², clipped²))`,
/// loss = pg − entCoef·entropy + vfCoef·v_loss, global-norm clipping over
/// the actor and critic together, Adam (eps 1e-5). Separate actor and
/// critic MLPs. Every random draw (initialisation, env resets, actions,
/// shuffles) comes from `RNG(seed:)`, so a seed fixes the whole run.
public final class PPO {
  /// The settings of the run.
  public let config: PPOConfig
  /// The environment copies.
  public let env: BatchEnvironment
  /// The policy being trained (updated in place).
  public let policy: ActorCritic
  /// The optimiser over the actor, critic and log std.
  public let optimizer: Adam
  /// Environment steps taken (all copies).
  public private(set) var globalStep = 0
  /// Iterations completed.
  public private(set) var iteration = 0
  private var rng: RNG
  private let d: Int
  private let k: Int
  private var obsBuf: [Double]
  private var actBuf: [Double]
  private var logpBuf: [Double]
  private var rewBuf: [Double]
  private var doneBuf: [Double]
  private var valBuf: [Double]
  private var nextObs: [Double]
  private var nextDone: [Double]
  private var stepActions: [Double] = []
  private var envActions: [Double]
  private var stepRewards: [Double]
  private var stepTerm: [Bool]
  private var stepTrunc: [Bool]
  private var episodeReturn: [Double]
  private var episodeLength: [Double]
  private var rawObs: [Double]
  private var obsStats: RunningMeanStd
  private var returnStats = RunningMeanStd(size: 1)
  private var discountedReturn: [Double]
  private var lastEpisodicReturn: Double? = nil
  private var lastEpisodicLength: Double? = nil
  private let startTime = Date()

  /// A PPO run on `env` (checked against the config; the policy is made
  /// from `config.seed` and the copies are reset).
  public init(env: BatchEnvironment, config: PPOConfig) throws {
    try config.validate()
    guard env.count == config.numEnvs else {
      throw ModelError("the environment has \(env.count) copies but num_envs is \(config.numEnvs)")
    }
    self.config = config
    self.env = env
    d = env.observationSize
    k = env.actionSpace.actionSize
    guard d >= 1 else { throw ModelError("the environment's observations are empty") }
    rng = RNG(seed: config.seed)
    policy = try ActorCritic(
      observationSize: d, actionSpace: env.actionSpace, hidden: config.hidden, activation: config.activation, critic: true,
      initialLogStd: config.initialLogStd, rng: &rng)
    optimizer = Adam(lr: config.learningRate, eps: config.adamEps)
    let n = config.numEnvs
    let t = config.numSteps
    obsBuf = [Double](repeating: 0, count: t * n * d)
    actBuf = [Double](repeating: 0, count: t * n * k)
    logpBuf = [Double](repeating: 0, count: t * n)
    rewBuf = logpBuf
    doneBuf = logpBuf
    valBuf = logpBuf
    nextObs = [Double](repeating: 0, count: n * d)
    nextDone = [Double](repeating: 0, count: n)
    envActions = [Double](repeating: 0, count: n * k)
    stepRewards = [Double](repeating: 0, count: n)
    stepTerm = [Bool](repeating: false, count: n)
    stepTrunc = stepTerm
    episodeReturn = stepRewards
    episodeLength = stepRewards
    rawObs = nextObs
    obsStats = RunningMeanStd(size: d)
    discountedReturn = stepRewards
    try env.reset(seed: Int(rng.nextUInt64() >> 33), into: &rawObs)
    guard rawObs.count == n * d else { throw ModelError("reset returned \(rawObs.count) numbers, expected \(n)×\(d)") }
    observe()
  }

  /// Takes `rawObs` as the next observations (normalised when `normObs`).
  private func observe() {
    if config.normObs {
      obsStats.update(rawObs, rows: config.numEnvs)
      policy.observationNormalizer = obsStats
      nextObs = obsStats.normalize(rawObs)
    } else {
      swap(&nextObs, &rawObs)
    }
  }

  /// Runs one iteration (a rollout and the update epochs); returns its
  /// statistics in a fixed order (the progress bar shows the first few):
  /// episodic_return (mean return of the episodes that ended in this
  /// iteration; the previous value when none ended; before any ended, the
  /// mean return so far of the running episodes), entropy, approx_kl,
  /// value_loss, policy_loss (of the last minibatch, as CleanRL logs them),
  /// clipfrac (mean over all minibatches), old_approx_kl,
  /// explained_variance (0 when the returns have no variance),
  /// episodic_length, episodes, learning_rate, global_step, sps.
  public func iterate() throws -> [(String, Double)] {
    let c = config
    let n = c.numEnvs
    if c.annealLR {
      optimizer.lr = (1 - Double(iteration) / Double(c.numIterations)) * c.learningRate
    }
    let lrNow = optimizer.lr
    var finishedSum = 0.0
    var finishedLen = 0.0
    var finished = 0
    // rollout
    for step in 0..<c.numSteps {
      if step & 63 == 63 { try Cancellation.check() }
      globalStep += n
      let base = step * n
      for i in 0..<(n * d) { obsBuf[base * d + i] = nextObs[i] }
      for i in 0..<n { doneBuf[base + i] = nextDone[i] }
      try logpBuf.withUnsafeMutableBufferPointer { lp in
        try policy.act(nextObs, rows: n, greedy: false, rng: &rng, actions: &stepActions, logp: lp.baseAddress! + base)
      }
      let v = try policy.values(nextObs, rows: n)
      for i in 0..<n { valBuf[base + i] = v[i] }
      for i in 0..<(n * k) {
        actBuf[base * k + i] = stepActions[i]
        envActions[i] = stepActions[i]
      }
      if !env.actionSpace.isDiscrete {
        envActions.withUnsafeMutableBufferPointer { p in for i in 0..<n { env.actionSpace.clip(p.baseAddress! + i * k) } }
      }
      if rawObs.count != n * d { rawObs = [Double](repeating: 0, count: n * d) }
      try env.step(envActions, observations: &rawObs, rewards: &stepRewards, terminated: &stepTerm, truncated: &stepTrunc)
      observe()
      if c.normReward {
        for i in 0..<n { discountedReturn[i] = discountedReturn[i] * c.gamma * (stepTerm[i] ? 0 : 1) + stepRewards[i] }
        returnStats.update(discountedReturn, rows: n)
        let scale = (returnStats.variance[0] + returnStats.epsilon).squareRoot()
        for i in 0..<n { rewBuf[base + i] = min(max(stepRewards[i] / scale, -10), 10) }
      } else {
        for i in 0..<n { rewBuf[base + i] = stepRewards[i] }
      }
      for i in 0..<n {
        episodeReturn[i] += stepRewards[i]
        episodeLength[i] += 1
        let done = stepTerm[i] || stepTrunc[i]
        nextDone[i] = done ? 1 : 0
        if done {
          finishedSum += episodeReturn[i]
          finishedLen += episodeLength[i]
          finished += 1
          episodeReturn[i] = 0
          episodeLength[i] = 0
        }
      }
    }
    // GAE, bootstrapped with the next observation's value and done flag
    let nextValue = try policy.values(nextObs, rows: n)
    let total = c.batchSize
    var adv = [Double](repeating: 0, count: total)
    var lastGae = [Double](repeating: 0, count: n)
    for t in stride(from: c.numSteps - 1, through: 0, by: -1) {
      for i in 0..<n {
        let nonTerminal: Double
        let nextV: Double
        if t == c.numSteps - 1 {
          nonTerminal = 1 - nextDone[i]
          nextV = nextValue[i]
        } else {
          nonTerminal = 1 - doneBuf[(t + 1) * n + i]
          nextV = valBuf[(t + 1) * n + i]
        }
        let delta = rewBuf[t * n + i] + c.gamma * nextV * nonTerminal - valBuf[t * n + i]
        lastGae[i] = delta + c.gamma * c.gaeLambda * nonTerminal * lastGae[i]
        adv[t * n + i] = lastGae[i]
      }
    }
    var returns = [Double](repeating: 0, count: total)
    for i in 0..<total { returns[i] = adv[i] + valBuf[i] }
    // update epochs
    var inds = Array(0..<total)
    let mb = c.minibatchSize
    var clipfracSum = 0.0
    var clipfracCount = 0
    var last = PPOLoss.Stats()
    epochs: for _ in 0..<c.updateEpochs {
      rng.shuffle(&inds)
      var start = 0
      while start < total {
        try Cancellation.check()
        let end = min(start + mb, total)
        last = try update(inds[start..<end], adv: adv, returns: returns, lr: lrNow)
        clipfracSum += last.clipfrac
        clipfracCount += 1
        start += mb
      }
      if let kl = c.targetKL, last.approxKL > kl { break epochs }
    }
    // explained variance of the rollout values
    var meanY = 0.0
    for r in returns { meanY += r }
    meanY /= Double(total)
    var varY = 0.0
    var meanE = 0.0
    for i in 0..<total { meanE += returns[i] - valBuf[i] }
    meanE /= Double(total)
    var varE = 0.0
    for i in 0..<total {
      varY += (returns[i] - meanY) * (returns[i] - meanY)
      let e = returns[i] - valBuf[i] - meanE
      varE += e * e
    }
    let explained = varY == 0 ? 0 : 1 - varE / varY
    // episodic statistics
    var epReturn: Double
    var epLength: Double
    if finished > 0 {
      epReturn = finishedSum / Double(finished)
      epLength = finishedLen / Double(finished)
      lastEpisodicReturn = epReturn
      lastEpisodicLength = epLength
    } else if let r = lastEpisodicReturn, let l = lastEpisodicLength {
      epReturn = r
      epLength = l
    } else {
      epReturn = episodeReturn.reduce(0, +) / Double(n)
      epLength = episodeLength.reduce(0, +) / Double(n)
    }
    iteration += 1
    let elapsed = Date().timeIntervalSince(startTime)
    return [
      ("episodic_return", epReturn), ("entropy", last.entropy), ("approx_kl", last.approxKL), ("value_loss", last.valueLoss),
      ("policy_loss", last.policyLoss), ("clipfrac", clipfracSum / Double(max(clipfracCount, 1))), ("old_approx_kl", last.oldApproxKL),
      ("explained_variance", explained), ("episodic_length", epLength), ("episodes", Double(finished)), ("learning_rate", lrNow),
      ("global_step", Double(globalStep)), ("sps", elapsed > 0 ? (Double(globalStep) / elapsed).rounded(.down) : 0),
    ]
  }

  /// One gradient step on the transitions `idx` of the rollout.
  private func update(_ idx: ArraySlice<Int>, adv: [Double], returns: [Double], lr: Double) throws -> PPOLoss.Stats {
    let m = idx.count
    var b = PPOLoss.Minibatch(
      observations: [Double](repeating: 0, count: m * d), actions: [Double](repeating: 0, count: m * k),
      oldLogp: [Double](repeating: 0, count: m), advantages: [Double](repeating: 0, count: m), returns: [Double](repeating: 0, count: m),
      oldValues: [Double](repeating: 0, count: m))
    for (r, j) in idx.enumerated() {
      for q in 0..<d { b.observations[r * d + q] = obsBuf[j * d + q] }
      for q in 0..<k { b.actions[r * k + q] = actBuf[j * k + q] }
      b.oldLogp[r] = logpBuf[j]
      b.advantages[r] = adv[j]
      b.returns[r] = returns[j]
      b.oldValues[r] = valBuf[j]
    }
    let (_, s, logStdGrad) = try PPOLoss.lossAndGradients(policy, b, config)
    optimizer.lr = lr
    policy.applyGradients(logStdGrad: logStdGrad, optimizer: optimizer, maxGradNorm: config.maxGradNorm)
    return s
  }
}
