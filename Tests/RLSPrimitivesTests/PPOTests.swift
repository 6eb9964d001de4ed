import Foundation
import RLSNumerics
import XCTest

@testable import RLSPrimitives

/// PPO, REINFORCE and evaluation on the built-in environments.
final class PPOTests: XCTestCase {
  // The interpreter points Cancellation.check at its interrupt flag; these
  // tests of the pure loops must not see a request left over by another test.
  private var savedCheck: (() throws -> Void)?
  override func setUp() {
    savedCheck = Cancellation.check
    Cancellation.check = {}
  }
  override func tearDown() { if let c = savedCheck { Cancellation.check = c } }

  func cartpoleBatch(_ n: Int) throws -> NativeBatchEnvironment {
    try NativeBatchEnvironment(copiesOf: CartPole(), count: n)
  }

  func greedyReturn(_ p: ActorCritic, episodes: Int = 10) throws -> Double {
    let env = NativeEpisodeEnvironment(CartPole(), actionSpace: .discrete(2))
    var g = RNG(seed: 0)
    return try Evaluation.run(env: env, episodes: episodes, seed: 100) { try Evaluation.action(p, $0, greedy: true, rng: &g) }.mean
  }

  func smallConfig(seed: UInt64, steps: Int) -> PPOConfig {
    var c = PPOConfig()
    c.totalTimesteps = steps
    c.seed = seed
    return c
  }

  func testShortRunImprovesTheGreedyReturn() throws {
    let run = try PPO(env: try cartpoleBatch(4), config: smallConfig(seed: 3, steps: 16_384))
    let before = try greedyReturn(run.policy)
    var curve: [Double] = []
    for _ in 0..<run.config.numIterations { curve.append(try run.iterate()[0].1) }
    let after = try greedyReturn(run.policy)
    XCTAssertEqual(run.globalStep, 16_384)
    XCTAssertGreaterThan(after, 3 * before, "greedy return \(before) -> \(after)")
    XCTAssertGreaterThan(after, 60)
    XCTAssertGreaterThan(curve.suffix(4).reduce(0, +), curve.prefix(4).reduce(0, +))
  }

  func run(_ seed: UInt64, iterations: Int = 3) throws -> (curve: [[(String, Double)]], params: [[Double]]) {
    var c = smallConfig(seed: seed, steps: 64 * 4 * iterations)
    c.numSteps = 64
    let r = try PPO(env: try cartpoleBatch(4), config: c)
    var curve: [[(String, Double)]] = []
    for _ in 0..<iterations { curve.append(try r.iterate()) }
    return (curve, r.policy.actor.params + r.policy.critic!.params)
  }

  func testSameSeedGivesTheSameCurveAndDifferentSeedsDiffer() throws {
    let a = try run(7)
    let b = try run(7)
    let c = try run(8)
    for (ra, rb) in zip(a.curve, b.curve) {
      for (x, y) in zip(ra, rb) where x.0 != "sps" {
        XCTAssertEqual(x.0, y.0)
        XCTAssertEqual(x.1.bitPattern, y.1.bitPattern, x.0)
      }
    }
    XCTAssertEqual(a.params, b.params)
    XCTAssertNotEqual(a.params, c.params)
    XCTAssertNotEqual(a.curve.map { $0.first { $0.0 == "value_loss" }!.1 }, c.curve.map { $0.first { $0.0 == "value_loss" }!.1 })
  }

  func testStatisticsAreCleanRLs() throws {
    let r = try run(1, iterations: 2)
    let names = r.curve[0].map(\.0)
    XCTAssertEqual(
      names,
      [
        "episodic_return", "entropy", "approx_kl", "value_loss", "policy_loss", "clipfrac", "old_approx_kl", "explained_variance",
        "episodic_length", "episodes", "learning_rate", "global_step", "sps",
      ])
    let first = Dictionary(uniqueKeysWithValues: r.curve[0])
    let second = Dictionary(uniqueKeysWithValues: r.curve[1])
    // linear annealing: lr·(1 - i/num_iterations)
    assertClose(first["learning_rate"]!, 2.5e-4)
    assertClose(second["learning_rate"]!, 2.5e-4 * 0.5)
    XCTAssertEqual(second["global_step"], 512)
    // a fresh categorical policy over 2 actions has entropy close to log 2
    assertClose(first["entropy"]!, log(2), rtol: 0, atol: 1e-3)
    XCTAssertTrue(r.curve.joined().allSatisfy { $0.1.isFinite })
  }

  func testContinuousActionsOnPendulum() throws {
    var c = smallConfig(seed: 2, steps: 2 * 4 * 64)
    c.numSteps = 64
    let r = try PPO(env: try NativeBatchEnvironment(copiesOf: Pendulum(), count: 4), config: c)
    XCTAssertEqual(r.policy.logStd, [0])
    let s1 = Dictionary(uniqueKeysWithValues: try r.iterate())
    _ = try r.iterate()
    XCTAssertNotEqual(r.policy.logStd, [0])
    // Gaussian entropy with log std near 0 (a few minibatch steps in): 0.5 + 0.5 log 2π
    assertClose(s1["entropy"]!, 0.5 + 0.5 * log(2 * Double.pi), rtol: 0, atol: 1e-2)
    // no episode of 200 steps ends in the first 64: the running return is reported
    XCTAssertEqual(s1["episodes"], 0)
    XCTAssertLessThan(s1["episodic_return"]!, 0)
  }

  func testConfigurationErrorsNameTheSetting() {
    var c = PPOConfig()
    c.numMinibatches = 1000
    XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("num_minibatches must be in 1..512"), "\($0)") }
    c = PPOConfig()
    c.totalTimesteps = 100
    XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("total_timesteps (100) must be at least"), "\($0)") }
    c = PPOConfig()
    c.numEnvs = 2
    XCTAssertThrowsError(try PPO(env: try cartpoleBatch(4), config: c)) {
      XCTAssertEqual("\($0)", "the environment has 4 copies but num_envs is 2")
    }
  }

  func testReinforceImprovesOnCartPole() throws {
    var c = ReinforceConfig()
    c.seed = 4
    let env = NativeEpisodeEnvironment(CartPole(), actionSpace: .discrete(2))
    let r = try Reinforce(env: env, observationSize: 4, config: c)
    var returns: [Double] = []
    for _ in 0..<40 { returns.append(try r.iterate()[0].1) }
    XCTAssertGreaterThan(returns.suffix(10).reduce(0, +), 1.5 * returns.prefix(10).reduce(0, +), "\(returns)")
  }

  func testReinforceWithValueBaselineIsDeterministic() throws {
    func curve() throws -> [Double] {
      var c = ReinforceConfig()
      c.valueBaseline = true
      let r = try Reinforce(
        env: NativeEpisodeEnvironment(Pendulum(maxEpisodeSteps: 30), actionSpace: .box(low: [-2], high: [2])), observationSize: 3, config: c)
      return try (0..<3).flatMap { _ in try r.iterate().map(\.1) }
    }
    let a = try curve()
    XCTAssertEqual(a, try curve())
    XCTAssertTrue(a.allSatisfy(\.isFinite))
  }

  func testEvaluationUsesPopulationStd() throws {
    // CartPole from the same start with a constant action: every episode is the same length
    final class Fixed: EpisodeEnvironment {
      let cp = CartPole()
      var e = 0
      let actionSpace = ActionSpace.discrete(2)
      func reset(seed: Int) throws -> [Double] {
        e = seed
        return try cp.reset(state: [0, 0, 0, 0])
      }
      func step(_ action: [Double]) throws -> StepResult {
        var r = try cp.step(action)
        r.reward = Double(e)  // episode e earns e per step
        return r
      }
    }
    let r = try Evaluation.run(env: Fixed(), episodes: 2, seed: 1) { _ in [1] }
    let len = r.lengths[0]
    XCTAssertEqual(r.lengths, [len, len])
    XCTAssertEqual(r.returns, [len, 2 * len])
    assertClose(r.mean, 1.5 * len)
    assertClose(r.std, 0.5 * len)
  }

  func testFastTanhIsWithinFourUlpOfLibm() {
    var g = TestRNG(5)
    for i in 0..<200_000 {
      let scale = [1e-6, 1.0, 5.0, 30.0][i % 4]
      let x = (g.uniform() - 0.5) * 2 * scale
      let a = FastTanh.tanh(x)
      let b = Foundation.tanh(x)
      XCTAssertLessThanOrEqual(abs(a - b), 4 * b.ulp, "tanh(\(x))")
      if abs(a - b) > 4 * b.ulp { return }
    }
    XCTAssertTrue(FastTanh.tanh(.nan).isNaN)
    XCTAssertEqual(FastTanh.tanh(-40), -1)
    XCTAssertEqual(FastTanh.tanh(.infinity), 1)
    XCTAssertEqual(FastTanh.tanh(-0.0).sign, .minus)
  }
}

/// The PPO minibatch loss against finite differences, through every branch
/// (ratios and values inside and outside the clip range).
final class PPOLossGradientTests: XCTestCase {
  func check(_ space: ActionSpace, clipVloss: Bool) throws {
    var g = RNG(seed: 9)
    let d = 3
    let policy = try ActorCritic(observationSize: d, actionSpace: space, hidden: [5], critic: true, initialLogStd: -0.3, rng: &g)
    // larger output weights than CleanRL's 0.01 so that ratios move
    policy.actor.params[2] = policy.actor.params[2].map { $0 * 100 }
    let m = 24
    let obs = (0..<(m * d)).map { _ in g.normal() }
    var acts: [Double] = []
    var logp = [Double](repeating: 0, count: m)
    try logp.withUnsafeMutableBufferPointer { try policy.act(obs, rows: m, greedy: false, rng: &g, actions: &acts, logp: $0.baseAddress!) }
    let values = try policy.values(obs, rows: m)
    let b = PPOLoss.Minibatch(
      observations: obs, actions: acts, oldLogp: logp.map { $0 + 0.4 * g.normal() }, advantages: (0..<m).map { _ in g.normal() },
      returns: (0..<m).map { _ in g.normal() }, oldValues: values.map { $0 + 0.3 * g.normal() })
    var c = PPOConfig()
    c.clipVloss = clipVloss
    c.entCoef = 0.05
    let (_, stats, logStdGrad) = try PPOLoss.lossAndGradients(policy, b, c)
    XCTAssertGreaterThan(stats.clipfrac, 0.1, "some ratios must be clipped")
    let actorGrads = policy.actor.grads
    let criticGrads = policy.critic!.grads
    func loss() throws -> Double { try PPOLoss.lossAndGradients(policy, b, c).loss }
    let h = 1e-6
    for (net, grads) in [(policy.actor, actorGrads), (policy.critic!, criticGrads)] {
      for p in 0..<net.params.count {
        for j in stride(from: 0, to: net.params[p].count, by: 3) {
          let x = net.params[p][j]
          net.params[p][j] = x + h
          let up = try loss()
          net.params[p][j] = x - h
          let down = try loss()
          net.params[p][j] = x
          assertClose(grads[p][j], (up - down) / (2 * h), rtol: 1e-5, atol: 1e-8, "param \(p)[\(j)]")
        }
      }
    }
    for j in 0..<policy.logStd.count {
      let x = policy.logStd[j]
      policy.logStd[j] = x + h
      let up = try loss()
      policy.logStd[j] = x - h
      let down = try loss()
      policy.logStd[j] = x
      assertClose(logStdGrad[j], (up - down) / (2 * h), rtol: 1e-5, atol: 1e-8, "log_std[\(j)]")
    }
  }

  func testCategoricalWithClippedValueLoss() throws { try check(.discrete(3), clipVloss: true) }
  func testCategoricalWithoutValueClipping() throws { try check(.discrete(2), clipVloss: false) }
  func testGaussian() throws { try check(.box(low: [-1, -1], high: [1, 1]), clipVloss: true) }

  func testBadMinibatchesAreErrors() throws {
    var g = RNG(seed: 1)
    let policy = try ActorCritic(observationSize: 2, actionSpace: .discrete(2), hidden: [3], critic: true, rng: &g)
    let b = PPOLoss.Minibatch(
      observations: [0, 0, 1, 1], actions: [0, .nan], oldLogp: [0, 0], advantages: [1, 2], returns: [0, 0], oldValues: [0, 0])
    XCTAssertThrowsError(try PPOLoss.lossAndGradients(policy, b, PPOConfig())) {
      XCTAssertEqual("\($0)", "actions[1] = nan is not an action index in 0..1")
    }
  }
}

/// Running statistics for observation and reward normalisation.
final class RunningMeanStdTests: XCTestCase {
  // The interpreter points Cancellation.check at its interrupt flag; these
  // tests of the pure loops must not see a request left over by another test.
  private var savedCheck: (() throws -> Void)?
  override func setUp() {
    savedCheck = Cancellation.check
    Cancellation.check = {}
  }
  override func tearDown() { if let c = savedCheck { Cancellation.check = c } }

  func testBatchedUpdatesEqualThePooledMoments() {
    var g = TestRNG(3)
    var s = RunningMeanStd(size: 2)
    var all: [[Double]] = [[], []]
    for n in [1, 5, 3, 8] {
      var x: [Double] = []
      for _ in 0..<n {
        let row = [3 + 2 * g.uniform(), -1 + g.uniform()]
        x += row
        all[0].append(row[0])
        all[1].append(row[1])
      }
      s.update(x, rows: n)
    }
    // the prior counts as 1e-4 observations with mean 0 and variance 1
    let c0 = 1e-4
    for j in 0..<2 {
      let total = c0 + Double(all[j].count)
      let mean = all[j].reduce(0, +) / total
      let m2 = c0 * (1 + mean * mean) + all[j].reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
      assertClose(s.mean[j], mean, rtol: 1e-12)
      assertClose(s.variance[j], m2 / total, rtol: 1e-9)
    }
    assertClose(s.count, c0 + 17)
    let z = s.normalize([s.mean[0] + 1e9, s.mean[1]])
    XCTAssertEqual(z[0], 10)
    XCTAssertEqual(z[1], 0)
  }

  func testNormalisedPPOKeepsTheStatisticsInThePolicy() throws {
    var c = PPOConfig()
    c.numSteps = 32
    c.totalTimesteps = 256
    c.normObs = true
    c.normReward = true
    let r = try PPO(env: try NativeBatchEnvironment(copiesOf: Pendulum(), count: 4), config: c)
    for _ in 0..<2 { XCTAssertTrue(try r.iterate().allSatisfy { $0.1.isFinite }) }
    let stats = try XCTUnwrap(r.policy.observationNormalizer)
    assertClose(stats.count, 1e-4 + 4 * 65)
    // cos θ and sin θ stay within [-1, 1]
    XCTAssertLessThanOrEqual(abs(stats.mean[0]), 1)
    XCTAssertNotEqual(r.policy.prepare([1, 0, 0]), [1, 0, 0])
  }
}
