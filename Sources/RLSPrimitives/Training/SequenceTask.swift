import RLSNumerics

/// Why a sequence task, policy or GRPO run refused its input.
public struct GRPOError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// A verifiable-reward sequence task: random prompts of `promptLength`
/// tokens, completions of `completionLength` tokens, every token in
/// `0..<vocabSize`, and a verifier that scores a completion against its
/// prompt from the task's exact answer.
///
/// Built-in tasks (tokens are digits in base `vocabSize`):
/// - `sort`: the prompt is `length` uniform random digits; the answer is the
///   same digits in ascending order.
/// - `sum`: the prompt is two `length`-digit numbers (most significant digit
///   first, zero-padded), one after the other; the answer is the `length + 1`
///   digits of their sum, most significant first, zero-padded.
///
/// Reward: with `partialCredit` (the default) the fraction of positions where
/// the completion equals the answer, so 1 exactly when the completion is
/// correct. From a random policy an exact answer is about `vocabSize^-length`
/// likely, so a 0/1 reward gives every group of completions the same reward
/// and GRPO's group-normalised advantage is 0: nothing to learn from. The
/// per-position credit keeps the groups' rewards apart from the first
/// iteration. Without `partialCredit` the reward is 1 for an exact answer and
/// 0 otherwise.
public struct SequenceTask: Sendable {
  /// The built-in task kinds.
  public enum Kind: String, CaseIterable, Sendable {
    case sort, sum
  }

  public let kind: Kind
  /// The number of digits: of the prompt (sort) or of each addend (sum).
  public let length: Int
  /// The vocabulary size (the digits' base).
  public let vocabSize: Int
  /// Score per position (true) or all-or-nothing (false).
  public let partialCredit: Bool

  /// Tokens in a prompt.
  public var promptLength: Int { kind == .sort ? length : 2 * length }
  /// Tokens in a completion.
  public var completionLength: Int { kind == .sort ? length : length + 1 }

  /// A task; `length` is 1...16 for sort and 1...8 for sum, `vocabSize` 2...64.
  public init(kind: Kind, length: Int, vocabSize: Int = 10, partialCredit: Bool = true) throws {
    let maxLength = kind == .sort ? 16 : 8
    guard length >= 1 && length <= maxLength else {
      throw GRPOError("length must be an integer in 1...\(maxLength) for the \(kind.rawValue) task, got \(length)")
    }
    guard vocabSize >= 2 && vocabSize <= 64 else { throw GRPOError("vocab must be an integer in 2...64, got \(vocabSize)") }
    self.kind = kind
    self.length = length
    self.vocabSize = vocabSize
    self.partialCredit = partialCredit
  }

  /// The default length of a task kind: 6 digits to sort, 2-digit addends.
  public static func defaultLength(_ kind: Kind) -> Int { kind == .sort ? 6 : 2 }

  /// One random prompt (each digit uniform, `rng.integer(lo: 0, hi: vocabSize)`, drawn in order).
  public func samplePrompt(_ rng: inout RNG) -> [Int] {
    (0..<promptLength).map { _ in (try? rng.integer(lo: 0, hi: vocabSize)) ?? 0 }
  }

  /// The exact answer to `prompt` (which must have `promptLength` digits).
  public func answer(_ prompt: [Int]) -> [Int] {
    switch kind {
    case .sort:
      return prompt.sorted()
    case .sum:
      // add from the least significant digit, carrying
      var out = [Int](repeating: 0, count: length + 1)
      var carry = 0
      for i in stride(from: length - 1, through: 0, by: -1) {
        let s = prompt[i] + prompt[length + i] + carry
        out[i + 1] = s % vocabSize
        carry = s / vocabSize
      }
      out[0] = carry
      return out
    }
  }

  /// The verifier: the reward of `completion` for `prompt` (see the type's doc);
  /// a completion of the wrong length scores 0.
  public func reward(prompt: [Int], completion: [Int]) throws -> Double {
    guard prompt.count == promptLength else {
      throw GRPOError("the prompt has \(prompt.count) tokens but the \(kind.rawValue) task's prompts have \(promptLength)")
    }
    if let i = prompt.firstIndex(where: { $0 < 0 || $0 >= vocabSize }) {
      throw GRPOError("prompt[\(i)] = \(prompt[i]) is not a token in 0..\(vocabSize - 1)")
    }
    let a = answer(prompt)
    guard completion.count == a.count else { return 0 }
    var right = 0
    for i in 0..<a.count where completion[i] == a[i] { right += 1 }
    if partialCredit { return Double(right) / Double(a.count) }
    return right == a.count ? 1 : 0
  }
}
