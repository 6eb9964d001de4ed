import Foundation
import RLSNumerics

/// Why reward-model training refused its input or stopped (shapes, options,
/// a loss that is no longer finite).
public struct TrainingError: Error, Sendable, CustomStringConvertible {
  /// What went wrong, naming the argument, option or epoch.
  public let message: String
  /// An error with a user-facing message.
  public init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { message }
}

/// Pairwise training of a scalar reward model r(x) (an `MLP` with one
/// output) from groups of feature rows: group `g` holds `n` rows of `d`
/// features, row `i` of every group belongs to example `i`, and each
/// `Pair(higher, lower)` adds the Bradley–Terry term
/// `−log σ(r(x_higher,i) − r(x_lower,i) − margin_i)` averaged over the pairs of a
/// minibatch (TRL RewardTrainer / OpenRLHF PairWiseLoss; the same
/// arithmetic as `Losses.bradleyTerry`). The loss of a minibatch is the sum
/// of its pair terms. Bradley–Terry is one pair `(chosen, rejected)`; PPO-M's
/// calibrated reward model is `(cwh, cwl)` and `(rwl, rwh)` (`Losses.crm`).
///
/// Training is minibatch Adam (PyTorch semantics, decoupled weight decay as
/// AdamW when `weightDecay` is set, as the Hugging Face Trainer's default
/// optimiser): each epoch visits the examples in a fresh Fisher–Yates
/// permutation drawn from `RNG(seed:)` jumped once (so a model initialised
/// from `RNG(seed:)` and the shuffling use independent streams), in batches
/// of `batchSize` (the last one smaller), one optimiser step per batch.
public final class RewardModelTrainer {
  /// One term of the loss: the group whose reward should be the higher one.
  public struct Pair: Sendable, Equatable {
    /// Index of the group that should score higher.
    public let higher: Int
    /// Index of the group that should score lower.
    public let lower: Int
    /// A pair term: `higher` should beat `lower`.
    public init(higher: Int, lower: Int) {
      self.higher = higher
      self.lower = lower
    }
  }

  /// Bradley–Terry: chosen (group 0) over rejected (group 1).
  public static let bradleyTerryPairs = [Pair(higher: 0, lower: 1)]
  /// PPO-M's calibrated reward model over groups (cwh, cwl, rwh, rwl):
  /// cwh over cwl and rwl over rwh.
  public static let crmPairs = [Pair(higher: 0, lower: 1), Pair(higher: 3, lower: 2)]

  /// Hyperparameters of `train`.
  public struct Options: Sendable {
    /// Passes over the data (default 10).
    public var epochs = 10
    /// Adam's learning rate (default 1e-3).
    public var lr = 1e-3
    /// Examples per minibatch (default 64; the last batch of an epoch is smaller).
    public var batchSize = 64
    /// Decoupled weight decay, as AdamW (default 0).
    public var weightDecay = 0.0
    /// One margin for every example, or one per example; nil = 0.
    public var margin: [Double]? = nil
    /// Seeds the shuffling (from `RNG(seed:)` jumped once).
    public var seed: UInt64 = 0
    /// The defaults.
    public init() {}
  }

  /// What one epoch measured: the mean loss of its minibatches weighted by
  /// their sizes (each computed before that batch's step, as a trainer logs
  /// its training loss), and the fraction of its pairs ranked correctly at
  /// that time (strictly higher).
  public struct EpochReport: Sendable {
    /// 1-based.
    public let epoch: Int
    /// Mean minibatch loss of the epoch (weighted by batch size).
    public let loss: Double
    /// Fraction of the epoch's pair terms ranked correctly before their step.
    public let accuracy: Double
  }

  /// The epochs run and the final accuracy on the training data.
  public struct Result: Sendable {
    /// Per completed epoch.
    public var losses: [Double]
    /// Fraction of (example, pair) terms with r(higher) > r(lower) under the
    /// final model, over all the training data.
    public var accuracy: Double
    /// True when `shouldStop` ended training early.
    public var interrupted: Bool
  }

  /// Loss, accuracy and parameter gradients of the whole objective on the
  /// given rows: zeroes `model.grads`, then fills them with the gradient of
  /// `Σ_pairs mean_i −log σ(r_h,i − r_l,i − m_i)`.
  public static func objective(model: MLP, groups: [[Double]], rows n: Int, pairs: [Pair], margin: [Double]? = nil) throws -> (
    loss: Double, accuracy: Double
  ) {
    let d = model.inputSize
    try check(model: model, groups: groups, names: groups.indices.map { "group \($0)" }, rows: n, pairs: pairs, margin: margin)
    var x = [Double](repeating: 0, count: groups.count * n * d)
    for (g, rows) in groups.enumerated() { for j in 0..<(n * d) { x[g * n * d + j] = rows[j] } }
    let m = (0..<n).map { i in margin.map { $0.count == 1 ? $0[0] : $0[i] } ?? 0 }
    model.zeroGrad()
    let r = try model.forward(x, rows: groups.count * n)
    let (loss, correct, grad) = pairTerms(rewards: r, batch: n, pairs: pairs, margins: m)
    try model.backward(grad, inputGradient: false)
    return (loss, Double(correct) / Double(n * pairs.count))
  }

  /// A trainer for `model` (trained in place). `groups[g]` holds
  /// `n × model.inputSize` row-major features, `names[g]` names it in errors.
  ///
  /// - Throws: `TrainingError` for mismatched shapes (`rejected has 18
  ///   numbers, expected 10×2`), non-finite features (`chosen[3, 1] = NaN
  ///   must be finite`) and bad options.
  public init(model: MLP, groups: [[Double]], names: [String], rows n: Int, pairs: [Pair], options o: Options) throws {
    try RewardModelTrainer.check(model: model, groups: groups, names: names, rows: n, pairs: pairs, margin: o.margin)
    guard o.epochs >= 0 else { throw TrainingError("epochs must be non-negative, got \(o.epochs)") }
    guard o.lr > 0, o.lr.isFinite else { throw TrainingError("lr must be a positive number, got \(formatNumber(o.lr))") }
    guard o.batchSize >= 1 else { throw TrainingError("batch_size must be a positive integer, got \(o.batchSize)") }
    guard o.weightDecay >= 0, o.weightDecay.isFinite else {
      throw TrainingError("weight_decay must be a non-negative number, got \(formatNumber(o.weightDecay))")
    }
    self.model = model
    self.groups = groups
    self.n = n
    self.pairs = pairs
    self.options = o
    rng = RNG(seed: o.seed)
    rng.jump()
    adam = Adam(lr: o.lr, weightDecay: o.weightDecay)
    batch = min(o.batchSize, n)
    x = [Double](repeating: 0, count: groups.count * batch * model.inputSize)
  }

  /// The model being trained (in place).
  public let model: MLP
  let groups: [[Double]]
  let n: Int
  let pairs: [Pair]
  let options: Options
  var rng: RNG
  let adam: Adam
  let batch: Int
  var x: [Double]
  /// Epochs completed.
  public private(set) var epoch = 0

  /// Runs one epoch: a fresh permutation, then one Adam step per minibatch.
  /// Returns nil when `shouldStop` (polled before every minibatch) asks to
  /// stop; the steps already taken stay in the model.
  ///
  /// - Throws: `the loss became NaN at epoch 4 (try a lower lr:)` when a
  ///   minibatch loss is not finite.
  public func runEpoch(shouldStop: () -> Bool = { false }) throws -> EpochReport? {
    let d = model.inputSize
    let k = groups.count
    var order = Array(0..<n)
    rng.shuffle(&order)
    var lossSum = 0.0
    var correct = 0
    var start = 0
    while start < n {
      if shouldStop() { return nil }
      let b = min(batch, n - start)
      var m = [Double](repeating: 0, count: b)
      x.withUnsafeMutableBufferPointer { xp in
        for g in 0..<k {
          groups[g].withUnsafeBufferPointer { gp in
            for i in 0..<b {
              let src = order[start + i] * d
              let dst = (g * b + i) * d
              for j in 0..<d { xp[dst + j] = gp[src + j] }
            }
          }
        }
      }
      if let mg = options.margin { for i in 0..<b { m[i] = mg.count == 1 ? mg[0] : mg[order[start + i]] } }
      let r = try model.forward(b == batch ? x : Array(x[0..<(k * b * d)]), rows: k * b)
      let (loss, ok, grad) = RewardModelTrainer.pairTerms(rewards: r, batch: b, pairs: pairs, margins: m)
      guard loss.isFinite else { throw TrainingError("the loss became \(formatNumber(loss)) at epoch \(epoch + 1) (try a lower lr:)") }
      model.zeroGrad()
      try model.backward(grad, inputGradient: false)
      adam.step(&model.params, model.grads)
      lossSum += loss * Double(b)
      correct += ok
      start += b
    }
    epoch += 1
    return EpochReport(epoch: epoch, loss: lossSum / Double(n), accuracy: Double(correct) / Double(n * pairs.count))
  }

  /// Fraction of (example, pair) terms ranked correctly by the current model
  /// over all the training data.
  public func accuracy() throws -> Double {
    let r = try groups.map { try RewardModelTrainer.scores(model: model, x: $0, rows: n) }
    var correct = 0
    for p in pairs { for i in 0..<n where r[p.higher][i] > r[p.lower][i] { correct += 1 } }
    return Double(correct) / Double(n * pairs.count)
  }

  /// Trains `model` in place for `options.epochs` epochs (see `init` and
  /// `runEpoch`). `shouldStop` is polled before every minibatch (an
  /// interrupt: the partial result comes back with `interrupted` set);
  /// `onEpoch` runs after every epoch and returning false ends training.
  ///
  /// - Throws: what `init` and `runEpoch` throw; whatever `onEpoch` throws.
  public static func train(
    model: MLP, groups: [[Double]], names: [String], rows n: Int, pairs: [Pair], options o: Options, shouldStop: () -> Bool = { false },
    onEpoch: (EpochReport) throws -> Bool = { _ in true }
  ) throws -> Result {
    let t = try RewardModelTrainer(model: model, groups: groups, names: names, rows: n, pairs: pairs, options: o)
    var losses: [Double] = []
    var interrupted = false
    while t.epoch < o.epochs {
      guard let report = try t.runEpoch(shouldStop: shouldStop) else {
        interrupted = true
        break
      }
      losses.append(report.loss)
      if shouldStop() {
        interrupted = true
        break
      }
      if try !onEpoch(report) { break }
    }
    return Result(losses: losses, accuracy: try t.accuracy(), interrupted: interrupted)
  }

  /// Rewards (the single output) for `n` rows of features.
  public static func scores(model: MLP, x: [Double], rows n: Int) throws -> [Double] {
    guard model.outputSize == 1 else { throw TrainingError("a reward model has one output, this model has \(model.outputSize)") }
    guard x.count == n * model.inputSize else {
      throw TrainingError("x has \(n == 0 ? 0 : x.count / n) columns but the model takes \(model.inputSize)")
    }
    var out: [Double] = []
    out.reserveCapacity(n)
    let chunk = 4096
    var start = 0
    while start < n {
      let b = min(chunk, n - start)
      out += try model.forward(Array(x[(start * model.inputSize)..<((start + b) * model.inputSize)]), rows: b)
      start += b
    }
    return out
  }

  // MARK: Pieces

  /// The loss of one minibatch laid out group-major (`rewards[g·b + i]`),
  /// the number of correctly ordered pairs, and ∂loss/∂rewards.
  static func pairTerms(rewards r: [Double], batch b: Int, pairs: [Pair], margins m: [Double]) -> (Double, Int, [Double]) {
    var loss = 0.0
    var correct = 0
    var grad = [Double](repeating: 0, count: r.count)
    let inv = 1 / Double(b)
    for p in pairs {
      var sum = 0.0
      for i in 0..<b {
        let hi = r[p.higher * b + i]
        let lo = r[p.lower * b + i]
        let z = hi - lo - m[i]
        sum += Losses.log1pexp(-z)
        let s = Losses.sigmoid(-z) * inv
        grad[p.higher * b + i] -= s
        grad[p.lower * b + i] += s
        if hi > lo { correct += 1 }
      }
      loss += sum * inv
    }
    return (loss, correct, grad)
  }

  static func check(model: MLP, groups: [[Double]], names: [String], rows n: Int, pairs: [Pair], margin: [Double]?) throws {
    guard model.outputSize == 1 else { throw TrainingError("a reward model has one output, this model has \(model.outputSize)") }
    guard n >= 1 else { throw TrainingError("\(names.first ?? "the data") has no rows") }
    let d = model.inputSize
    for (g, rows) in groups.enumerated() {
      guard rows.count == n * d else { throw TrainingError("\(names[g]) has \(rows.count) numbers, expected \(n)×\(d)") }
      if let i = rows.firstIndex(where: { !$0.isFinite }) {
        throw TrainingError("\(names[g])[\(i / d), \(i % d)] = \(formatNumber(rows[i])) must be finite")
      }
    }
    for p in pairs where !(groups.indices.contains(p.higher) && groups.indices.contains(p.lower)) {
      throw TrainingError("pair (\(p.higher), \(p.lower)) names a group that does not exist")
    }
    if let mg = margin {
      guard mg.count == 1 || mg.count == n else { throw TrainingError("margin has \(mg.count) values but there are \(n) pairs") }
      if let i = mg.firstIndex(where: { !$0.isFinite }) { throw TrainingError("margin[\(i)] = \(formatNumber(mg[i])) must be finite") }
    }
  }
}
