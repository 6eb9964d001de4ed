import RLSCore
import RLSNumerics
import RLSPrimitives

/// `env`: environments as native objects (SPEC §5): `e.reset(seed:)` or
/// `e.reset(state:)` → observation, `e.step(action)` → `{obs, reward,
/// terminated, truncated}`, `e.state`.
enum EnvNatives {
  static func steps(_ c: NativeCall, default d: Int) throws -> Int? {
    let n = try c.int(option: "max_episode_steps", default: d)
    guard n >= 0 else { throw c.error("max_episode_steps must be non-negative (0: no limit), got \(n)") }
    return n == 0 ? nil : n
  }

  static func make(_ c: NativeCall, _ e: Environment) throws -> Value {
    let seed = try c.int(option: "seed", default: 0)
    guard seed >= 0 else { throw c.error("seed must be a non-negative integer") }
    return Value(c.vm.heap.track(EnvObject(e, seed: UInt64(seed))))
  }

  static let rows: [Native] = [
    Native(
      "cartpole", usage: "env.cartpole(max_episode_steps:, seed:)",
      doc:
        "gymnasium's CartPole-v1, bit for bit from the same state and actions (float64 state, float32 observation [x, x_dot, theta, theta_dot]). Actions 0 (push left) or 1 (push right); reward 1 per step; terminated when |x| > 2.4 or |theta| > 12°; truncated after max_episode_steps (default 500, 0 for none). reset(seed:) draws the initial state U(-0.05, 0.05)^4 from RLScript's generator (not gymnasium's PCG64); reset(state: [x, x_dot, theta, theta_dot]) starts from a given state; seed: seeds resets without a seed."
    ) { c in
      try make(c, CartPole(maxEpisodeSteps: try steps(c, default: 500)))
    },
    Native(
      "pendulum", usage: "env.pendulum(max_episode_steps:, g:, seed:)",
      doc:
        "gymnasium's Pendulum-v1, bit for bit from the same state and actions under NumPy 2 promotion (the torque is a float32 clipped to [-2, 2]; observation [cos theta, sin theta, theta_dot] in float32). Action: a number or a 1-element vector. Reward -(angle² + 0.1 theta_dot² + 0.001 u²); never terminates; truncated after max_episode_steps (default 200). g: gravity (default 10). reset(seed:) draws theta ~ U(-pi, pi), theta_dot ~ U(-1, 1) from RLScript's generator; reset(state: [theta, theta_dot])."
    ) { c in
      let g = try c.number(option: "g", default: 10)
      return try make(c, Pendulum(maxEpisodeSteps: try steps(c, default: 200), g: g))
    },
  ]
}

/// An environment object: `reset`, `step`, `state` and descriptive fields.
final class EnvObject: NativeObject {
  let env: Environment
  var rng: RNG

  init(_ env: Environment, seed: UInt64) {
    self.env = env
    self.rng = RNG(seed: seed)
    super.init()
  }

  override var typeName: String { "env" }
  override var fieldNames: [String] { ["name", "state", "observation_size", "elapsed_steps", "max_episode_steps"] + EnvObject.methods.keys.sorted() }
  override func describe(vm: VM) -> String { "<env \(env.name)>" }

  override func field(_ name: String, vm: VM) throws -> Value? {
    switch name {
    case "name": return vm.string(env.name)
    case "state": return vm.tensorValue(Tensor(vector: env.state))
    case "observation_size": return .number(Double(env.observationSize))
    case "elapsed_steps": return .number(Double(env.elapsedSteps))
    case "max_episode_steps": return env.maxEpisodeSteps.map { .number(Double($0)) } ?? .null
    default:
      guard let m = EnvObject.methods[name] else { return nil }
      return Value(vm.heap.track(ObjBoundMethod(receiver: Value(self), method: m)))
    }
  }

  static func this(_ c: NativeCall) -> EnvObject { unsafeDowncast(c.receiver!.object!, to: EnvObject.self) }

  /// An action argument: a number or a vector.
  static func action(_ c: NativeCall, _ i: Int) throws -> [Double] {
    if case .number(let d) = c[i] { return [d] }
    let t = try c.tensor(i, "action")
    guard t.rank == 1 else { throw c.error("action must be a number or a vector, got a tensor of shape \(t.shape)", argument: i) }
    return t.storage
  }

  static func wrap<T>(_ c: NativeCall, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as EnvironmentError { throw c.error(e.message) }
  }

  static let methods: [String: ObjNative] = {
    let rows: [Native] = [
      Native(
        "reset", usage: "e.reset(seed:, state:)",
        doc:
          "Starts an episode and returns the first observation: from state: (a vector, see e.state), or drawn with seed: (the environment's own generator continues when neither is given)."
      ) { c in
        let me = this(c)
        if let s = c.option("state") {
          if c.option("seed") != nil { throw c.error("give seed: or state:, not both") }
          let st = try c.vm.toTensor(s, "state")
          return c.vm.tensorValue(Tensor(vector: try wrap(c) { try me.env.reset(state: st.storage) }))
        }
        if c.option("seed") != nil {
          let seed = try c.int(option: "seed", default: 0)
          guard seed >= 0 else { throw c.error("seed must be a non-negative integer") }
          me.rng = RNG(seed: UInt64(seed))
        }
        return c.vm.tensorValue(Tensor(vector: me.env.reset(rng: &me.rng)))
      },
      Native("step", usage: "e.step(action)", doc: "Advances one step; returns {obs, reward, terminated, truncated}.") { c in
        let me = this(c)
        let a = try action(c, 0)
        let r = try wrap(c) { try me.env.step(a) }
        return c.vm.map([
          ("obs", c.vm.tensorValue(Tensor(vector: r.observation))), ("reward", .number(r.reward)),
          ("terminated", .bool(r.terminated)), ("truncated", .bool(r.truncated)),
        ])
      },
    ]
    var out: [String: ObjNative] = [:]
    for r in rows { out[r.name] = r.make(qualified: "env.\(r.name)") }
    return out
  }()
}
