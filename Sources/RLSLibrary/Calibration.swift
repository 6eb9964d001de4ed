import RLSCore
import RLSNumerics
import RLSPrimitives

/// The `calib` namespace: post-hoc calibrators, reliability tables and PPO-C
/// reward calibration.
enum CalibrationNatives {
  static let rows: [Native] = [
    Native("temperature", usage: "calib.temperature(logits, labels, bins:)", doc: "Temperature scaling: the T > 0 minimising the mean NLL of softmax(logits / T), found as the root of dNLL/dT (safeguarded Newton inside a shrinking bracket). logits: n×K (or a vector of binary logits), labels: class indices. Returns {T, nll_before, nll_after, ece_before, ece_after} (top-label ECE with `bins:` equal-width bins, default 15).") { c in
      let logits = try c.tensor(0, "logits")
      let labels = try c.vector(1, "labels").storage
      let r = try wrap(c) { try TemperatureScaling.fit(logits: logits, labels: labels, bins: try c.int(option: "bins", default: 15)) }
      return c.vm.map([
        ("T", .number(r.temperature)), ("nll_before", .number(r.nllBefore)), ("nll_after", .number(r.nllAfter)),
        ("ece_before", .number(r.eceBefore)), ("ece_after", .number(r.eceAfter)),
      ])
    },
    Native("platt", usage: "calib.platt(scores, labels, targets:)", doc: "Platt scaling: {a, b} with p = sigmoid(a · score + b), an unregularised logistic fit by Newton's method (as LogisticRegression(penalty=None)). `targets: \"platt\"` uses Platt's smoothed targets (N₊+1)/(N₊+2) and 1/(N₋+2), as scikit-learn's sigmoid calibration does (it reports A = −a, B = −b). Perfectly separable scores have no finite unregularised fit: an error (use targets: \"platt\").") { c in
      let scores = try c.vector(0, "scores").storage
      let labels = try c.vector(1, "labels").storage
      let targets = try c.choice(option: "targets", ["labels", "platt"], default: "labels")
      let r = try wrap(c) { try PlattScaling.fit(scores: scores, labels: labels, smoothedTargets: targets == "platt") }
      return c.vm.map([("a", .number(r.a)), ("b", .number(r.b))])
    },
    Native("isotonic", usage: "calib.isotonic(scores, labels)", doc: "Isotonic regression with scikit-learn's semantics (IsotonicRegression(out_of_bounds=\"clip\")): tied scores pooled first, pool-adjacent-violators, linear interpolation between knots, clipping outside the fitted range. Returns a model: call it on a number or a vector (`m(0.7)`); `.fitted` holds the training predictions, `.x` and `.y` the knots.") { c in
      let scores = try c.vector(0, "scores").storage
      let labels = try c.vector(1, "labels").storage
      let model = try wrap(c) { try IsotonicRegression(x: scores, y: labels) }
      let obj = CalibratorObject(kind: "isotonic", predict: model.predict)
      obj.fitted = Tensor(vector: model.fitted)
      obj.knots = (Tensor(vector: model.knotsX), Tensor(vector: model.knotsY))
      return Value(c.vm.heap.track(obj))
    },
    Native("histogram_binning", usage: "calib.histogram_binning(scores, labels, bins:)", doc: "Histogram binning: equal-width bins over [0, 1] (default 10); a score maps to the fraction of positives among the training scores in its bin (an empty bin maps to its midpoint). Returns a callable model with `.fitted`.") { c in
      let scores = try c.vector(0, "scores").storage
      let labels = try c.vector(1, "labels").storage
      let model = try wrap(c) { try HistogramBinning(scores: scores, labels: labels, bins: try c.int(option: "bins", default: 10)) }
      let obj = CalibratorObject(kind: "histogram_binning", predict: model.predict)
      obj.fitted = Tensor(vector: scores.map(model.predict))
      return Value(c.vm.heap.track(obj))
    },
    Native("reliability", usage: "calib.reliability(confidence, correct, bins:)", doc: "The reliability table: for each of `bins:` equal-width confidence bins (default 10; [lo, hi), 1.0 in the last) a row {lower, upper, count, confidence, accuracy} (NaN means for empty bins). Shows as a table in notebooks; `table.show` prints it.") { c in
      let conf = try c.vector(0, "confidence").storage
      let correct = try c.vector(1, "correct").storage
      let bins = try wrap(c) { try Reliability.bins(confidence: conf, correct: correct, bins: try c.int(option: "bins", default: 10)) }
      let out = ObjList()
      c.vm.tempRoots.append(Value(c.vm.heap.track(out)))
      defer { c.vm.tempRoots.removeLast() }
      for b in bins {
        out.items.append(c.vm.map([
          ("lower", .number(b.lower)), ("upper", .number(b.upper)), ("count", .number(Double(b.count))),
          ("confidence", .number(b.confidence)), ("accuracy", .number(b.accuracy)),
        ]))
      }
      return Value(out)
    },
    Native("ppo_c", usage: "calib.ppo_c(rewards, confidences, avg:, alpha:, w:, mode:, avg_type:, clamp:, conf_scale:)", doc: "PPO-C reward calibration for one batch, as the official code computes it: rewards clamped to ±clamp (default 10); the moving average updated with the batch first, avg ← alpha·stat + (1−alpha)·avg (alpha 0.1; stat the batch mean, or its std with ddof 1 for avg_type: \"std\"); s = confidence / conf_scale (default 10); mode \"threshold\" (default): r ± w·|r|·(s − 0.5) (w·r·(s − 0.5) with avg_type \"std\"), + where r ≥ avg; mode \"difference\": r + w·(r − avg)·(s − 0.5); w default 0.5; then the final ±clamp. `avg:` is the running average (default 0; the official code starts from the reward model's mean). Returns {adjusted, final, avg}: thread `avg` into the next batch.") { c in
      let r = try PPOC.adjustOptions(c)
      return c.vm.map([
        ("adjusted", c.vm.tensorValue(Tensor(vector: r.adjusted))), ("final", c.vm.tensorValue(Tensor(vector: r.final))),
        ("avg", .number(r.average)),
      ])
    },
    Native("parse_confidence", usage: "calib.parse_confidence(text)", doc: "The verbalised confidence in a response: the first `Confidence: <number>` (case-insensitive, as the PPO-C code's regex `Confidence:\\s*(\\d+(\\.\\d+)?)`), clamped to [0, 10]; 5 when absent. Returns {confidence, found}.") { c in
      let r = ConfidenceParser.parse(try c.string(0, "text"))
      return c.vm.map([("confidence", .number(r.confidence)), ("found", .bool(r.found))])
    },
  ]

  static func wrap<T>(_ c: NativeCall, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as CalibrationError {
      throw c.error(e.message)
    }
  }
}

extension PPOC {
  /// `calib.ppo_c` with its options read from the call.
  static func adjustOptions(_ c: NativeCall) throws -> Result {
    let rewards = try c.vector(0, "rewards").storage
    let conf = try c.vector(1, "confidences").storage
    return try CalibrationNatives.wrap(c) {
      try adjust(
        rewards: rewards, confidences: conf, average: try c.number(option: "avg", default: 0),
        alpha: try c.number(option: "alpha", default: 0.1), w: try c.number(option: "w", default: 0.5),
        mode: try c.string(option: "mode", default: "threshold"), avgType: try c.string(option: "avg_type", default: "mean"),
        clamp: try c.number(option: "clamp", default: 10), confScale: try c.number(option: "conf_scale", default: 10))
    }
  }
}

/// A fitted calibrator: callable on numbers or vectors, with `.fitted`.
final class CalibratorObject: NativeObject {
  let method: String
  let predict: (Double) -> Double
  var fitted = Tensor(vector: [])
  var knots: (Tensor, Tensor)?

  init(kind: String, predict: @escaping (Double) -> Double) {
    self.method = kind
    self.predict = predict
    super.init()
  }

  override var typeName: String { "calibrator" }
  override var fieldNames: [String] { knots == nil ? ["fitted"] : ["fitted", "x", "y"] }
  override func describe(vm: VM) -> String { "<\(method) calibrator>" }
  override var byteSize: Int { 64 + fitted.count * 8 }

  override func field(_ name: String, vm: VM) throws -> Value? {
    switch name {
    case "fitted": return vm.tensorValue(fitted)
    case "x": return knots.map { vm.tensorValue($0.0) }
    case "y": return knots.map { vm.tensorValue($0.1) }
    default: return nil
    }
  }

  override var callMethod: ObjNative? { CalibratorObject.call }

  static let call = Native("predict", usage: "model(x)", doc: "Calibrated values for a number or a vector.") { c in
    let me = unsafeDowncast(c.receiver!.object!, to: CalibratorObject.self)
    if case .number(let d) = c[0] { return .number(me.predict(d)) }
    return c.vm.tensorValue(Tensor(vector: try c.vector(0, "x").storage.map(me.predict)))
  }.make(qualified: "calibrator")
}
