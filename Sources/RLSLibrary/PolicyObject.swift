import RLSCore
import RLSNumerics
import RLSPrimitives

/// A trained policy (`train.ppo(...).policy`, `train.reinforce(...).policy`):
/// callable on observations (greedy actions), with its networks as `nn` models.
final class PolicyObject: NativeObject {
  let policy: ActorCritic

  init(_ policy: ActorCritic) {
    self.policy = policy
    super.init()
  }

  override var typeName: String { "policy" }
  override var fieldNames: [String] {
    ["actor", "critic", "log_std", "action_space", "n_actions", "action_size"] + PolicyObject.methods.keys.sorted()
  }
  override func describe(vm: VM) -> String {
    "<policy \(policy.actionSpace.description) \(policy.actor.sizes.map(String.init).joined(separator: "-"))>"
  }
  override var byteSize: Int {
    64 + (policy.actor.params.reduce(0) { $0 + $1.count } + (policy.critic?.params.reduce(0) { $0 + $1.count } ?? 0)) * 16
  }

  override func field(_ name: String, vm: VM) throws -> Value? {
    switch name {
    case "actor": return Value(vm.heap.track(ModelObject(policy.actor)))
    case "critic": return policy.critic.map { Value(vm.heap.track(ModelObject($0))) } ?? .null
    case "log_std": return policy.logStd.isEmpty ? .null : vm.tensorValue(Tensor(vector: policy.logStd))
    case "action_space": return vm.string(policy.actionSpace.isDiscrete ? "discrete" : "box")
    case "n_actions":
      if case .discrete(let n) = policy.actionSpace { return .number(Double(n)) }
      return .null
    case "action_size": return .number(Double(policy.actionSpace.actionSize))
    default:
      guard let m = PolicyObject.methods[name] else { return nil }
      return Value(vm.heap.track(ObjBoundMethod(receiver: Value(self), method: m)))
    }
  }

  override var callMethod: ObjNative? { PolicyObject.methods["act"] }

  static func this(_ c: NativeCall) -> PolicyObject { unsafeDowncast(c.receiver!.object!, to: PolicyObject.self) }

  /// Argument 0 as observations: a vector (one) or an n×d matrix.
  static func observations(_ c: NativeCall, _ p: ActorCritic) throws -> (x: [Double], rows: Int, single: Bool) {
    let t = try c.tensor(0, "obs")
    let single = t.rank <= 1
    let cols = single ? t.count : t.cols
    guard cols == p.observationSize else { throw c.error("obs has \(cols) numbers per row but the policy takes \(p.observationSize)", argument: 0) }
    return (p.prepare(t.storage), single ? 1 : t.rows, single)
  }

  static func actionsValue(_ c: NativeCall, _ p: ActorCritic, _ a: [Double], rows: Int, single: Bool) throws -> Value {
    let k = p.actionSpace.actionSize
    if p.actionSpace.isDiscrete { return single ? .number(a[0]) : c.vm.tensorValue(Tensor(vector: a)) }
    return single ? c.vm.tensorValue(Tensor(vector: a)) : c.vm.tensorValue(try Tensor(rows: rows, cols: k, storage: a))
  }

  static let methods: [String: ObjNative] = {
    let rows: [Native] = [
      Native(
        "act", usage: "p.act(obs)",
        doc:
          "The greedy action for an observation (argmax of the logits: a number; or the Gaussian mean clipped to the action bounds: a vector), or a vector / n×k matrix of actions for n rows. p(obs) is the same."
      ) { c in
        let p = this(c).policy
        let (x, n, single) = try observations(c, p)
        var g = RNG(seed: 0)
        var a: [Double] = []
        try NNNatives.wrap(c) { try p.act(x, rows: n, greedy: true, rng: &g, actions: &a) }
        let k = p.actionSpace.actionSize
        a.withUnsafeMutableBufferPointer { ap in
          for r in 0..<n { var row = Array(ap[(r * k)..<(r * k + k)]); p.actionSpace.clipArray(&row); for j in 0..<k { ap[r * k + j] = row[j] } }
        }
        return try actionsValue(c, p, a, rows: n, single: single)
      },
      Native(
        "sample", usage: "p.sample(obs, seed:)",
        doc:
          "A sampled action (categorical draw, or mean + exp(log_std)·N(0, 1) — unclipped, as the loops store it) for an observation or each row; seed: (default 0) seeds the draw."
      ) { c in
        let p = this(c).policy
        let (x, n, single) = try observations(c, p)
        let seed = try c.int(option: "seed", default: 0)
        guard seed >= 0 else { throw c.error("seed must be a non-negative integer") }
        var g = RNG(seed: UInt64(seed))
        var a: [Double] = []
        try NNNatives.wrap(c) { try p.act(x, rows: n, greedy: false, rng: &g, actions: &a) }
        return try actionsValue(c, p, a, rows: n, single: single)
      },
      Native(
        "value", usage: "p.value(obs)", doc: "The critic's value of an observation (a number) or of each row (a vector); an error without a critic."
      ) { c in
        let p = this(c).policy
        let (x, n, single) = try observations(c, p)
        let v = try NNNatives.wrap(c) { try p.values(x, rows: n) }
        return single ? .number(v[0]) : c.vm.tensorValue(Tensor(vector: v))
      },
    ]
    var out: [String: ObjNative] = [:]
    for r in rows { out[r.name] = r.make(qualified: "policy.\(r.name)") }
    return out
  }()
}
