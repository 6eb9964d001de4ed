import Foundation
import RLSNumerics
import XCTest

@testable import RLSPrimitives

/// The sequence tasks' verifiers, the sequence policy's gradients, and GRPO runs.
final class GRPOTests: XCTestCase {
  // MARK: Tasks

  func testSortAnswerAndPartialCredit() throws {
    let t = try SequenceTask(kind: .sort, length: 4)
    XCTAssertEqual(t.answer([3, 1, 2, 1]), [1, 1, 2, 3])
    XCTAssertEqual(try t.reward(prompt: [3, 1, 2, 1], completion: [1, 1, 2, 3]), 1)
    XCTAssertEqual(try t.reward(prompt: [3, 1, 2, 1], completion: [1, 2, 2, 3]), 0.75)
    XCTAssertEqual(try t.reward(prompt: [3, 1, 2, 1], completion: [3, 2, 1, 1]), 0)
    XCTAssertEqual(try t.reward(prompt: [3, 1, 2, 1], completion: [1, 1, 2]), 0, "wrong length")
    let exact = try SequenceTask(kind: .sort, length: 4, partialCredit: false)
    XCTAssertEqual(try exact.reward(prompt: [3, 1, 2, 1], completion: [1, 2, 2, 3]), 0)
    XCTAssertEqual(try exact.reward(prompt: [3, 1, 2, 1], completion: [1, 1, 2, 3]), 1)
  }

  func testSumAnswerCarries() throws {
    let t = try SequenceTask(kind: .sum, length: 2)
    XCTAssertEqual(t.promptLength, 4)
    XCTAssertEqual(t.completionLength, 3)
    XCTAssertEqual(t.answer([4, 7, 5, 8]), [1, 0, 5], "47 + 58 = 105")
    XCTAssertEqual(t.answer([0, 3, 0, 4]), [0, 0, 7], "3 + 4 = 7, zero-padded")
    XCTAssertEqual(try t.reward(prompt: [9, 9, 9, 9], completion: [1, 9, 8]), 1, "99 + 99 = 198")
    XCTAssertEqual(try t.reward(prompt: [9, 9, 9, 9], completion: [0, 9, 8]), 2.0 / 3.0)
    let binary = try SequenceTask(kind: .sum, length: 3, vocabSize: 2)
    XCTAssertEqual(binary.answer([1, 1, 1, 0, 0, 1]), [1, 0, 0, 0], "7 + 1 = 8 in base 2")
  }

  func testSumAgainstIntegerArithmetic() throws {
    let t = try SequenceTask(kind: .sum, length: 3)
    var rng = RNG(seed: 5)
    for _ in 0..<200 {
      let p = t.samplePrompt(&rng)
      let a = p[0] * 100 + p[1] * 10 + p[2]
      let b = p[3] * 100 + p[4] * 10 + p[5]
      let s = t.answer(p).reduce(0) { $0 * 10 + $1 }
      XCTAssertEqual(s, a + b)
    }
  }

  func testTaskRejectsBadInput() {
    XCTAssertThrowsError(try SequenceTask(kind: .sort, length: 0)) { XCTAssertTrue("\($0)".contains("length must be an integer in 1...16")) }
    XCTAssertThrowsError(try SequenceTask(kind: .sum, length: 9)) { XCTAssertTrue("\($0)".contains("1...8 for the sum task")) }
    XCTAssertThrowsError(try SequenceTask(kind: .sort, length: 3, vocabSize: 1)) { XCTAssertTrue("\($0)".contains("vocab must be")) }
    let t = try! SequenceTask(kind: .sort, length: 2)
    XCTAssertThrowsError(try t.reward(prompt: [1], completion: [1, 1])) { XCTAssertTrue("\($0)".contains("prompts have 2")) }
    XCTAssertThrowsError(try t.reward(prompt: [1, 12], completion: [1, 1])) { XCTAssertTrue("\($0)".contains("prompt[1] = 12")) }
  }

  // MARK: Policy

  /// L = Σ a ⊙ logp + Σ b ⊙ entropy for fixed random a, b: the parameter
  /// gradients of `backward` against central differences of `score`.
  func testPolicyGradientMatchesFiniteDifferences() throws {
    try checkPolicyGradient(hidden: [5], .tanh)
    try checkPolicyGradient(hidden: [], .tanh)
    try checkPolicyGradient(hidden: [4, 3], .relu)
  }

  func checkPolicyGradient(hidden: [Int], _ act: Activation) throws {
    var rng = RNG(seed: 11)
    let pol = try SequencePolicy(vocabSize: 3, promptLength: 2, completionLength: 3, hidden: hidden, activation: act, temperature: 0.7, rng: &rng)
    let n = 4
    let prompts = (0..<(n * 2)).map { _ in Int(rng.uniform() * 3) }
    let comps = (0..<(n * 3)).map { _ in Int(rng.uniform() * 3) }
    let a = (0..<(n * 3)).map { _ in rng.normal() }
    let b = (0..<(n * 3)).map { _ in rng.normal() }
    func loss() throws -> Double {
      let s = try pol.score(prompts: prompts, completions: comps, count: n)
      return zip(s.logp, a).reduce(0) { $0 + $1.0 * $1.1 } + zip(s.entropy, b).reduce(0) { $0 + $1.0 * $1.1 }
    }
    let s = try pol.score(prompts: prompts, completions: comps, count: n)
    pol.model.zeroGrad()
    try pol.backward(s, dLogp: a, dEntropy: b)
    let h = 1e-6
    let m = pol.model
    for p in 0..<m.params.count {
      for j in 0..<m.params[p].count {
        let keep = m.params[p][j]
        m.params[p][j] = keep + h
        let up = try loss()
        m.params[p][j] = keep - h
        let down = try loss()
        m.params[p][j] = keep
        assertClose(m.grads[p][j], (up - down) / (2 * h), rtol: 1e-6, atol: 1e-8, "hidden \(hidden): param \(p)[\(j)]")
      }
    }
  }

  func testScoreIsNormalisedAndMatchesFeatures() throws {
    var rng = RNG(seed: 2)
    let pol = try SequencePolicy(vocabSize: 4, promptLength: 3, completionLength: 2, hidden: [6], rng: &rng)
    XCTAssertEqual(pol.featureSize, 5 * 4 + 2)
    let s = try pol.score(prompts: [0, 1, 3], completions: [2, 0], count: 1)
    for r in 0..<2 {
      let total = (0..<4).reduce(0.0) { $0 + exp(s.logProbs[r * 4 + $1]) }
      assertClose(total, 1, rtol: 0, atol: 1e-12)
    }
    // position 1 reads the prompt, token 2 at position 0 and the position one-hot
    var x = [Double](repeating: 0, count: pol.featureSize)
    x[0 * 4 + 0] = 1
    x[1 * 4 + 1] = 1
    x[2 * 4 + 3] = 1
    x[3 * 4 + 2] = 1
    x[5 * 4 + 1] = 1
    XCTAssertEqual(try pol.features(prompt: [0, 1, 3], prefix: [2], step: 1), x)
    let z = try pol.model.forward(x, rows: 1)
    let lse = log(z.reduce(0) { $0 + exp($1) })
    assertClose(s.logp[1], z[0] - lse, rtol: 1e-12, atol: 1e-12)
  }

  /// The one-hot passes compute what the dense MLP computes on the 0/1 rows,
  /// outputs and accumulated gradients alike (two hidden layers, relu).
  func testOneHotNetworkMatchesDenseMLP() throws {
    var rng = RNG(seed: 8)
    let pol = try SequencePolicy(vocabSize: 4, promptLength: 2, completionLength: 3, hidden: [7, 5], activation: .relu, rng: &rng)
    let prompts = [1, 3, 0, 2]
    let comps = [2, 2, 0, 3, 1, 1]
    let s = try pol.score(prompts: prompts, completions: comps, count: 2)
    let up = (0..<6).map { _ in rng.normal() }
    pol.model.zeroGrad()
    try pol.backward(s, dLogp: up, dEntropy: nil)
    let sparseGrads = pol.model.grads
    var x: [Double] = []
    for i in 0..<2 {
      for t in 0..<3 {
        x += try pol.features(prompt: Array(prompts[(2 * i)..<(2 * i + 2)]), prefix: Array(comps[(3 * i)..<(3 * i + 3)]), step: t)
      }
    }
    let dense = pol.model.copy()
    let z = try dense.forward(x, rows: 6)
    var g = [Double](repeating: 0, count: 6 * 4)
    for r in 0..<6 {
      let lse = log(z[(r * 4)..<(r * 4 + 4)].reduce(0) { $0 + exp($1) })
      assertClose(s.logp[r], z[r * 4 + comps[r]] - lse, rtol: 1e-12, atol: 1e-12)
      for j in 0..<4 { g[r * 4 + j] = -up[r] * exp(z[r * 4 + j] - lse) }
      g[r * 4 + comps[r]] += up[r]
    }
    try dense.backward(g, inputGradient: false)
    for (a, b) in zip(sparseGrads.joined(), dense.grads.joined()) { assertClose(a, b, rtol: 1e-10, atol: 1e-12) }
  }

  func testGreedyAndSampledGeneration() throws {
    var rng = RNG(seed: 3)
    let pol = try SequencePolicy(vocabSize: 5, promptLength: 2, completionLength: 3, hidden: [8], rng: &rng)
    let prompts = [1, 2, 4, 0]
    var r1 = RNG(seed: 9)
    var r2 = RNG(seed: 9)
    let a = try pol.generate(prompts: prompts, count: 2, rng: &r1)
    XCTAssertEqual(a, try pol.generate(prompts: prompts, count: 2, rng: &r2), "same seed, same samples")
    XCTAssertEqual(a.count, 6)
    XCTAssertTrue(a.allSatisfy { $0 >= 0 && $0 < 5 })
    // greedy picks the argmax of the teacher-forced logits at every position
    let g = try pol.generate(prompts: prompts, count: 2, greedy: true, rng: &r1)
    let s = try pol.score(prompts: prompts, completions: g, count: 2)
    for r in 0..<6 {
      let best = (0..<5).max { s.logProbs[r * 5 + $0] < s.logProbs[r * 5 + $1] }!
      XCTAssertEqual(g[r], best)
    }
    XCTAssertThrowsError(try pol.generate(prompts: [1, 7], count: 1, rng: &r1)) { XCTAssertTrue("\($0)".contains("is 7, not a token in 0..4")) }
    XCTAssertThrowsError(try pol.generate(prompts: [1, 2, 3], count: 1, rng: &r1)) {
      XCTAssertTrue("\($0)".contains("expected 1 prompts of 2 tokens"))
    }
  }

  // MARK: GRPO

  /// The trainer's advantages are `Advantages.grpo` of the group rewards:
  /// with μ = 1 the ratio is 1, so under "dapo" the loss gradient with respect
  /// to token t of completion i is −A_i / (N·T).
  func testStepUsesGroupAdvantages() throws {
    var cfg = GRPOConfig()
    cfg.prompts = 3
    cfg.groupSize = 4
    cfg.hidden = [8]
    let task = try SequenceTask(kind: .sort, length: 3)
    var seen: [(prompt: [Int], completion: [Int], reward: Double)] = []
    let trainer = try GRPOTrainer(task: task, config: cfg) { p, c in
      let r = try task.reward(prompt: p, completion: c)
      seen.append((p, c, r))
      return r
    }
    _ = try trainer.step()
    XCTAssertEqual(seen.count, 12)
    for g in 0..<3 { for j in 1..<4 { XCTAssertEqual(seen[g * 4 + j].prompt, seen[g * 4].prompt, "a group shares its prompt") } }
    let rewards = try Tensor(rows: 3, cols: 4, storage: seen.map(\.reward))
    let adv = try Advantages.grpo(rewards)
    let logp = try Tensor(rows: 12, cols: 3, storage: [Double](repeating: -1, count: 36))
    let l = try Losses.grpo(logp: logp, logpOld: nil, logpRef: nil, advantages: Tensor(vector: adv.storage), mask: nil)
    for i in 0..<12 { for t in 0..<3 { assertClose(l.grad.storage[i * 3 + t], -adv.storage[i] / 36) } }
  }

  func testSameSeedSameCurveAndRewardRises() throws {
    var cfg = GRPOConfig()
    cfg.seed = 4
    let task = try SequenceTask(kind: .sort, length: 3)
    func run() throws -> ([Double], [Double], Double) {
      let t = try GRPOTrainer(task: task, config: cfg)
      var rewards: [Double] = []
      var kls: [Double] = []
      for _ in 0..<60 {
        let s = try t.step()
        rewards.append(s.reward)
        kls.append(s.kl)
      }
      var r = RNG(seed: 1)
      return (rewards, kls, try t.evaluate(prompts: t.heldOutPrompts(200, seed: 0), count: 200, rng: &r).reward)
    }
    let (a, ka, ea) = try run()
    let (b, kb, eb) = try run()
    XCTAssertEqual(a, b)
    XCTAssertEqual(ka, kb)
    XCTAssertEqual(ea, eb)
    let first = a[0..<10].reduce(0, +) / 10
    let last = a[50..<60].reduce(0, +) / 10
    XCTAssertGreaterThan(last, first + 0.15, "the mean sampled reward rises (\(first) → \(last))")
    XCTAssertGreaterThan(ka[59], 0, "the policy moved away from its initialisation")
  }

  func testMultipleIterationsClipAndKLPenalty() throws {
    var cfg = GRPOConfig()
    cfg.numIterations = 4
    cfg.beta = 0.04
    cfg.entropyCoef = 0.01
    cfg.lossType = .grpo
    let t = try GRPOTrainer(task: try SequenceTask(kind: .sum, length: 1), config: cfg)
    var clipped = 0.0
    for _ in 0..<20 {
      let s = try t.step()
      XCTAssertTrue(s.loss.isFinite && s.kl >= 0 && s.entropy > 0)
      clipped += s.clipRatio
    }
    XCTAssertGreaterThan(clipped, 0, "with μ = 4 some ratios leave [1 − ε, 1 + ε]")
  }

  func testConfigValidation() throws {
    let task = try SequenceTask(kind: .sort, length: 3)
    func check(_ edit: (inout GRPOConfig) -> Void, _ text: String) {
      var c = GRPOConfig()
      edit(&c)
      XCTAssertThrowsError(try GRPOTrainer(task: task, config: c)) { XCTAssertTrue("\($0)".contains(text), "\($0)") }
    }
    check({ $0.groupSize = 1 }, "group_size must be an integer in 2...65536")
    check({ $0.prompts = 0 }, "prompts must be an integer in 1...")
    check({ $0.learningRate = -1 }, "lr must be a positive number")
    check({ $0.epsilon = .nan }, "epsilon must be a non-negative number")
    check({ $0.temperature = 0 }, "temperature must be a positive number")
    check({ $0.hidden = [0] }, "hidden[0] must be an integer in 1...4096")
    check({ $0.numIterations = 0 }, "num_iterations must be an integer in 1...1000")
  }

  func testNonFiniteRewardIsAnError() throws {
    let t = try GRPOTrainer(task: try SequenceTask(kind: .sort, length: 2), config: GRPOConfig()) { _, _ in .nan }
    XCTAssertThrowsError(try t.step()) { XCTAssertTrue("\($0)".contains("the reward function returned NaN")) }
  }
}
