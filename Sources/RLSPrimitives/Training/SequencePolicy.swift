import Foundation
import RLSNumerics

/// A small autoregressive categorical policy over a toy vocabulary: an `MLP`
/// reads one token position's features and emits the logits of the next
/// completion token.
///
/// The features of completion position `t` (the row the model reads before
/// emitting token `t`) are, concatenated:
/// - the prompt, one-hot per position (`promptLength × vocabSize`),
/// - the tokens generated so far, one-hot per position
///   (`completionLength × vocabSize`; positions `t...` are all zero),
/// - the position `t`, one-hot (`completionLength`).
///
/// The model runs on the active columns of these 0/1 rows (`OneHotNetwork`),
/// the same function as `model.forward` on the dense rows of `features`.
///
/// Sampling divides the logits by `temperature` (as TRL does for both
/// generation and the log-probabilities of the loss); greedy decoding takes
/// the first largest logit.
public final class SequencePolicy {
  /// The network: `featureSize` inputs, `vocabSize` outputs.
  public let model: MLP
  public let vocabSize: Int
  public let promptLength: Int
  public let completionLength: Int
  /// Logits are divided by it when sampling and scoring (> 0).
  public let temperature: Double
  /// Runs `model` on one-hot rows given by their active columns.
  private let network: OneHotNetwork

  /// Inputs the model reads per token.
  public var featureSize: Int { SequencePolicy.featureSize(vocabSize: vocabSize, promptLength: promptLength, completionLength: completionLength) }

  /// Inputs per token for a vocabulary and lengths.
  public static func featureSize(vocabSize: Int, promptLength: Int, completionLength: Int) -> Int {
    (promptLength + completionLength) * vocabSize + completionLength
  }

  /// A policy over an existing model, whose input and output sizes must match.
  public init(model: MLP, vocabSize: Int, promptLength: Int, completionLength: Int, temperature: Double = 1) throws {
    guard vocabSize >= 2, promptLength >= 1, completionLength >= 1 else {
      throw GRPOError("a sequence policy needs a vocabulary of at least 2 tokens and positive prompt and completion lengths")
    }
    guard temperature > 0 && temperature.isFinite else { throw GRPOError("temperature must be a positive number, got \(formatNumber(temperature))") }
    let f = SequencePolicy.featureSize(vocabSize: vocabSize, promptLength: promptLength, completionLength: completionLength)
    guard model.inputSize == f && model.outputSize == vocabSize else {
      throw GRPOError("the model maps \(model.inputSize) inputs to \(model.outputSize) outputs but the policy needs \(f) to \(vocabSize)")
    }
    self.model = model
    self.vocabSize = vocabSize
    self.promptLength = promptLength
    self.completionLength = completionLength
    self.temperature = temperature
    self.network = OneHotNetwork(model)
  }

  /// A policy with a new MLP `[featureSize, hidden..., vocabSize]` initialised from `rng` (PyTorch's default init).
  public convenience init(
    vocabSize: Int, promptLength: Int, completionLength: Int, hidden: [Int], activation: Activation = .tanh, temperature: Double = 1,
    rng: inout RNG
  ) throws {
    let f = SequencePolicy.featureSize(vocabSize: vocabSize, promptLength: promptLength, completionLength: completionLength)
    let m = try MLP(sizes: [f] + hidden + [vocabSize], activation: activation, rng: &rng)
    try self.init(model: m, vocabSize: vocabSize, promptLength: promptLength, completionLength: completionLength, temperature: temperature)
  }

  /// A copy with its own parameters.
  public func copy() -> SequencePolicy {
    // the sizes were checked when self was made
    try! SequencePolicy(
      model: model.copy(), vocabSize: vocabSize, promptLength: promptLength, completionLength: completionLength, temperature: temperature)
  }

  /// Checks `n` prompts laid end to end.
  func checkPrompts(_ prompts: [Int], count n: Int) throws {
    guard n >= 1 && prompts.count == n * promptLength else {
      throw GRPOError("expected \(n) prompts of \(promptLength) tokens (\(n * promptLength) in all), got \(prompts.count) tokens")
    }
    if let i = prompts.firstIndex(where: { $0 < 0 || $0 >= vocabSize }) {
      throw GRPOError("prompt token \(i % promptLength) of prompt \(i / promptLength) is \(prompts[i]), not a token in 0..\(vocabSize - 1)")
    }
  }

  /// Appends the active input columns of completion position `t` of one
  /// sequence (whose prompt starts at `prompt[p0]` and completion at
  /// `prefix[c0]`) to `active`.
  @inline(__always)
  func appendActive(
    _ active: inout [Int], prompt: UnsafeBufferPointer<Int>, _ p0: Int, prefix: UnsafeBufferPointer<Int>, _ c0: Int, step t: Int
  ) {
    let V = vocabSize
    for i in 0..<promptLength { active.append(i * V + prompt[p0 + i]) }
    let base = promptLength * V
    for j in 0..<t { active.append(base + j * V + prefix[c0 + j]) }
    active.append((promptLength + completionLength) * V + t)
  }

  /// The features of completion position `t` as a dense 0/1 vector (what `model` reads).
  public func features(prompt: [Int], prefix: [Int], step t: Int) throws -> [Double] {
    try checkPrompts(prompt, count: 1)
    guard t >= 0 && t < completionLength && prefix.count >= t else {
      throw GRPOError("step must be in 0..<\(completionLength) with at least that many prefix tokens")
    }
    var a: [Int] = []
    prompt.withUnsafeBufferPointer { p in prefix.withUnsafeBufferPointer { c in appendActive(&a, prompt: p, 0, prefix: c, 0, step: t) } }
    var x = [Double](repeating: 0, count: featureSize)
    for k in a { x[k] = 1 }
    return x
  }

  /// Completions for `n` prompts laid end to end (`n × promptLength`
  /// tokens): `n × completionLength` tokens, generated one position at a
  /// time for all prompts at once (one forward pass per position). Sampled
  /// tokens use one `rng.uniform()` per token, prompt by prompt within a
  /// position (inverse CDF of the tempered softmax); `greedy` takes the argmax.
  public func generate(prompts: [Int], count n: Int, greedy: Bool = false, rng: inout RNG) throws -> [Int] {
    try checkPrompts(prompts, count: n)
    let T = completionLength
    let V = vocabSize
    var out = [Int](repeating: 0, count: n * T)
    var probs = [Double](repeating: 0, count: V)
    var active: [Int] = []
    var offsets = [Int](repeating: 0, count: n + 1)
    for t in 0..<T {
      active.removeAll(keepingCapacity: true)
      prompts.withUnsafeBufferPointer { pp in
        out.withUnsafeBufferPointer { op in
          for s in 0..<n {
            appendActive(&active, prompt: pp, s * promptLength, prefix: op, s * T, step: t)
            offsets[s + 1] = active.count
          }
        }
      }
      let logits = network.forward(active: active, offsets: offsets)
      for s in 0..<n {
        let z = s * V
        var best = 0
        for j in 1..<V where logits[z + j] > logits[z + best] { best = j }
        if greedy {
          out[s * T + t] = best
          continue
        }
        let mx = logits[z + best] / temperature
        var total = 0.0
        for j in 0..<V {
          probs[j] = Foundation.exp(logits[z + j] / temperature - mx)
          total += probs[j]
        }
        let u = rng.uniform() * total
        var cum = 0.0
        var pick = V - 1
        for j in 0..<V {
          cum += probs[j]
          if u < cum {
            pick = j
            break
          }
        }
        out[s * T + t] = pick
      }
    }
    return out
  }

  /// Log-probabilities and entropies of given completions, teacher-forced in
  /// one forward pass over all `n × completionLength` positions (the model
  /// keeps its activations for `backward`).
  public struct Scores {
    /// log π(token | prompt, prefix), `n × completionLength`.
    public var logp: [Double]
    /// The entropy of π at each position, `n × completionLength`.
    public var entropy: [Double]
    /// Tempered log-softmax of every position, `(n·completionLength) × vocabSize`.
    public var logProbs: [Double]
    /// The completions scored.
    public var completions: [Int]
  }

  /// Scores `n` completions (`n × completionLength` tokens) of `n` prompts.
  public func score(prompts: [Int], completions: [Int], count n: Int) throws -> Scores {
    try checkPrompts(prompts, count: n)
    let T = completionLength
    let V = vocabSize
    guard completions.count == n * T else {
      throw GRPOError("expected \(n) completions of \(T) tokens (\(n * T) in all), got \(completions.count) tokens")
    }
    if let i = completions.firstIndex(where: { $0 < 0 || $0 >= V }) {
      throw GRPOError("completion token \(i % T) of completion \(i / T) is \(completions[i]), not a token in 0..\(V - 1)")
    }
    var active: [Int] = []
    active.reserveCapacity(n * T * (promptLength + T + 1))
    var offsets = [Int](repeating: 0, count: n * T + 1)
    prompts.withUnsafeBufferPointer { pp in
      completions.withUnsafeBufferPointer { cp in
        for s in 0..<n {
          for t in 0..<T {
            appendActive(&active, prompt: pp, s * promptLength, prefix: cp, s * T, step: t)
            offsets[s * T + t + 1] = active.count
          }
        }
      }
    }
    let logits = network.forward(active: active, offsets: offsets)
    var logProbs = [Double](repeating: 0, count: n * T * V)
    var logp = [Double](repeating: 0, count: n * T)
    var entropy = logp
    for r in 0..<(n * T) {
      var mx = -Double.infinity
      for j in 0..<V { mx = max(mx, logits[r * V + j] / temperature) }
      var s = 0.0
      for j in 0..<V { s += Foundation.exp(logits[r * V + j] / temperature - mx) }
      let lse = mx + Foundation.log(s)
      var h = 0.0
      for j in 0..<V {
        let lp = logits[r * V + j] / temperature - lse
        logProbs[r * V + j] = lp
        let p = Foundation.exp(lp)
        if p > 0 { h -= p * lp }
      }
      entropy[r] = h
      logp[r] = logProbs[r * V + completions[r]]
    }
    return Scores(logp: logp, entropy: entropy, logProbs: logProbs, completions: completions)
  }

  /// Accumulates the model's parameter gradients for a loss whose gradients
  /// with respect to the last `score`'s log-probabilities and entropies are
  /// `dLogp` and `dEntropy` (each `n × completionLength`; `dEntropy` may be
  /// nil): with `u = logits / temperature`, `∂logp/∂u = onehot − p` and
  /// `∂H/∂u = −p (log p + H)`, then `∂/∂logits = ∂/∂u / temperature`.
  /// No other forward pass of `model` may come between `score` and `backward`.
  public func backward(_ scores: Scores, dLogp: [Double], dEntropy: [Double]?) throws {
    let V = vocabSize
    let rows = scores.logp.count
    guard dLogp.count == rows, dEntropy.map({ $0.count == rows }) ?? true else {
      throw GRPOError("the gradients must have one entry per scored token (\(rows))")
    }
    var g = [Double](repeating: 0, count: rows * V)
    let invT = 1 / temperature
    for r in 0..<rows {
      let gl = dLogp[r]
      let ge = dEntropy?[r] ?? 0
      let h = scores.entropy[r]
      for j in 0..<V {
        let lp = scores.logProbs[r * V + j]
        let p = Foundation.exp(lp)
        var d = -gl * p
        if ge != 0 && p > 0 { d -= ge * p * (lp + h) }
        g[r * V + j] = d * invT
      }
      g[r * V + scores.completions[r]] += gl * invT
    }
    network.backward(g)
  }
}
