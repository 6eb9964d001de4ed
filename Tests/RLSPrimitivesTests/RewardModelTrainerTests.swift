import Foundation
import RLSNumerics
import XCTest

@testable import RLSPrimitives

/// Reward-model training: the pairwise objective's gradient through the MLP
/// against central finite differences, agreement with `Losses`, determinism,
/// stopping, and error texts.
final class RewardModelTrainerTests: XCTestCase {
  func data(_ groups: Int, rows n: Int, features d: Int, seed: UInt64) -> [[Double]] {
    var rng = RNG(seed: seed)
    return (0..<groups).map { _ in (0..<(n * d)).map { _ in rng.normal() } }
  }

  /// ∂objective/∂params from `objective` against central differences.
  func checkGradient(pairs: [RewardModelTrainer.Pair], groups k: Int, margin: [Double]?) throws {
    var rng = RNG(seed: 11)
    let m = try MLP(sizes: [3, 4, 1], activation: .tanh, rng: &rng)
    let n = 5
    let xs = data(k, rows: n, features: 3, seed: 5)
    _ = try RewardModelTrainer.objective(model: m, groups: xs, rows: n, pairs: pairs, margin: margin)
    let grads = m.grads
    let h = 1e-6
    for p in 0..<m.params.count {
      for j in 0..<m.params[p].count {
        let keep = m.params[p][j]
        m.params[p][j] = keep + h
        let up = try RewardModelTrainer.objective(model: m, groups: xs, rows: n, pairs: pairs, margin: margin).loss
        m.params[p][j] = keep - h
        let down = try RewardModelTrainer.objective(model: m, groups: xs, rows: n, pairs: pairs, margin: margin).loss
        m.params[p][j] = keep
        assertClose(grads[p][j], (up - down) / (2 * h), rtol: 1e-6, atol: 1e-8, "param \(p)[\(j)]")
      }
    }
  }

  func testBradleyTerryGradient() throws {
    try checkGradient(pairs: RewardModelTrainer.bradleyTerryPairs, groups: 2, margin: [0.3, -0.1, 0, 1, 0.5])
  }

  func testCRMGradient() throws { try checkGradient(pairs: RewardModelTrainer.crmPairs, groups: 4, margin: [0.2]) }

  /// The objective is loss.bradley_terry / loss.crm applied to the model's scores.
  func testObjectiveMatchesLosses() throws {
    var rng = RNG(seed: 2)
    let m = try MLP(sizes: [3, 5, 1], activation: .relu, rng: &rng)
    let n = 7
    let xs = data(4, rows: n, features: 3, seed: 9)
    let r = try xs.map { Tensor(vector: try RewardModelTrainer.scores(model: m, x: $0, rows: n)) }
    let bt = try RewardModelTrainer.objective(
      model: m, groups: Array(xs[0..<2]), rows: n, pairs: RewardModelTrainer.bradleyTerryPairs, margin: [0.25])
    let ref = try Losses.bradleyTerry(chosen: r[0], rejected: r[1], margin: Tensor(vector: [0.25]))
    assertClose(bt.loss, ref.loss)
    let refAcc = try Losses.bradleyTerry(chosen: r[0], rejected: r[1]).accuracy
    assertClose(bt.accuracy, refAcc)
    let crm = try RewardModelTrainer.objective(model: m, groups: xs, rows: n, pairs: RewardModelTrainer.crmPairs)
    let refCRM = try Losses.crm(cwh: r[0], cwl: r[1], rwh: r[2], rwl: r[3])
    assertClose(crm.loss, refCRM.loss)
    assertClose(crm.accuracy, refCRM.accuracy)
  }

  func run(seed: UInt64, batch: Int = 4, epochs: Int = 6) throws -> (RewardModelTrainer.Result, MLP, [RewardModelTrainer.EpochReport]) {
    var rng = RNG(seed: 1)
    let m = try MLP(sizes: [3, 6, 1], rng: &rng)
    let xs = data(2, rows: 10, features: 3, seed: 4)
    var o = RewardModelTrainer.Options()
    o.epochs = epochs
    o.lr = 0.05
    o.batchSize = batch
    o.seed = seed
    var reports: [RewardModelTrainer.EpochReport] = []
    let r = try RewardModelTrainer.train(
      model: m, groups: xs, names: ["chosen", "rejected"], rows: 10, pairs: RewardModelTrainer.bradleyTerryPairs, options: o
    ) { e in
      reports.append(e)
      return true
    }
    return (r, m, reports)
  }

  func testSameSeedSameResult() throws {
    let (a, ma, ra) = try run(seed: 3)
    let (b, mb, _) = try run(seed: 3)
    XCTAssertEqual(a.losses, b.losses)
    XCTAssertEqual(ma.params, mb.params)
    XCTAssertEqual(a.accuracy, b.accuracy)
    XCTAssertEqual(ra.map(\.epoch), [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(ra.map(\.loss), a.losses)
    let (c, _, _) = try run(seed: 4)
    XCTAssertNotEqual(a.losses, c.losses, "another seed shuffles differently")
    XCTAssertFalse(a.interrupted)
    XCTAssertLessThan(a.losses.last!, a.losses.first!)
  }

  /// With one batch per epoch, epoch t's loss is the objective before step t.
  func testFullBatchLossIsTheObjective() throws {
    var rng = RNG(seed: 1)
    let m0 = try MLP(sizes: [3, 6, 1], rng: &rng)
    let xs = data(2, rows: 10, features: 3, seed: 4)
    let before = try RewardModelTrainer.objective(model: m0.copy(), groups: xs, rows: 10, pairs: RewardModelTrainer.bradleyTerryPairs)
    let (r, m, reports) = try run(seed: 0, batch: 100, epochs: 1)
    assertClose(r.losses[0], before.loss)
    assertClose(reports[0].accuracy, before.accuracy)
    let after = try RewardModelTrainer.objective(model: m, groups: xs, rows: 10, pairs: RewardModelTrainer.bradleyTerryPairs)
    assertClose(r.accuracy, after.accuracy)
  }

  func testStopping() throws {
    var rng = RNG(seed: 1)
    let m = try MLP(sizes: [3, 1], rng: &rng)
    let xs = data(2, rows: 10, features: 3, seed: 4)
    var o = RewardModelTrainer.Options()
    o.epochs = 50
    o.batchSize = 3
    var polls = 0
    let r = try RewardModelTrainer.train(
      model: m, groups: xs, names: ["chosen", "rejected"], rows: 10, pairs: RewardModelTrainer.bradleyTerryPairs, options: o,
      shouldStop: {
        polls += 1
        return polls > 9  // 4 batches per epoch: stops in the third epoch
      })
    XCTAssertTrue(r.interrupted)
    XCTAssertEqual(r.losses.count, 2)
    let s = try RewardModelTrainer.train(
      model: m, groups: xs, names: ["chosen", "rejected"], rows: 10, pairs: RewardModelTrainer.bradleyTerryPairs, options: o
    ) { $0.epoch < 3 }
    XCTAssertFalse(s.interrupted)
    XCTAssertEqual(s.losses.count, 3)
  }

  func testErrors() throws {
    var rng = RNG(seed: 1)
    let m = try MLP(sizes: [2, 1], rng: &rng)
    var o = RewardModelTrainer.Options()
    func train(_ xs: [[Double]], rows n: Int) throws {
      _ = try RewardModelTrainer.train(
        model: m, groups: xs, names: ["chosen", "rejected"], rows: n, pairs: RewardModelTrainer.bradleyTerryPairs, options: o)
    }
    XCTAssertThrowsError(try train([[1, 2, 3, .nan], [1, 2, 3, 4]], rows: 2)) { XCTAssertEqual("\($0)", "chosen[1, 1] = NaN must be finite") }
    XCTAssertThrowsError(try train([[1, 2, 3, 4], [1, 2]], rows: 2)) { XCTAssertEqual("\($0)", "rejected has 2 numbers, expected 2×2") }
    XCTAssertThrowsError(try train([[], []], rows: 0)) { XCTAssertEqual("\($0)", "chosen has no rows") }
    o.margin = [1, 2, 3]
    XCTAssertThrowsError(try train([[1, 2, 3, 4], [4, 3, 2, 1]], rows: 2)) { XCTAssertEqual("\($0)", "margin has 3 values but there are 2 pairs") }
    o.margin = nil
    o.lr = 1e200
    o.epochs = 5
    XCTAssertThrowsError(try train([[1e150, 0, 0, 0], [0, 0, 1e150, 0]], rows: 2)) { e in
      XCTAssertEqual("\(e)", "the loss became Infinity at epoch 2 (try a lower lr:)")
    }
    o.lr = 0
    XCTAssertThrowsError(try train([[1, 2, 3, 4], [4, 3, 2, 1]], rows: 2)) { XCTAssertEqual("\($0)", "lr must be a positive number, got 0") }
    let two = try MLP(sizes: [2, 2], rng: &rng)
    XCTAssertThrowsError(try RewardModelTrainer.scores(model: two, x: [1, 2], rows: 1)) {
      XCTAssertEqual("\($0)", "a reward model has one output, this model has 2")
    }
  }
}
