import RLSCore
import RLSNumerics
import RLSPrimitives

/// The environments the training loops accept, turned into the
/// `BatchEnvironment` / `EpisodeEnvironment` of RLSPrimitives: built-in
/// environments (copied), `env.vector(...)` objects, functions that make an
/// environment, and environments written in RLScript (a map with
/// `reset(seed = nil)` and `step(action)` functions, declaring its actions
/// with `n_actions: k` (discrete) or `action_low:`/`action_high:` vectors or
/// `action_size: d` (continuous, unbounded)).
enum TrainEnvironments {
  /// What a script environment map declares about its actions.
  static func scriptActionSpace(_ c: NativeCall, _ m: ObjMap, argument: Int) throws -> ActionSpace {
    func num(_ key: String) throws -> Double? {
      guard let v = m.get(key), !v.isNil else { return nil }
      guard case .number(let x) = v else { throw c.error("environment field \(key) must be a number, got \(v.typeName)", argument: argument) }
      return x
    }
    if let n = try num("n_actions") {
      guard n == n.rounded(), n >= 1, n <= 1_048_576 else {
        throw c.error("environment field n_actions must be a positive integer, got \(formatNumber(n))", argument: argument)
      }
      return .discrete(Int(n))
    }
    if let lo = m.get("action_low"), !lo.isNil, let hi = m.get("action_high"), !hi.isNil {
      let l = try c.vm.toTensor(lo, "action_low").storage
      let h = try c.vm.toTensor(hi, "action_high").storage
      guard l.count == h.count, !l.isEmpty, zip(l, h).allSatisfy({ $0 <= $1 }) else {
        throw c.error("environment fields action_low and action_high must be vectors of the same length with low ≤ high", argument: argument)
      }
      return .box(low: l, high: h)
    }
    if let d = try num("action_size") {
      guard d == d.rounded(), d >= 1, d <= 65536 else {
        throw c.error("environment field action_size must be a positive integer, got \(formatNumber(d))", argument: argument)
      }
      return .box(low: [Double](repeating: -.infinity, count: Int(d)), high: [Double](repeating: .infinity, count: Int(d)))
    }
    throw c.error(
      "an environment written in RLScript must declare its actions: n_actions (discrete) or action_low and action_high (or action_size) for continuous actions",
      argument: argument)
  }

  static func isScriptEnv(_ v: Value) -> Bool {
    guard let m = v.map else { return false }
    return m.get("reset") != nil && m.get("step") != nil
  }

  static func envObject(_ v: Value) -> EnvObject? {
    if case .object(let u) = v, let e = u.takeUnretainedValue() as? EnvObject { return e }
    return nil
  }

  static func nativeSpace(_ c: NativeCall, _ e: Environment, argument: Int) throws -> ActionSpace {
    guard let s = actionSpace(of: e) else { throw c.error("the training loops do not know the actions of \(e.name)", argument: argument) }
    return s
  }

  /// `n` copies of argument `i` for PPO (`n == nil`: as many as a vector has, else 4).
  static func batch(_ c: NativeCall, _ i: Int, copies n: Int, explicit: Bool, holder: ValueHolder) throws -> BatchEnvironment {
    let v = c[i]
    if let e = envObject(v) {
      guard let t = e.env as? TrainableEnvironment else {
        throw c.error(
          "\(e.env.name) cannot be copied for num_envs copies; pass a function that makes one (fn() { env.bandit(seed: 1) })", argument: i)
      }
      return try wrap(c) { try NativeBatchEnvironment(copiesOf: t, count: n) }
    }
    if case .object(let u) = v, let ve = u.takeUnretainedValue() as? VectorEnvObject {
      let envs = ve.vec.envs
      if explicit && envs.count != n { throw c.error("the vector environment has \(envs.count) copies but num_envs is \(n)", argument: i) }
      return try wrap(c) { try NativeBatchEnvironment(envs, actionSpace: try nativeSpace(c, envs[0], argument: i)) }
    }
    if case .object(let u) = v, let se = u.takeUnretainedValue() as? ScriptVectorEnvObject {
      if explicit && se.envs.count != n { throw c.error("the vector environment has \(se.envs.count) copies but num_envs is \(n)", argument: i) }
      holder.values = se.envs
      return try ScriptBatchEnvironment(c, se.envs, argument: i)
    }
    if isScriptEnv(v) {
      guard n == 1 else {
        throw c.error(
          "an environment map is one copy; pass num_envs: 1, or a function that makes a fresh environment (fn() { make_env() }) so that num_envs = \(n) copies can run",
          argument: i)
      }
      holder.values = [v]
      return try ScriptBatchEnvironment(c, [v], argument: i)
    }
    if NativeCall.isCallable(v) {
      var natives: [Environment] = []
      for k in 0..<n {
        let e = try c.vm.call(v, [])
        if isScriptEnv(e) && natives.isEmpty {
          holder.values.append(e)
          continue
        }
        guard holder.values.isEmpty, let o = envObject(e) else {
          throw c.error(
            "the make function must return an environment (built-in or a map with reset and step), got \(e.typeName) on call \(k + 1)", argument: i)
        }
        natives.append(o.env)
      }
      if !holder.values.isEmpty { return try ScriptBatchEnvironment(c, holder.values, argument: i) }
      return try wrap(c) { try NativeBatchEnvironment(natives, actionSpace: try nativeSpace(c, natives[0], argument: i)) }
    }
    throw c.error(
      "env must be an environment (env.cartpole(), a map with reset and step, env.vector or a function making one), got \(v.typeName)", argument: i)
  }

  /// Argument `i` as one environment run episode by episode.
  static func episodic(_ c: NativeCall, _ i: Int, holder: ValueHolder) throws -> EpisodeEnvironment {
    var v = c[i]
    if NativeCall.isCallable(v) && envObject(v) == nil {
      v = try c.vm.call(v, [])
      holder.values = [v]
    }
    if let e = envObject(v) { return NativeEpisodeEnvironment(e.env, actionSpace: try nativeSpace(c, e.env, argument: i)) }
    if isScriptEnv(v) {
      holder.values = [v]
      return try ScriptEpisodeEnvironment(c, v, argument: i)
    }
    throw c.error("env must be an environment (env.cartpole(), a map with reset and step, or a function making one), got \(v.typeName)", argument: i)
  }

  static func wrap<T>(_ c: NativeCall, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as EnvironmentError { throw c.error(e.message) } catch let e as ModelError { throw c.error(e.message) }
  }

  /// Calls `env.name(args)` of an environment written in RLScript, with the
  /// keyword `seed` when given (used by env.vector and every training loop).
  static func call(_ c: NativeCall, _ env: Value, _ name: String, _ args: [Value], seed: Int? = nil) throws -> Value {
    guard let f = env.map?.get(name) else { throw c.error("environment map has no \(name) function") }
    var kw: ObjMap? = nil
    if let s = seed {
      let m = c.vm.newMap()
      m.set(c.vm.string("seed"), .number(Double(s)))
      kw = m
    }
    return try c.vm.call(f, args, keywords: kw)
  }

  /// An observation returned by a script (a number or a vector).
  static func observation(_ c: NativeCall, _ v: Value, _ what: String) throws -> [Double] {
    if case .number(let x) = v { return [x] }
    guard let t = try? c.vm.toTensor(v, "obs"), t.rank <= 1 || t.rows == 1 else {
      throw c.error("\(what) must be a number or a vector, got \(v.typeName)")
    }
    return t.storage
  }

  /// The action value handed to a script's step.
  static func actionValue(_ c: NativeCall, _ space: ActionSpace, _ a: UnsafeBufferPointer<Double>) -> Value {
    if space.isDiscrete { return .number(a[0]) }
    return c.vm.tensorValue(Tensor(vector: Array(a)))
  }

  /// Reads a script step result map.
  static func stepResult(_ c: NativeCall, _ r: Value, copy i: Int?) throws -> StepResult {
    let who = i.map { "copy \($0): " } ?? ""
    guard let m = r.map else { throw c.error("\(who)step must return a map {obs, reward, terminated, truncated}, got \(r.typeName)") }
    guard case .number(let rw)? = m.get("reward") else { throw c.error("\(who)step's reward must be a number") }
    guard let o = m.get("obs") else { throw c.error("\(who)step's result has no obs") }
    let obs = try observation(c, o, "\(who)step's obs")
    return StepResult(
      observation: obs, reward: rw, terminated: m.get("terminated")?.isTruthy ?? false, truncated: m.get("truncated")?.isTruthy ?? false)
  }
}

/// Keeps the script environments a loop runs reachable by the collector
/// (pushed on `VM.tempRoots` for the duration of the call).
final class ValueHolder: NativeObject {
  var values: [Value] = []
  override func trace(_ tracer: inout Tracer) { for v in values { tracer.mark(v) } }
  override var typeName: String { "holder" }
}

/// Copies of an environment written in RLScript, stepped through the
/// scripts with the auto-reset of `env.vector` (copy `i` reset with
/// `seed + i`, later resets without a seed).
final class ScriptBatchEnvironment: BatchEnvironment {
  let call: NativeCall
  let envs: [Value]
  let actionSpace: ActionSpace
  let observationSize: Int
  var count: Int { envs.count }

  init(_ c: NativeCall, _ envs: [Value], argument: Int) throws {
    call = c
    self.envs = envs
    guard let m = envs.first?.map else { throw c.error("no environment copies", argument: argument) }
    actionSpace = try TrainEnvironments.scriptActionSpace(c, m, argument: argument)
    for e in envs.dropFirst() {
      guard let mm = e.map, try TrainEnvironments.scriptActionSpace(c, mm, argument: argument) == actionSpace else {
        throw c.error("the environment copies declare different actions", argument: argument)
      }
    }
    if case .number(let d)? = m.get("observation_size"), d == d.rounded(), d >= 1, d <= 1_048_576 {
      observationSize = Int(d)
    } else {
      // learn the size from a first reset
      observationSize = try TrainEnvironments.observation(c, try TrainEnvironments.call(c, envs[0], "reset", []), "reset's observation").count
    }
  }

  func reset(seed: Int, into observations: inout [Double]) throws {
    let d = observationSize
    observations = [Double](repeating: 0, count: envs.count * d)
    for (i, e) in envs.enumerated() {
      let o = try TrainEnvironments.observation(call, try TrainEnvironments.call(call, e, "reset", [], seed: seed + i), "reset's observation")
      guard o.count == d else { throw call.error("copy \(i): reset returned an observation of \(o.count) numbers, expected \(d)") }
      for j in 0..<d { observations[i * d + j] = o[j] }
    }
  }

  func step(
    _ actions: [Double], observations: inout [Double], rewards: inout [Double], terminated: inout [Bool], truncated: inout [Bool]
  ) throws {
    let k = actionSpace.actionSize
    let d = observationSize
    for (i, e) in envs.enumerated() {
      let a = actions.withUnsafeBufferPointer { p in
        TrainEnvironments.actionValue(call, actionSpace, UnsafeBufferPointer(rebasing: p[(i * k)..<(i * k + k)]))
      }
      call.vm.tempRoots.append(a)
      defer { call.vm.tempRoots.removeLast() }
      let r = try TrainEnvironments.stepResult(call, try TrainEnvironments.call(call, e, "step", [a]), copy: i)
      var o = r.observation
      if r.terminated || r.truncated {
        o = try TrainEnvironments.observation(call, try TrainEnvironments.call(call, e, "reset", []), "reset's observation")
      }
      guard o.count == d else { throw call.error("copy \(i) returned an observation of \(o.count) numbers, expected \(d)") }
      for j in 0..<d { observations[i * d + j] = o[j] }
      rewards[i] = r.reward
      terminated[i] = r.terminated
      truncated[i] = r.truncated
    }
  }
}

/// An environment written in RLScript run episode by episode.
final class ScriptEpisodeEnvironment: EpisodeEnvironment {
  let call: NativeCall
  let env: Value
  let actionSpace: ActionSpace

  init(_ c: NativeCall, _ env: Value, argument: Int) throws {
    call = c
    self.env = env
    actionSpace = try TrainEnvironments.scriptActionSpace(c, env.map!, argument: argument)
  }

  func reset(seed: Int) throws -> [Double] {
    try TrainEnvironments.observation(call, try TrainEnvironments.call(call, env, "reset", [], seed: seed), "reset's observation")
  }

  func step(_ action: [Double]) throws -> StepResult {
    let a = action.withUnsafeBufferPointer { TrainEnvironments.actionValue(call, actionSpace, $0) }
    call.vm.tempRoots.append(a)
    defer { call.vm.tempRoots.removeLast() }
    return try TrainEnvironments.stepResult(call, try TrainEnvironments.call(call, env, "step", [a]), copy: nil)
  }
}
