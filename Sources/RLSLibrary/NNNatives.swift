import RLSCore
import RLSJSON
import RLSNumerics
import RLSPrimitives

/// `nn`: multilayer perceptrons over BLAS and policy heads.
enum NNNatives {
  static func wrap<T>(_ c: NativeCall, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ModelError { throw c.error(e.message) }
  }

  static func model(_ c: NativeCall, _ i: Int, _ name: String) throws -> ModelObject {
    if case .object(let u) = c[i], let m = u.takeUnretainedValue() as? ModelObject { return m }
    throw c.typeError(i, name, "a model (nn.mlp)")
  }

  static func tensorList(_ vm: VM, _ arrays: [[Double]], _ m: MLP) -> Value {
    vm.list(
      arrays.enumerated().map { i, a in
        let s = m.shape(ofParam: i)
        return vm.tensorValue(s.count == 2 ? try! Tensor(rows: s[0], cols: s[1], storage: a) : Tensor(vector: a))
      })
  }

  static let rows: [Native] = [
    Native(
      "mlp", usage: "nn.mlp(sizes, act:, seed:, init:, gain:, out_gain:)",
      doc:
        "A multilayer perceptron with layer widths sizes ([in, hidden..., out]); hidden activation act: \"tanh\" (default), \"relu\" or \"identity\"; linear output. init: \"default\" (PyTorch nn.Linear: W, b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))) or \"orthogonal\" (CleanRL layer_init: orthogonal W times gain: (default sqrt 2) on hidden layers and out_gain: (default 1) on the last, biases 0). seed: (default 0) seeds the initialisation. m(x) runs a vector or an n×in batch. Fields: sizes, act, params (list W0, b0, W1, b1, ... with W out×in; assign a list of the same shapes to replace them all), grads. Methods: forward(x), backward(grad_out) (accumulates grads, returns the input gradient), zero_grad(), get(i), set(i, t), copy(), save(path)."
    ) { c in
      let sizesT = try c.vector(0, "sizes")
      var sizes: [Int] = []
      for (i, d) in sizesT.storage.enumerated() {
        guard d == d.rounded(), d >= 1, d <= 1_048_576 else {
          throw c.error("sizes[\(i)] must be a positive integer width, got \(formatNumber(d))", argument: 0)
        }
        sizes.append(Int(d))
      }
      let actName = try c.choice(option: "act", Activation.allCases.map(\.rawValue), default: "tanh")
      let seed = try c.int(option: "seed", default: 0)
      guard seed >= 0 else { throw c.error("seed must be a non-negative integer") }
      let initName = try c.choice(option: "init", ["default", "orthogonal"], default: "default")
      let ini: Initialisation =
        initName == "default"
        ? .pytorchDefault
        : .orthogonal(gain: try c.number(option: "gain", default: 2.0.squareRoot()), outputGain: try c.number(option: "out_gain", default: 1))
      var rng = RNG(seed: UInt64(seed))
      let m = try wrap(c) { try MLP(sizes: sizes, activation: Activation(rawValue: actName)!, initialisation: ini, rng: &rng) }
      return Value(c.vm.heap.track(ModelObject(m)))
    },
    Native("load", usage: "nn.load(path)", doc: "A model saved with m.save(path) (JSON: {format: \"rlscript-mlp\", version: 1, sizes, act, params}).")
    { c in
      let path = try c.string(0, "path")
      let j = try JSONNatives.wrap(c) { try JSON.read(path: path) }
      guard case .object(let o) = j, o["format"] == .string("rlscript-mlp"), case .array(let sz)? = o["sizes"],
        case .string(let act)? = o["act"], let a = Activation(rawValue: act), case .array(let ps)? = o["params"]
      else { throw c.error("\(path) is not a saved RLScript model") }
      let sizes = try sz.map { v -> Int in
        guard case .number(let d) = v, d == d.rounded(), d >= 1 else { throw c.error("\(path): bad sizes") }
        return Int(d)
      }
      let params = try ps.map { p -> [Double] in
        guard case .array(let xs) = p else { throw c.error("\(path): bad params") }
        return try xs.map { x in
          guard case .number(let d) = x else { throw c.error("\(path): parameters must be numbers") }
          return d
        }
      }
      let m = try wrap(c) { try MLP(sizes: sizes, activation: a, params: params) }
      return Value(c.vm.heap.track(ModelObject(m)))
    },
    Native("merge", usage: "nn.merge(a, b, weight)", doc: "A new model with parameters (1 - weight)·a + weight·b (same sizes; a's activation).") {
      c in
      let a = try model(c, 0, "a")
      let b = try model(c, 1, "b")
      let w = try c.number(2, "weight")
      return Value(c.vm.heap.track(ModelObject(try wrap(c) { try MLP.merge(a.mlp, b.mlp, weight: w) })))
    },
    Native(
      "categorical", usage: "nn.categorical(logits, actions = nil)",
      doc:
        "A categorical policy head over n×K logits (a vector is one row): {probs, log_probs, entropy (per row), d_entropy (gradient of the entropy w.r.t. the logits)}; with actions (n indices) also logp (per row) and d_logp (gradient of logp w.r.t. the logits: onehot - probs)."
    ) { c in
      var t = try c.tensor(0, "logits")
      if t.rank == 1 { t = try Tensor(rows: 1, cols: t.count, storage: t.storage) }
      var acts: [Int]? = nil
      if c.has(1) {
        let a: [Double]
        if case .number(let d) = c[1] { a = [d] } else { a = try c.vector(1, "actions").storage }
        acts = try a.enumerated().map { i, d in
          guard d == d.rounded(), abs(d) < 1e9 else { throw c.error("actions[\(i)] must be an integer, got \(formatNumber(d))", argument: 1) }
          return Int(d)
        }
      }
      let r = try wrap(c) { try PolicyHeads.categorical(logits: t.storage, rows: t.rows, cols: t.cols, actions: acts) }
      let vm = c.vm
      func mat(_ a: [Double]) -> Value { vm.tensorValue(try! Tensor(rows: t.rows, cols: t.cols, storage: a)) }
      var pairs: [(String, Value)] = [
        ("probs", mat(r.probs)), ("log_probs", mat(r.logProbs)), ("entropy", vm.tensorValue(Tensor(vector: r.entropy))),
        ("d_entropy", mat(r.dEntropy)),
      ]
      if acts != nil { pairs += [("logp", vm.tensorValue(Tensor(vector: r.logp))), ("d_logp", mat(r.dLogp))] }
      return vm.map(pairs)
    },
    Native(
      "gaussian", usage: "nn.gaussian(mean, log_std, actions)",
      doc:
        "A diagonal-Gaussian policy head: mean n×d (a vector is one row), log_std d values shared by all rows, actions n×d: {logp, entropy (per row), d_mean, d_log_std (n×d gradients of logp)}."
    ) { c in
      var mean = try c.tensor(0, "mean")
      if mean.rank == 1 { mean = try Tensor(rows: 1, cols: mean.count, storage: mean.storage) }
      let ls = try c.tensor(1, "log_std")
      let a = try c.tensor(2, "actions")
      let r = try wrap(c) { try PolicyHeads.gaussian(mean: mean.storage, rows: mean.rows, cols: mean.cols, logStd: ls.storage, actions: a.storage) }
      let vm = c.vm
      func mat(_ x: [Double]) -> Value { vm.tensorValue(try! Tensor(rows: mean.rows, cols: mean.cols, storage: x)) }
      return vm.map([
        ("logp", vm.tensorValue(Tensor(vector: r.logp))), ("entropy", vm.tensorValue(Tensor(vector: r.entropy))),
        ("d_mean", mat(r.dMean)), ("d_log_std", mat(r.dLogStd)),
      ])
    },
  ]
}

/// A model object (`nn.mlp`): callable, with parameters readable and writable as tensors.
final class ModelObject: NativeObject {
  let mlp: MLP

  init(_ mlp: MLP) {
    self.mlp = mlp
    super.init()
  }

  override var typeName: String { "model" }
  override var fieldNames: [String] { ["sizes", "act", "params", "grads"] + ModelObject.methods.keys.sorted() }
  override func describe(vm: VM) -> String { "<mlp \(mlp.sizes.map(String.init).joined(separator: "-")) \(mlp.activation.rawValue)>" }
  override var byteSize: Int { 64 + mlp.params.reduce(0) { $0 + $1.count } * 16 }

  override func field(_ name: String, vm: VM) throws -> Value? {
    switch name {
    case "sizes": return vm.list(mlp.sizes.map { .number(Double($0)) })
    case "act": return vm.string(mlp.activation.rawValue)
    case "params": return NNNatives.tensorList(vm, mlp.params, mlp)
    case "grads": return NNNatives.tensorList(vm, mlp.grads, mlp)
    default:
      guard let m = ModelObject.methods[name] else { return nil }
      return Value(vm.heap.track(ObjBoundMethod(receiver: Value(self), method: m)))
    }
  }

  /// `m.params = [W0, b0, ...]`: every parameter at once, shapes checked.
  override func setField(_ name: String, _ value: Value, vm: VM) throws -> Bool {
    guard name == "params" else { return false }
    guard let l = value.list, l.items.count == mlp.params.count else {
      throw RLSError.value("model.params must be a list of \(mlp.params.count) tensors (W0, b0, W1, b1, ...)")
    }
    var ps: [[Double]] = []
    for (i, v) in l.items.enumerated() {
      let t = try vm.toTensor(v, "model.params[\(i)]")
      let s = mlp.shape(ofParam: i)
      guard t.shape == s else { throw RLSError.value("model.params[\(i)] must have shape \(s), got \(t.shape)") }
      ps.append(t.storage)
    }
    mlp.params = ps
    return true
  }

  override var callMethod: ObjNative? { ModelObject.methods["forward"] }

  static func this(_ c: NativeCall) -> ModelObject { unsafeDowncast(c.receiver!.object!, to: ModelObject.self) }

  static func paramIndex(_ c: NativeCall, _ m: MLP) throws -> Int {
    let i = try c.int(0, "i")
    guard i >= 0 && i < m.params.count else { throw c.error("parameter index \(i) is out of range 0..\(m.params.count - 1)", argument: 0) }
    return i
  }

  static let methods: [String: ObjNative] = {
    let rows: [Native] = [
      Native("forward", usage: "m.forward(x)", doc: "Outputs for a vector (one input) or an n×in batch; keeps the activations for backward.") { c in
        let m = this(c).mlp
        let x = try c.tensor(0, "x")
        let n = x.rank == 1 ? 1 : x.rows
        let w = x.rank == 1 ? x.count : x.cols
        guard w == m.inputSize else { throw c.error("input has \(w) features but the model takes \(m.inputSize)", argument: 0) }
        let y = try NNNatives.wrap(c) { try m.forward(x.storage, rows: n) }
        return c.vm.tensorValue(x.rank == 1 ? Tensor(vector: y) : try Tensor(rows: n, cols: m.outputSize, storage: y))
      },
      Native(
        "backward", usage: "m.backward(grad_out)",
        doc:
          "Accumulates the parameter gradients (m.grads) for the gradient of a loss w.r.t. the last forward's outputs (same shape); returns the gradient w.r.t. its inputs."
      ) { c in
        let m = this(c).mlp
        let g = try c.tensor(0, "grad_out")
        let n = g.rank == 1 ? 1 : g.rows
        let w = g.rank == 1 ? g.count : g.cols
        guard w == m.outputSize else { throw c.error("grad_out has \(w) columns but the model has \(m.outputSize) outputs", argument: 0) }
        let gi = try NNNatives.wrap(c) { try m.backward(g.storage) }
        return c.vm.tensorValue(g.rank == 1 ? Tensor(vector: gi) : try Tensor(rows: n, cols: m.inputSize, storage: gi))
      },
      Native("zero_grad", usage: "m.zero_grad()", doc: "Sets every gradient to zero.") { c in
        this(c).mlp.zeroGrad()
        return .null
      },
      Native("get", usage: "m.get(i)", doc: "Parameter i (W0, b0, W1, b1, ...) as a tensor (a copy).") { c in
        let m = this(c).mlp
        let i = try paramIndex(c, m)
        let s = m.shape(ofParam: i)
        return c.vm.tensorValue(s.count == 2 ? try Tensor(rows: s[0], cols: s[1], storage: m.params[i]) : Tensor(vector: m.params[i]))
      },
      Native("set", usage: "m.set(i, t)", doc: "Replaces parameter i with a tensor of the same shape.") { c in
        let m = this(c).mlp
        let i = try paramIndex(c, m)
        let t = try c.tensor(1, "t")
        let s = m.shape(ofParam: i)
        guard t.shape == s else { throw c.error("parameter \(i) has shape \(s), got a tensor of shape \(t.shape)", argument: 1) }
        m.params[i] = t.storage
        return .null
      },
      Native("copy", usage: "m.copy()", doc: "An independent copy of the model (gradients zero).") { c in
        Value(c.vm.heap.track(ModelObject(this(c).mlp.copy())))
      },
      Native(
        "save", usage: "m.save(path)",
        doc:
          "Writes the model as JSON ({format: \"rlscript-mlp\", version: 1, sizes, act, params}); numbers round-trip exactly. Read back with nn.load(path)."
      ) { c in
        let m = this(c).mlp
        let j = JSON.object(
          JSONObject([
            ("format", .string("rlscript-mlp")), ("version", .number(1)), ("sizes", .array(m.sizes.map { .number(Double($0)) })),
            ("act", .string(m.activation.rawValue)), ("params", .array(m.params.map { .array($0.map { .number($0) }) })),
          ]))
        let path = try c.string(0, "path")
        try JSONNatives.wrap(c) { try JSON.write(j, path: path) }
        return .null
      },
    ]
    var out: [String: ObjNative] = [:]
    for r in rows { out[r.name] = r.make(qualified: "model.\(r.name)") }
    return out
  }()
}
