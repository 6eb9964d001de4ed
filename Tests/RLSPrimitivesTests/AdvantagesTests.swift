import RLSNumerics
import XCTest

@testable import RLSPrimitives

/// Advantages against CleanRL's and TRL's loops, transcribed.
final class AdvantagesTests: XCTestCase {
  /// CleanRL ppo.py's GAE loop with its own storage convention: `cdones[t]`
  /// says obs t follows an episode end; `nextDone` is the flag after the last step.
  func cleanRLGAE(_ r: [[Double]], _ v: [[Double]], _ cdones: [[Double]], nextDone: [Double], nextValue: [Double], gamma: Double, lam: Double)
    -> [[Double]]
  {
    let T = r.count
    let N = r[0].count
    var adv = Array(repeating: Array(repeating: 0.0, count: N), count: T)
    var lastgaelam = Array(repeating: 0.0, count: N)
    for t in stride(from: T - 1, through: 0, by: -1) {
      for e in 0..<N {
        let nonterminal = t == T - 1 ? 1 - nextDone[e] : 1 - cdones[t + 1][e]
        let nextValues = t == T - 1 ? nextValue[e] : v[t + 1][e]
        let delta = r[t][e] + gamma * nextValues * nonterminal - v[t][e]
        lastgaelam[e] = delta + gamma * lam * nonterminal * lastgaelam[e]
        adv[t][e] = lastgaelam[e]
      }
    }
    return adv
  }

  func testGAEMatchesCleanRLWithShiftedDones() throws {
    var d = Draws(11)
    let (T, N) = (37, 3)
    let r = (0..<T).map { _ in d.uniform(N, -1, 1) }
    let v = (0..<T).map { _ in d.uniform(N, -1, 1) }
    let ends = (0..<T).map { _ in d.uniform(N).map { $0 < 0.15 ? 1.0 : 0.0 } }  // ends[t]: step t ended its episode
    let last = d.uniform(N)
    let cdones = [Array(repeating: 1.0, count: N)] + ends.dropLast()
    let ref = cleanRLGAE(r, v, Array(cdones), nextDone: ends[T - 1], nextValue: last, gamma: 0.97, lam: 0.9)
    let out = try Advantages.gae(
      rewards: try Tensor(matrix: r), values: try Tensor(matrix: v), dones: try Tensor(matrix: ends), gamma: 0.97, lambda: 0.9,
      lastValue: Tensor(vector: last))
    assertEstClose(out.advantages.storage, ref.flatMap { $0 })
    assertEstClose(out.returns.storage, zip(ref.flatMap { $0 }, v.flatMap { $0 }).map { $0 + $1 })
    // λ = 1 makes advantages + values the discounted returns.
    let full = try Advantages.gae(
      rewards: try Tensor(matrix: r), values: try Tensor(matrix: v), dones: try Tensor(matrix: ends), gamma: 0.97, lambda: 1,
      lastValue: Tensor(vector: last))
    let g = try Advantages.discountedReturns(
      rewards: try Tensor(matrix: r), dones: try Tensor(matrix: ends), gamma: 0.97, lastValue: Tensor(vector: last))
    assertEstClose(full.returns.storage, g.storage, rtol: 1e-12, atol: 1e-12)
  }

  func testVectorRolloutAndErrors() throws {
    let out = try Advantages.gae(
      rewards: Tensor(vector: [1, 1]), values: Tensor(vector: [0, 0]), dones: Tensor(vector: [0, 1]), gamma: 0.5, lambda: 1)
    assertEstClose(out.advantages.storage, [1.5, 1])
    assertEstimatorError("values has shape [3] but rewards has [2]") {
      try Advantages.gae(rewards: Tensor(vector: [1, 1]), values: Tensor(vector: [0, 0, 0]), dones: Tensor(vector: [0, 1]))
    }
    assertEstimatorError("dones[1] = 2 must be 0 or 1") {
      try Advantages.discountedReturns(rewards: Tensor(vector: [1, 1]), dones: Tensor(vector: [0, 2]))
    }
    assertEstimatorError("rewards[0] = NaN must be finite") {
      try Advantages.discountedReturns(rewards: Tensor(vector: [.nan, 1]), dones: Tensor(vector: [0, 0]))
    }
    assertEstimatorError("last_value has 2 elements but there are 1 environments") {
      try Advantages.discountedReturns(rewards: Tensor(vector: [1]), dones: Tensor(vector: [0]), lastValue: Tensor(vector: [1, 2]))
    }
  }

  func testGRPOAndRLOOFollowTRL() throws {
    var d = Draws(12)
    let (G, m) = (5, 4)
    let r = try Tensor(rows: G, cols: m, storage: d.uniform(G * m))
    let rows = (0..<G).map { Array(r.storage[($0 * m)..<(($0 + 1) * m)]) }
    func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
    func std1(_ x: [Double]) -> Double { (x.map { ($0 - mean(x)) * ($0 - mean(x)) }.reduce(0, +) / Double(x.count - 1)).squareRoot() }
    let grpo = rows.flatMap { g in g.map { ($0 - mean(g)) / (std1(g) + 1e-4) } }
    assertEstClose(try Advantages.grpo(r).storage, grpo)
    assertEstClose(try Advantages.grpo(r, scale: .none).storage, rows.flatMap { g in g.map { $0 - mean(g) } })
    let all = r.storage
    assertEstClose(try Advantages.grpo(r, scale: .batch).storage, rows.flatMap { g in g.map { ($0 - mean(g)) / (std1(all) + 1e-4) } })
    let loo = rows.flatMap { g in g.map { $0 - (g.reduce(0, +) - $0) / Double(m - 1) } }
    assertEstClose(try Advantages.rloo(r).storage, loo)
    assertEstClose(try Advantages.rloo(r, normalize: true).storage, loo.map { ($0 - mean(loo)) / (std1(loo) + 1e-4) })
    assertEstClose(try Advantages.grpo(try Tensor(rows: 2, cols: 1, storage: [3, 4])).storage, [0, 0])
    assertEstimatorError("rewards_by_group must be a matrix") { try Advantages.grpo(Tensor(vector: [1, 2])) }
  }
}
