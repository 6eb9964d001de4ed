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
    Native(
      "bandit", usage: "env.bandit(n_actions:, dim_context:, reward_type:, beta:, reward_std:, seed:)",
      doc:
        "A synthetic contextual bandit after OBP's SyntheticBanditDataset (simplified): contexts x ~ N(0, I); expected reward q(x, a) = sigmoid(x·theta_a + b_a) for reward_type: \"binary\" (default; r ~ Bernoulli(q)) or x·theta_a + b_a for \"continuous\" (r = q + N(0, reward_std²), untruncated), theta, b ~ U(0, 1) drawn from seed:; behaviour policy softmax(beta·q) (beta: default 1). Defaults n_actions 10, dim_context 5. b.sample(n, seed:, eval_beta:, q_hat_noise:) → logged feedback for ope: {context, action, reward, pscore, pi_b, expected_reward, action_dist (evaluation policy softmax(eval_beta·q), default eval_beta 5), q_hat (q plus N(0, q_hat_noise²), default exact), truth (true value of action_dist)}; b.policy(context, beta:) → softmax(beta·q); b.value(action_dist, context) → true policy value. Also an environment: reset() → a context; step(action) → {obs: next context, reward, terminated: true}."
    ) { c in
      let k = try c.int(option: "n_actions", default: 10)
      let d = try c.int(option: "dim_context", default: 5)
      let kind = try c.choice(option: "reward_type", ["binary", "continuous"], default: "binary")
      let seed = try c.int(option: "seed", default: 0)
      guard seed >= 0 else { throw c.error("seed must be a non-negative integer") }
      guard k <= 1 << 16, d <= 1 << 16 else { throw c.error("n_actions and dim_context must be at most 65536") }
      let beta = try c.number(option: "beta", default: 1)
      let std = try c.number(option: "reward_std", default: 1)
      let b = try EnvObject.wrap(c) {
        try SyntheticBandit(nActions: k, dimContext: d, binary: kind == "binary", beta: beta, rewardStd: std, seed: UInt64(seed))
      }
      return Value(c.vm.heap.track(EnvObject(b, seed: UInt64(seed))))
    },
    Native(
      "dc_motor", usage: "env.dc_motor(mode:, max_episode_steps:, tau:, omega:, reference_interval:, seed:)",
      doc:
        "Current or speed control of an externally excited DC motor after gym-electric-motor (its ODEs and default parameters: r_a 16 mΩ, r_e 0.16 Ω, l_a 19 µH, l_e 5.4 mH, l_e' 1.7 mH, j_rotor 0.0025; limits 210 A, 60 V, 400 rad/s), RK4 over the sampling time tau: (default 1e-4 s). mode: \"current\" (default; omega: held constant, default 100 rad/s, tracks i_a) or \"speed\" (polynomial static load a 0.01, b 0.01, c 0, j_load 1e-5; tracks omega). Action [u_a, u_e] normalised to [-1, 1]. Observation [omega, torque, i_a, i_e, u_a, u_e, reference], normalised by the limits. Reward -|reference - tracked| (normalised); exceeding a limit terminates with reward -10. The reference is piecewise constant: a new level U(0.1, 0.8) every reference_interval: steps (default 500). Truncated after max_episode_steps (default 2000). reset(state: [omega, i_a, i_e, reference])."
    ) { c in
      let mode = try c.choice(option: "mode", ["current", "speed"], default: "current")
      let m = try EnvObject.wrap(c) {
        try DCMotor(
          mode: DCMotor.Mode(rawValue: mode)!, maxEpisodeSteps: try steps(c, default: 2000), tau: try c.number(option: "tau", default: 1e-4),
          omega: try c.number(option: "omega", default: 100), referenceInterval: try c.int(option: "reference_interval", default: 500))
      }
      return try make(c, m)
    },
    Native(
      "pi_controller", usage: "env.pi_controller(mode:, tau:, kp:, ki:, speed_kp:, speed_ki:, excitation_ref:)",
      doc:
        "A PI-controller baseline for env.dc_motor: pi(obs) → action [u_a, u_e]. A PI loop on the armature current (kp: 0.2, ki: 200 per second) gives u_a, one on the excitation current (held at excitation_ref: 0.4 of the limit) gives u_e; in mode: \"speed\" an outer PI loop on the speed (speed_kp: 4, speed_ki: 100) sets the current reference (limited to ±0.8). Integrators stop while saturated (anti-windup); tau: must match the motor's (1e-4). pi.reset() clears the integrators."
    ) { c in
      let mode = try c.choice(option: "mode", ["current", "speed"], default: "current")
      let tau = try c.number(option: "tau", default: 1e-4)
      guard tau > 0 else { throw c.error("tau must be positive") }
      let pi = PIController(
        mode: DCMotor.Mode(rawValue: mode)!, tau: tau, kp: try c.number(option: "kp", default: 0.2), ki: try c.number(option: "ki", default: 200),
        speedKp: try c.number(option: "speed_kp", default: 4), speedKi: try c.number(option: "speed_ki", default: 100),
        excitationReference: try c.number(option: "excitation_ref", default: 0.4))
      return Value(c.vm.heap.track(PIControllerObject(pi)))
    },
    Native(
      "vector", usage: "env.vector(make, n, seed:)",
      doc:
        "n copies of the environment that make() returns (called n times; e.g. env.vector(env.cartpole, 8)), stepped natively with same-step auto-reset; make may also return an environment written in RLScript (a map with reset(seed = ...) and step(action) functions returning {obs, reward, terminated, truncated}), whose copies are stepped through the scripts (copy i reset with seed + i). v.reset(seed:) → n×d observations (copy i draws from the i-th jump of the seed's stream); v.step(actions) (a vector of n actions, or n rows) → {obs (n×d, already reset where an episode ended), reward, terminated, truncated (vectors of 1/0), final_obs (n×d: the last observation of episodes that ended, zeros elsewhere)}. Fields n, observation_size."
    ) { c in
      let make = try c.callable(0, "make")
      let n = try c.int(1, "n")
      guard n >= 1 && n <= 1 << 20 else { throw c.error("n must be a positive integer, got \(n)", argument: 1) }
      let seed = try c.int(option: "seed", default: 0)
      guard seed >= 0 else { throw c.error("seed must be a non-negative integer") }
      var envs: [Environment] = []
      var scripted: [Value] = []
      let holder = ScriptVectorEnvObject(seed: seed)
      c.vm.heap.track(holder)
      // the holder traces the maps made so far while make runs again
      c.vm.tempRoots.append(Value(holder))
      defer { c.vm.tempRoots.removeLast() }
      for _ in 0..<n {
        let v = try c.vm.call(make, [])
        if let m = v.map, envs.isEmpty {
          guard m.get("reset") != nil, m.get("step") != nil else {
            throw c.error("make returned a map without reset and step functions", argument: 0)
          }
          scripted.append(v)
          holder.envs = scripted
          continue
        }
        guard scripted.isEmpty, case .object(let u) = v, let e = u.takeUnretainedValue() as? EnvObject else {
          throw c.error("make must return an environment (env.cartpole, ... or a map with reset and step), got \(v.typeName)", argument: 0)
        }
        envs.append(e.env)
      }
      if !scripted.isEmpty { return Value(holder) }
      let vec = try EnvObject.wrap(c) { try VectorEnvironment(envs, seed: UInt64(seed)) }
      return Value(c.vm.heap.track(VectorEnvObject(vec)))
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
      if env is SyntheticBandit, let m = EnvObject.banditMethods[name] {
        return Value(vm.heap.track(ObjBoundMethod(receiver: Value(self), method: m)))
      }
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

  static func bandit(_ c: NativeCall) -> SyntheticBandit { this(c).env as! SyntheticBandit }

  static func contexts(_ c: NativeCall, _ i: Int, _ b: SyntheticBandit) throws -> Tensor {
    var t = try c.tensor(i, "context")
    if t.rank == 1 { t = try Tensor(rows: 1, cols: t.count, storage: t.storage) }
    guard t.cols == b.dimContext else {
      throw c.error("context has \(t.cols) columns but the bandit has dim_context \(b.dimContext)", argument: i)
    }
    return t
  }

  static let banditMethods: [String: ObjNative] = {
    let rows: [Native] = [
      Native("sample", usage: "b.sample(n, seed:, eval_beta:, q_hat_noise:)", doc: "n rounds of logged feedback (see env.bandit).") { c in
        let b = bandit(c)
        let n = try c.int(0, "n")
        guard n >= 1 && n <= 1 << 26 else { throw c.error("n must be a positive integer, got \(n)", argument: 0) }
        let seed = try c.int(option: "seed", default: 0)
        guard seed >= 0 else { throw c.error("seed must be a non-negative integer") }
        var g = RNG(seed: UInt64(seed))
        let noise = try c.number(option: "q_hat_noise", default: 0)
        let fb = try wrap(c) { try b.sample(n, rng: &g) }
        let k = b.nActions
        let dist = b.softmaxPolicy(fb.expectedReward, rows: n, beta: try c.number(option: "eval_beta", default: 5))
        let qhat = noise == 0 ? fb.expectedReward : fb.expectedReward.map { $0 + noise * g.normal() }
        let truth = try wrap(c) { try b.policyValue(actionDist: dist, contexts: fb.context, rows: n) }
        let vm = c.vm
        func mat(_ a: [Double], _ cols: Int) throws -> Value { vm.tensorValue(try Tensor(rows: n, cols: cols, storage: a)) }
        return vm.map([
          ("context", try mat(fb.context, b.dimContext)), ("action", vm.tensorValue(Tensor(vector: fb.action))),
          ("reward", vm.tensorValue(Tensor(vector: fb.reward))), ("pscore", vm.tensorValue(Tensor(vector: fb.pscore))),
          ("pi_b", try mat(fb.piB, k)), ("expected_reward", try mat(fb.expectedReward, k)),
          ("action_dist", try mat(dist, k)), ("q_hat", try mat(qhat, k)), ("truth", .number(truth)),
        ])
      },
      Native("policy", usage: "b.policy(context, beta:)", doc: "softmax(beta·q(x, ·)) for each context row (beta default 1).") { c in
        let b = bandit(c)
        let x = try contexts(c, 0, b)
        let q = b.expectedReward(x.storage, rows: x.rows)
        let p = b.softmaxPolicy(q, rows: x.rows, beta: try c.number(option: "beta", default: 1))
        return c.vm.tensorValue(try Tensor(rows: x.rows, cols: b.nActions, storage: p))
      },
      Native("value", usage: "b.value(action_dist, context)", doc: "The true value of a policy: mean over rows of sum_a action_dist[i, a]·q(x_i, a).")
      { c in
        let b = bandit(c)
        let x = try contexts(c, 1, b)
        let dist = try c.tensor(0, "action_dist")
        guard dist.rank == 2, dist.rows == x.rows, dist.cols == b.nActions else {
          throw c.error("action_dist must be \(x.rows)×\(b.nActions), got shape \(dist.shape)", argument: 0)
        }
        return .number(try wrap(c) { try b.policyValue(actionDist: dist.storage, contexts: x.storage, rows: x.rows) })
      },
    ]
    var out: [String: ObjNative] = [:]
    for r in rows { out[r.name] = r.make(qualified: "env.\(r.name)") }
    return out
  }()

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
      Native(
        "rollout", usage: "e.rollout(actions)",
        doc:
          "Steps natively through a list or vector of actions (rows for vector actions), resetting from the environment's generator when an episode ends; returns {obs (T×d, the observation after each step, before any reset), reward, terminated, truncated (vectors of 1/0)}."
      ) { c in
        let me = this(c)
        let t = try c.tensor(0, "actions")
        let rows = t.rank == 1 ? t.count : t.rows
        let k = t.rank == 1 ? 1 : t.cols
        let d = me.env.observationSize
        var obs = [Double](repeating: 0, count: rows * d)
        var rew = [Double](repeating: 0, count: rows)
        var term = rew
        var trunc = rew
        let env = me.env
        try t.withUnsafeBufferPointer { ap in
          try obs.withUnsafeMutableBufferPointer { op in
            for i in 0..<rows {
              if i & 4095 == 4095 { try Interrupt.poll(i) }
              let a = UnsafeBufferPointer(rebasing: ap[(i * k)..<(i * k + k)])
              let r = try wrap(c) { try env.step(a, into: op.baseAddress! + i * d) }
              rew[i] = r.reward
              term[i] = r.terminated ? 1 : 0
              trunc[i] = r.truncated ? 1 : 0
              if r.terminated || r.truncated { _ = env.reset(rng: &me.rng) }
            }
          }
        }
        return c.vm.map([
          ("obs", c.vm.tensorValue(try Tensor(rows: rows, cols: d, storage: obs))), ("reward", c.vm.tensorValue(Tensor(vector: rew))),
          ("terminated", c.vm.tensorValue(Tensor(vector: term))), ("truncated", c.vm.tensorValue(Tensor(vector: trunc))),
        ])
      },
    ]
    var out: [String: ObjNative] = [:]
    for r in rows { out[r.name] = r.make(qualified: "env.\(r.name)") }
    return out
  }()
}

/// A vector of environment copies (`env.vector`).
final class VectorEnvObject: NativeObject {
  let vec: VectorEnvironment

  init(_ vec: VectorEnvironment) {
    self.vec = vec
    super.init()
  }

  override var typeName: String { "vector_env" }
  override var fieldNames: [String] { ["n", "observation_size", "reset", "step"] }
  override func describe(vm: VM) -> String { "<vector_env \(vec.count)×\(vec.envs[0].name)>" }

  override func field(_ name: String, vm: VM) throws -> Value? {
    switch name {
    case "n": return .number(Double(vec.count))
    case "observation_size": return .number(Double(vec.observationSize))
    default:
      guard let m = VectorEnvObject.methods[name] else { return nil }
      return Value(vm.heap.track(ObjBoundMethod(receiver: Value(self), method: m)))
    }
  }

  static func this(_ c: NativeCall) -> VectorEnvObject { unsafeDowncast(c.receiver!.object!, to: VectorEnvObject.self) }

  static let methods: [String: ObjNative] = {
    let rows: [Native] = [
      Native("reset", usage: "v.reset(seed:)", doc: "Resets every copy; returns the n×d observations.") { c in
        let v = this(c).vec
        var seed: UInt64? = nil
        if c.option("seed") != nil {
          let s = try c.int(option: "seed", default: 0)
          guard s >= 0 else { throw c.error("seed must be a non-negative integer") }
          seed = UInt64(s)
        }
        return c.vm.tensorValue(try Tensor(rows: v.count, cols: v.observationSize, storage: v.reset(seed: seed)))
      },
      Native("step", usage: "v.step(actions)", doc: "Steps every copy; returns {obs, reward, terminated, truncated, final_obs}.") { c in
        let v = this(c).vec
        let t = try c.tensor(0, "actions")
        let rows = t.rank == 1 ? t.count : t.rows
        guard rows == v.count else { throw c.error("expected \(v.count) actions (one per copy), got \(rows)", argument: 0) }
        let k = t.rank == 1 ? 1 : t.cols
        let acts = (0..<rows).map { i in Array(t.storage[(i * k)..<(i * k + k)]) }
        let s = try EnvObject.wrap(c) { try v.step(acts) }
        let d = v.observationSize
        return c.vm.map([
          ("obs", c.vm.tensorValue(try Tensor(rows: rows, cols: d, storage: s.observations))),
          ("reward", c.vm.tensorValue(Tensor(vector: s.rewards))),
          ("terminated", c.vm.tensorValue(Tensor(vector: s.terminated.map { $0 ? 1 : 0 }))),
          ("truncated", c.vm.tensorValue(Tensor(vector: s.truncated.map { $0 ? 1 : 0 }))),
          ("final_obs", c.vm.tensorValue(try Tensor(rows: rows, cols: d, storage: s.finalObservations))),
        ])
      },
    ]
    var out: [String: ObjNative] = [:]
    for r in rows { out[r.name] = r.make(qualified: "vector_env.\(r.name)") }
    return out
  }()
}

/// The PI-controller baseline (`env.pi_controller`): callable on an observation.
final class PIControllerObject: NativeObject {
  let pi: PIController

  init(_ pi: PIController) {
    self.pi = pi
    super.init()
  }

  override var typeName: String { "controller" }
  override var fieldNames: [String] { ["mode", "reset"] }
  override func describe(vm: VM) -> String { "<pi_controller \(pi.mode.rawValue)>" }

  override func field(_ name: String, vm: VM) throws -> Value? {
    switch name {
    case "mode": return vm.string(pi.mode.rawValue)
    case "reset": return Value(vm.heap.track(ObjBoundMethod(receiver: Value(self), method: PIControllerObject.resetMethod)))
    default: return nil
    }
  }

  override var callMethod: ObjNative? { PIControllerObject.call }

  static func this(_ c: NativeCall) -> PIControllerObject { unsafeDowncast(c.receiver!.object!, to: PIControllerObject.self) }

  static let call = Native("action", usage: "pi(obs)", doc: "The action [u_a, u_e] for a DC-motor observation.") { c in
    let obs = try c.vector(0, "obs")
    return c.vm.tensorValue(Tensor(vector: try EnvObject.wrap(c) { try this(c).pi.action(obs.storage) }))
  }.make(qualified: "controller")

  static let resetMethod = Native("reset", usage: "pi.reset()", doc: "Clears the integrators.") { c in
    this(c).pi.reset()
    return .null
  }.make(qualified: "controller.reset")
}

/// Copies of an environment written in RLScript (a map with `reset` and
/// `step` functions), with the same interface and auto-reset as `env.vector`
/// over native environments; each step calls back into the scripts.
final class ScriptVectorEnvObject: NativeObject {
  var envs: [Value] = []
  let seed: Int

  init(seed: Int) {
    self.seed = seed
    super.init()
  }

  override func trace(_ tracer: inout Tracer) { for e in envs { tracer.mark(e) } }
  override var typeName: String { "vector_env" }
  override var fieldNames: [String] { ["n", "reset", "step"] }
  override func describe(vm: VM) -> String { "<vector_env \(envs.count)×script>" }

  override func field(_ name: String, vm: VM) throws -> Value? {
    switch name {
    case "n": return .number(Double(envs.count))
    default:
      guard let m = ScriptVectorEnvObject.methods[name] else { return nil }
      return Value(vm.heap.track(ObjBoundMethod(receiver: Value(self), method: m)))
    }
  }

  static func this(_ c: NativeCall) -> ScriptVectorEnvObject {
    unsafeDowncast(c.receiver!.object!, to: ScriptVectorEnvObject.self)
  }

  static func rows(_ c: NativeCall, _ obs: [Value]) throws -> Tensor {
    var out: [Double] = []
    var d = -1
    for (i, o) in obs.enumerated() {
      let t = try c.vm.toTensor(o, "obs")
      if d < 0 { d = t.count } else if t.count != d { throw c.error("copy \(i) returned an observation of \(t.count) numbers, copy 0 of \(d)") }
      out += t.storage
    }
    return try Tensor(rows: obs.count, cols: max(d, 0), storage: out)
  }

  static let methods: [String: ObjNative] = {
    let rows: [Native] = [
      Native("reset", usage: "v.reset(seed:)", doc: "Resets every copy (copy i with seed + i when seed: is given); returns the n×d observations.") {
        c in
        let me = this(c)
        let seed = c.option("seed") == nil ? nil : try c.int(option: "seed", default: 0)
        var obs: [Value] = []
        let base = c.vm.tempRoots.count
        defer { c.vm.tempRoots.removeSubrange(base...) }
        for (i, e) in me.envs.enumerated() {
          obs.append(try TrainEnvironments.call(c, e, "reset", [], seed: seed.map { $0 + i }))
          c.vm.tempRoots.append(obs[obs.count - 1])
        }
        return c.vm.tensorValue(try ScriptVectorEnvObject.rows(c, obs))
      },
      Native("step", usage: "v.step(actions)", doc: "Steps every copy; returns {obs, reward, terminated, truncated, final_obs}.") { c in
        let me = this(c)
        let t = try c.tensor(0, "actions")
        let n = me.envs.count
        let count = t.rank == 1 ? t.count : t.rows
        guard count == n else { throw c.error("expected \(n) actions (one per copy), got \(count)", argument: 0) }
        var obs: [Value] = []
        var finals: [Value] = []
        var rew: [Double] = []
        var term: [Double] = []
        var trunc: [Double] = []
        // results made by the scripts stay rooted while later copies run
        let base = c.vm.tempRoots.count
        defer { c.vm.tempRoots.removeSubrange(base...) }
        for (i, e) in me.envs.enumerated() {
          let a: Value = t.rank == 1 ? .number(t.storage[i]) : c.vm.tensorValue(Tensor(vector: Array(t.storage[(i * t.cols)..<((i + 1) * t.cols)])))
          let r = try TrainEnvironments.call(c, e, "step", [a])
          c.vm.tempRoots.append(r)
          guard let m = r.map else { throw c.error("copy \(i): step must return a map {obs, reward, terminated, truncated}, got \(r.typeName)") }
          guard case .number(let rw)? = m.get("reward") else { throw c.error("copy \(i): step's reward must be a number") }
          let done1 = m.get("terminated")?.isTruthy ?? false
          let done2 = m.get("truncated")?.isTruthy ?? false
          rew.append(rw)
          term.append(done1 ? 1 : 0)
          trunc.append(done2 ? 1 : 0)
          let o = m.get("obs") ?? .null
          if done1 || done2 {
            finals.append(o)
            obs.append(try TrainEnvironments.call(c, e, "reset", []))
            c.vm.tempRoots.append(obs[obs.count - 1])
          } else {
            finals.append(.null)
            obs.append(o)
          }
        }
        let ot = try ScriptVectorEnvObject.rows(c, obs)
        var fin = [Double](repeating: 0, count: ot.count)
        for (i, f) in finals.enumerated() where !f.isNil {
          let ft = try c.vm.toTensor(f, "obs")
          guard ft.count == ot.cols else { throw c.error("copy \(i) returned an observation of \(ft.count) numbers, expected \(ot.cols)") }
          for j in 0..<ot.cols { fin[i * ot.cols + j] = ft.storage[j] }
        }
        return c.vm.map([
          ("obs", c.vm.tensorValue(ot)), ("reward", c.vm.tensorValue(Tensor(vector: rew))),
          ("terminated", c.vm.tensorValue(Tensor(vector: term))), ("truncated", c.vm.tensorValue(Tensor(vector: trunc))),
          ("final_obs", c.vm.tensorValue(try Tensor(rows: n, cols: ot.cols, storage: fin))),
        ])
      },
    ]
    var out: [String: ObjNative] = [:]
    for r in rows { out[r.name] = r.make(qualified: "vector_env.\(r.name)") }
    return out
  }()
}
