import RLSCore
import RLSNumerics
import RLSPrimitives

/// `optim`: optimisers over a model's parameters, gradient clipping and
/// learning-rate schedules.
enum OptimNatives {
  static func positive(_ c: NativeCall, _ name: String, _ d: Double, allowZero: Bool = true) throws -> Double {
    let x = try c.number(option: name, default: d)
    guard x.isFinite, allowZero ? x >= 0 : x > 0 else {
      throw c.error("\(name) must be a \(allowZero ? "non-negative" : "positive") number, got \(formatNumber(x))")
    }
    return x
  }

  static func betas(_ c: NativeCall) throws -> (Double, Double) {
    guard let v = c.option("betas") else { return (0.9, 0.999) }
    let t = try c.vm.toTensor(v, "betas")
    guard t.count == 2, t.storage.allSatisfy({ $0 >= 0 && $0 < 1 }) else { throw c.error("betas must be two numbers in [0, 1)") }
    return (t.storage[0], t.storage[1])
  }

  static let rows: [Native] = [
    Native(
      "adam", usage: "optim.adam(model, lr:, betas:, eps:, weight_decay:)",
      doc:
        "Adam with PyTorch's update (bias-corrected, eps added after the square root; defaults lr 1e-3, betas [0.9, 0.999], eps 1e-8); weight_decay: is decoupled (AdamW). o.step() updates the model from m.grads; o.zero_grad(); o.lr is readable and writable; o.steps."
    ) { c in
      let m = try NNNatives.model(c, 0, "model")
      let (b1, b2) = try betas(c)
      let o = Adam(
        lr: try positive(c, "lr", 1e-3), beta1: b1, beta2: b2, eps: try positive(c, "eps", 1e-8), weightDecay: try positive(c, "weight_decay", 0))
      return Value(c.vm.heap.track(OptimizerObject(o, model: m, name: "adam")))
    },
    Native(
      "sgd", usage: "optim.sgd(model, lr:, momentum:, dampening:, nesterov:, weight_decay:)",
      doc:
        "SGD with PyTorch's semantics (momentum buffer starts at the first gradient; L2 weight_decay: added to the gradient; nesterov:). Defaults lr 1e-2, momentum 0."
    ) { c in
      let m = try NNNatives.model(c, 0, "model")
      let o = SGD(
        lr: try positive(c, "lr", 1e-2), momentum: try positive(c, "momentum", 0), dampening: try positive(c, "dampening", 0),
        weightDecay: try positive(c, "weight_decay", 0), nesterov: try c.bool(option: "nesterov", default: false))
      if o.nesterov && (o.momentum == 0 || o.dampening != 0) { throw c.error("nesterov needs momentum > 0 and dampening 0") }
      return Value(c.vm.heap.track(OptimizerObject(o, model: m, name: "sgd")))
    },
    Native(
      "clip_grad_norm", usage: "optim.clip_grad_norm(model, max_norm)",
      doc: "Scales the model's gradients so their global L2 norm is at most max_norm (PyTorch's clip_grad_norm_); returns the norm before clipping."
    ) { c in
      let m = try NNNatives.model(c, 0, "model")
      let mx = try c.number(1, "max_norm")
      guard mx > 0 else { throw c.error("max_norm must be positive, got \(formatNumber(mx))", argument: 1) }
      return .number(TrainingUtils.clipGradNorm(&m.mlp.grads, maxNorm: mx))
    },
    Native(
      "schedule", usage: "optim.schedule(kind, lr, step, total, end:)",
      doc:
        "The learning rate at step of total: kind \"constant\", \"linear\" (lr → end, default end 0: CleanRL's annealing) or \"cosine\" (end + (lr - end)(1 + cos(pi·step/total))/2). Set it with o.lr = ..."
    ) { c in
      let kind = try c.string(0, "kind")
      guard ["constant", "linear", "cosine"].contains(kind) else {
        throw c.error("kind must be \"constant\", \"linear\" or \"cosine\", got \"\(kind)\"", argument: 0)
      }
      return .number(
        TrainingUtils.scheduledLR(
          kind: kind, lr: try c.number(1, "lr"), end: try c.number(option: "end", default: 0), step: try c.int(2, "step"),
          total: try c.int(3, "total")))
    },
  ]
}

/// An optimiser bound to a model.
final class OptimizerObject: NativeObject {
  let opt: Optimizer
  let model: ModelObject
  let optName: String

  init(_ opt: Optimizer, model: ModelObject, name: String) {
    self.opt = opt
    self.model = model
    self.optName = name
    super.init()
  }

  override func trace(_ tracer: inout Tracer) { tracer.mark(model) }

  override var typeName: String { "optimizer" }
  override var fieldNames: [String] { ["lr", "steps", "step", "zero_grad"] }
  override func describe(vm: VM) -> String { "<\(optName) lr=\(formatNumber(opt.lr))>" }

  override func field(_ name: String, vm: VM) throws -> Value? {
    switch name {
    case "lr": return .number(opt.lr)
    case "steps": return .number(Double(opt.steps))
    default:
      guard let m = OptimizerObject.methods[name] else { return nil }
      return Value(vm.heap.track(ObjBoundMethod(receiver: Value(self), method: m)))
    }
  }

  override func setField(_ name: String, _ value: Value, vm: VM) throws -> Bool {
    guard name == "lr" else { return false }
    guard case .number(let d) = value, d >= 0, d.isFinite else { throw RLSError.value("optimizer.lr must be a non-negative number") }
    opt.lr = d
    return true
  }

  static func this(_ c: NativeCall) -> OptimizerObject { unsafeDowncast(c.receiver!.object!, to: OptimizerObject.self) }

  static let methods: [String: ObjNative] = {
    let rows: [Native] = [
      Native("step", usage: "o.step()", doc: "Updates the model's parameters from its accumulated gradients.") { c in
        let o = this(c)
        o.opt.step(&o.model.mlp.params, o.model.mlp.grads)
        return .null
      },
      Native("zero_grad", usage: "o.zero_grad()", doc: "Sets the model's gradients to zero.") { c in
        this(c).model.mlp.zeroGrad()
        return .null
      },
    ]
    var out: [String: ObjNative] = [:]
    for r in rows { out[r.name] = r.make(qualified: "optimizer.\(r.name)") }
    return out
  }()
}
