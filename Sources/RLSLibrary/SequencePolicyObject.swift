import RLSCore
import RLSNumerics
import RLSPrimitives

/// The policy `train.grpo` returns: generates completions of a task's
/// prompts; its MLP is `policy.model` (the same parameters, not a copy).
final class SequencePolicyObject: NativeObject {
  let policy: SequencePolicy
  let task: SequenceTask

  init(_ policy: SequencePolicy, task: SequenceTask) {
    self.policy = policy
    self.task = task
    super.init()
  }

  override var typeName: String { "sequence_policy" }
  override var fieldNames: [String] {
    ["model", "task", "vocab", "prompt_length", "completion_length", "temperature"] + SequencePolicyObject.methods.keys.sorted()
  }
  override func describe(vm: VM) -> String {
    "<sequence_policy \(task.kind.rawValue) \(policy.model.sizes.map(String.init).joined(separator: "-"))>"
  }
  override var byteSize: Int { 64 + policy.model.params.reduce(0) { $0 + $1.count } * 16 }

  override func field(_ name: String, vm: VM) throws -> Value? {
    switch name {
    case "model": return Value(vm.heap.track(ModelObject(policy.model)))
    case "task": return vm.string(task.kind.rawValue)
    case "vocab": return .number(Double(policy.vocabSize))
    case "prompt_length": return .number(Double(policy.promptLength))
    case "completion_length": return .number(Double(policy.completionLength))
    case "temperature": return .number(policy.temperature)
    default:
      guard let m = SequencePolicyObject.methods[name] else { return nil }
      return Value(vm.heap.track(ObjBoundMethod(receiver: Value(self), method: m)))
    }
  }

  static func this(_ c: NativeCall) -> SequencePolicyObject { unsafeDowncast(c.receiver!.object!, to: SequencePolicyObject.self) }

  /// Argument `i` as `count` tokens of the vocabulary (a list of numbers or a vector).
  static func tokens(_ c: NativeCall, _ i: Int, _ name: String, count: Int, vocab: Int) throws -> [Int] {
    let t = try c.tensor(i, name)
    guard t.rank == 1 && t.count == count else {
      throw c.error("\(name) must be a list of \(count) tokens, got \(t.rank == 1 ? "\(t.count)" : "a tensor of shape \(t.shape)")", argument: i)
    }
    return try t.storage.enumerated().map { j, d in
      guard d == d.rounded(), d >= 0, d < Double(vocab) else {
        throw c.error("\(name)[\(j)] = \(formatNumber(d)) is not a token in 0..\(vocab - 1)", argument: i)
      }
      return Int(d)
    }
  }

  static func list(_ vm: VM, _ xs: ArraySlice<Int>) -> Value { vm.list(xs.map { .number(Double($0)) }) }

  static func rng(_ c: NativeCall) throws -> RNG { RNG(seed: try GRPONatives.seed(c, "seed", default: 0)) }

  static let methods: [String: ObjNative] = {
    let rows: [Native] = [
      Native(
        "generate", usage: "policy.generate(prompt, greedy:, seed:)",
        doc:
          "A completion of prompt (a list of prompt_length tokens) as a list of tokens: greedy (default true: the likeliest token at each position) or sampled at the policy's temperature from seed: (default 0)."
      ) { c in
        let o = this(c)
        let p = try tokens(c, 0, "prompt", count: o.policy.promptLength, vocab: o.policy.vocabSize)
        var r = try rng(c)
        let greedy = try c.bool(option: "greedy", default: true)
        let out = try GRPONatives.wrap(c) { try o.policy.generate(prompts: p, count: 1, greedy: greedy, rng: &r) }
        return list(c.vm, out[...])
      },
      Native(
        "sample", usage: "policy.sample(prompt, n, seed:)",
        doc: "n completions of prompt sampled at the policy's temperature from seed: (default 0), as a list of token lists."
      ) { c in
        let o = this(c)
        let p = try tokens(c, 0, "prompt", count: o.policy.promptLength, vocab: o.policy.vocabSize)
        let n = try c.int(1, "n")
        guard n >= 1 && n <= 1 << 20 else { throw c.error("n must be a positive integer, got \(n)", argument: 1) }
        var r = try rng(c)
        let prompts = Array((0..<n).map { _ in p }.joined())
        let out = try GRPONatives.wrap(c) { try o.policy.generate(prompts: prompts, count: n, rng: &r) }
        let T = o.policy.completionLength
        return c.vm.list((0..<n).map { list(c.vm, out[($0 * T)..<(($0 + 1) * T)]) })
      },
      Native("prompts", usage: "policy.prompts(n, seed:)", doc: "n random prompts of the task (lists of tokens) drawn from seed: (default 0).") { c in
        let o = this(c)
        let n = try c.int(0, "n")
        guard n >= 1 && n <= 1 << 20 else { throw c.error("n must be a positive integer, got \(n)", argument: 0) }
        var r = try rng(c)
        return c.vm.list((0..<n).map { _ in list(c.vm, o.task.samplePrompt(&r)[...]) })
      },
      Native("answer", usage: "policy.answer(prompt)", doc: "The task's exact answer to prompt, as a list of tokens.") { c in
        let o = this(c)
        let p = try tokens(c, 0, "prompt", count: o.task.promptLength, vocab: o.task.vocabSize)
        return list(c.vm, o.task.answer(p)[...])
      },
      Native(
        "reward", usage: "policy.reward(prompt, completion)",
        doc:
          "The task's verifier: the reward of completion (a list of tokens) for prompt (see train.grpo's partial:); a completion of the wrong length scores 0."
      ) { c in
        let o = this(c)
        let p = try tokens(c, 0, "prompt", count: o.task.promptLength, vocab: o.task.vocabSize)
        let comp = try c.tensor(1, "completion")
        guard comp.rank == 1 else { throw c.error("completion must be a list of tokens", argument: 1) }
        // a token that is not a whole number in range simply does not match
        let tk = comp.storage.map { d in d == d.rounded() && abs(d) < 1e9 ? Int(d) : -1 }
        return .number(try GRPONatives.wrap(c) { try o.task.reward(prompt: p, completion: tk) })
      },
      Native(
        "evaluate", usage: "policy.evaluate(n:, seed:, greedy:)",
        doc:
          "The task verifier's mean reward and accuracy (fraction exactly right) of the policy's completions of n: (default 500) random prompts drawn from seed: (default 0), greedy (default true) or sampled: {reward, accuracy}."
      ) { c in
        let o = this(c)
        let n = try c.int(option: "n", default: 500)
        guard n >= 1 && n <= 1 << 20 else { throw c.error("n must be a positive integer, got \(n)") }
        var r = try rng(c)
        let greedy = try c.bool(option: "greedy", default: true)
        let prompts = (0..<n).flatMap { _ in o.task.samplePrompt(&r) }
        let out = try GRPONatives.wrap(c) { try o.policy.generate(prompts: prompts, count: n, greedy: greedy, rng: &r) }
        let (P, T) = (o.task.promptLength, o.task.completionLength)
        var total = 0.0
        var right = 0
        for i in 0..<n {
          let x = try GRPONatives.wrap(c) {
            try o.task.reward(prompt: Array(prompts[(i * P)..<((i + 1) * P)]), completion: Array(out[(i * T)..<((i + 1) * T)]))
          }
          total += x
          if x >= 1 { right += 1 }
        }
        return c.vm.map([("reward", .number(total / Double(n))), ("accuracy", .number(Double(right) / Double(n)))])
      },
    ]
    var out: [String: ObjNative] = [:]
    for r in rows { out[r.name] = r.make(qualified: "policy.\(r.name)") }
    return out
  }()
}
