import RLSCore
import RLSNumerics
import RLSPrimitives

/// `rm`: reward models trained on feature pairs (Bradley–Terry as TRL's
/// RewardTrainer, PPO-M's calibrated reward model), scored as ordinary
/// `nn` models.
enum RMNatives {
  static func wrap<T>(_ c: NativeCall, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as TrainingError {
      throw c.error(e.message)
    } catch let e as ModelError {
      throw c.error(e.message)
    }
  }

  /// The model to train, from `model:` ("linear", hidden sizes, or an nn
  /// model, which is copied), for `d` features.
  static func makeModel(_ c: NativeCall, features d: Int, seed: Int) throws -> MLP {
    var rng = RNG(seed: UInt64(seed))
    let spec = c.option("model")
    if spec == nil || spec?.string?.value == "linear" {
      return try wrap(c) { try MLP(sizes: [d, 1], rng: &rng) }
    }
    if case .object(let u)? = spec, let m = u.takeUnretainedValue() as? ModelObject {
      guard m.mlp.inputSize == d else { throw c.error("model takes \(m.mlp.inputSize) features but the data has \(d)") }
      guard m.mlp.outputSize == 1 else { throw c.error("model must have one output (a reward), it has \(m.mlp.outputSize)") }
      return m.mlp.copy()
    }
    if let l = spec?.list {
      var hidden: [Int] = []
      for (i, v) in l.items.enumerated() {
        guard case .number(let w) = v, w == w.rounded(), w >= 1, w <= 1_048_576 else {
          throw c.error("model[\(i)] must be a positive integer width, got \(c.vm.formatValue(v))")
        }
        hidden.append(Int(w))
      }
      return try wrap(c) { try MLP(sizes: [d] + hidden + [1], rng: &rng) }
    }
    throw c.error("model must be \"linear\", a list of hidden sizes or an nn.mlp model, got \(spec.map { c.vm.formatValue($0) } ?? "nil")")
  }

  /// Shared body of rm.bradley_terry and rm.crm: `names` are the feature
  /// arguments (all n×d), `pairs` the loss terms over them.
  static func train(_ c: NativeCall, _ names: [String], _ pairs: [RewardModelTrainer.Pair]) throws -> Value {
    let xs = try names.indices.map { try c.matrix($0, names[$0]) }
    for i in 1..<xs.count {
      guard xs[i].rows == xs[0].rows else { throw c.error("\(names[i]) has \(xs[i].rows) rows but \(names[0]) has \(xs[0].rows)", argument: i) }
      guard xs[i].cols == xs[0].cols else {
        throw c.error("\(names[i]) has \(xs[i].cols) features but \(names[0]) has \(xs[0].cols)", argument: i)
      }
    }
    var o = RewardModelTrainer.Options()
    o.epochs = try c.int(option: "epochs", default: o.epochs)
    o.lr = try c.number(option: "lr", default: o.lr)
    o.batchSize = try c.int(option: "batch_size", default: o.batchSize)
    o.weightDecay = try c.number(option: "weight_decay", default: 0)
    o.margin = try c.option("margin").map { try EstimatorArguments.tensorOption(c, $0, "margin").storage }
    let seed = try c.int(option: "seed", default: 0)
    guard seed >= 0 else { throw c.error("seed must be a non-negative integer, got \(seed)") }
    o.seed = UInt64(seed)
    let model = try makeModel(c, features: xs[0].cols, seed: seed)
    let trainer = try wrap(c) {
      try RewardModelTrainer(model: model, groups: xs.map(\.storage), names: names, rows: xs[0].rows, pairs: pairs, options: o)
    }
    let vm = c.vm
    let modelValue = Value(vm.heap.track(ModelObject(model)))
    vm.tempRoots.append(modelValue)  // the callback sees it; collection can run there
    defer { vm.tempRoots.removeLast() }
    var loop = try TrainingLoop(c, name: c.native.name, total: o.epochs)
    loop.extras = { [("epoch", .number(Double(trainer.epoch))), ("model", modelValue)] }
    try loop.run { _ in
      guard let e = try wrap(c, { try trainer.runEpoch(shouldStop: { Interrupt.isRequested }) }) else {
        try Interrupt.check()  // clears the request; the loop returns the partial result
        return []
      }
      return [("loss", e.loss), ("accuracy", e.accuracy)]
    }
    let curve = loop.curve(vm)
    let losses = curve.map?.get("loss") ?? vm.tensorValue(Tensor(vector: []))
    let accuracy = try wrap(c) { try trainer.accuracy() }
    return vm.map(
      [("model", modelValue), ("losses", losses), ("accuracy", .number(accuracy))] + loop.resultPairs(vm))
  }

  static let trainingOptions =
    "Options: model: \"linear\" (default; nn model [d, 1]), a list of hidden widths (nn.mlp [d, ..., 1], tanh) or an nn.mlp model with one output to fine-tune (a copy is trained; the argument is left unchanged); epochs: (default 10); lr: (default 1e-3); batch_size: (default 64; the last batch of an epoch is smaller); weight_decay: (default 0; decoupled, as AdamW); margin: (a number or one per pair, default 0); seed: (default 0; a new model is initialised as nn.mlp(sizes, seed:), and the examples are shuffled every epoch from an independent stream of the same seed); progress: (default true) shows a progress bar; callback: a function called after each epoch with {iteration, epoch (both from 1), loss (mean minibatch loss of the epoch, each before its step), accuracy (pairs ranked correctly during the epoch), model (the model being trained, e.g. for a validation score)} — returning false stops. Minibatch Adam with PyTorch's update. Ctrl-C stops before the next minibatch and returns the partial result with interrupted: true. A loss that stops being finite is an error naming the epoch. Returns {model (an nn model: m(x), rm.score(m, x)), losses (one per completed epoch), accuracy (on the training data with the final model), curve ({iteration, loss, accuracy} per epoch), interrupted, iterations (epochs completed), seconds}."

  static let rows: [Native] = [
    Native(
      "bradley_terry",
      usage: "rm.bradley_terry(chosen, rejected, model:, epochs:, lr:, batch_size:, weight_decay:, margin:, seed:, progress:, callback:)",
      doc:
        "Trains a reward model r(x) on n preference pairs of features (chosen and rejected, n×d each) by minimising the Bradley–Terry loss mean −log σ(r(chosen) − r(rejected) − margin) over minibatches, as TRL's RewardTrainer (the same loss as loss.bradley_terry). Accuracy is the fraction of pairs with r(chosen) > r(rejected). "
        + trainingOptions
    ) { c in try train(c, ["chosen", "rejected"], RewardModelTrainer.bradleyTerryPairs) },
    Native(
      "crm", usage: "rm.crm(cwh, cwl, rwh, rwl, model:, epochs:, lr:, batch_size:, weight_decay:, margin:, seed:, progress:, callback:)",
      doc:
        "Trains PPO-M's calibrated reward model (Leng et al. 2025, \"Taming Overconfidence in LLMs: Reward Calibration in RLHF\"; the Reward-Calibration code's CalibratedRewardModelTrainer with its default sigmoid loss). The four n×d feature sets are the chosen answer with a high (cwh) and a low (cwl) stated confidence, and the rejected answer with a high (rwh) and a low (rwl) one. Loss per minibatch: mean −log σ(r(cwh) − r(cwl) − margin) + mean −log σ(r(rwl) − r(rwh) − margin), as loss.crm: a confident correct answer should score above a hesitant one, and a hesitant wrong answer above a confident one. Accuracy: (mean(r(cwh) > r(cwl)) + mean(r(rwl) > r(rwh)))/2. "
        + trainingOptions
    ) { c in try train(c, ["cwh", "cwl", "rwh", "rwl"], RewardModelTrainer.crmPairs) },
    Native(
      "score", usage: "rm.score(model, x)",
      doc:
        "Rewards of a reward model (an nn model with one output) for the rows of x: an n×d matrix gives a vector of n, a vector of d (one input) a number."
    ) { c in
      let m = try NNNatives.model(c, 0, "model").mlp
      let x = try c.tensor(1, "x")
      let (n, d) = x.rank == 1 ? (1, x.count) : (x.rows, x.cols)
      guard d == m.inputSize else { throw c.error("x has \(d) features but the model takes \(m.inputSize)", argument: 1) }
      let r = try wrap(c) { try RewardModelTrainer.scores(model: m, x: x.storage, rows: n) }
      return x.rank == 1 ? .number(r[0]) : c.vm.tensorValue(Tensor(vector: r))
    },
  ]
}
