import Foundation

/// The result of `TextBLEU.corpus`, as sacrebleu's `BLEUScore`.
public struct TextBLEUScore: Sendable, Equatable {
  /// BLEU in [0, 100].
  public var score: Double
  /// The n-gram precisions in percent (orders 1…4), after smoothing.
  public var precisions: [Double]
  /// The brevity penalty.
  public var bp: Double
  /// Total hypothesis length in tokens.
  public var sysLen: Int
  /// Total closest-reference length in tokens.
  public var refLen: Int
  /// Matching n-grams per order (before smoothing).
  public var counts: [Int]
  /// Hypothesis n-grams per order.
  public var totals: [Int]
}

/// Corpus BLEU on detokenized text, as sacrebleu's `corpus_bleu` computes it
/// (sacrebleu 2.x defaults): the `13a` tokenizer, n-grams up to 4, `exp`
/// smoothing, no effective order; statistics summed over segments before
/// the precisions are taken.
public enum TextBLEU {
  /// The tokenizers: sacrebleu's `13a` (default) and `none` (split on
  /// whitespace only).
  public enum Tokenizer: String, CaseIterable, Sendable {
    case thirteenA = "13a"
    case none
  }

  /// sacrebleu's smoothing methods (Chen and Cherry, 2014).
  public enum Smoothing: String, CaseIterable, Sendable {
    /// NIST geometric smoothing (sacrebleu's default).
    case exp
    /// Zero counts become `smoothValue` (default 0.1).
    case floor
    /// Add `smoothValue` (default 1) to the counts of orders ≥ 2.
    case addK = "add-k"
    /// No smoothing.
    case none
  }

  /// The corpus BLEU of `hypotheses` against `referenceStreams`: each
  /// stream holds one reference per hypothesis (`nil` where a segment has
  /// fewer references, as sacrebleu allows). Throws when there are no
  /// hypotheses or streams, a stream's length differs from the number of
  /// hypotheses, or a segment has no reference at all.
  public static func corpus(
    hypotheses: [String], referenceStreams: [[String?]], lowercase: Bool = false,
    tokenizer: Tokenizer = .thirteenA, smoothing: Smoothing = .exp, smoothValue: Double? = nil, maxOrder: Int = 4,
    shouldStop: (() -> Bool)? = nil
  ) throws -> TextBLEUScore {
    guard maxOrder >= 1 else { throw MetricError("the n-gram order must be at least 1, got \(maxOrder)") }
    let corpus = try TextCorpus(hypotheses: hypotheses, referenceStreams: referenceStreams)
    var interner = TokenInterner()
    var hyps = TokenSequences()
    var refs = ReferenceSets()
    func tokens(_ line: String) -> [Int] {
      var cps = PythonText.codePoints(line)
      if lowercase { cps = PythonText.lower(cps) }
      cps = PythonText.rstrip(cps)
      let words = tokenizer == .thirteenA ? Tokenizer13a.tokenize(codePoints: cps) : PythonText.split(cps)
      return interner.ids(words)
    }
    for (i, h) in hypotheses.enumerated() {
      if i & 255 == 255, let shouldStop, shouldStop() { throw MetricInterrupted() }
      hyps.append(tokens(h))
      for r in corpus.references(i) { refs.append(tokens(r)) }
      refs.closeGroup()
    }
    var correct = [Int](repeating: 0, count: maxOrder)
    var total = [Int](repeating: 0, count: maxOrder)
    var sysLen = 0
    var refLen = 0
    MatcherPool.shared.with { matcher in
      matcher.useTokenRange(hyps.denseRange)
      for i in 0..<hyps.count {
        // sacrebleu's closest length breaks ties towards the shorter
        // reference, as NLTK's does.
        let closest = BLEU.match(matcher, hyps, refs, i, maxOrder)
        let length = hyps.length(i)
        for n in 0..<maxOrder {
          correct[n] += matcher.clipped[n]
          total[n] += NGramMatcher.ngramCount(length, n + 1)
        }
        sysLen += length
        refLen += closest
      }
    }
    return compute(
      correct: correct, total: total, sysLen: sysLen, refLen: refLen, smoothing: smoothing, smoothValue: smoothValue)
  }

  /// sacrebleu's `BLEU.compute_bleu` from summed statistics.
  static func compute(
    correct counts: [Int], total totals: [Int], sysLen: Int, refLen: Int, smoothing: Smoothing, smoothValue: Double?
  ) -> TextBLEUScore {
    let order = counts.count
    var bp = 1.0
    if sysLen < refLen { bp = sysLen > 0 ? Foundation.exp(1 - Double(refLen) / Double(sysLen)) : 0 }
    var precisions = [Double](repeating: 0, count: order)
    var result = TextBLEUScore(
      score: 0, precisions: precisions, bp: bp, sysLen: sysLen, refLen: refLen, counts: counts, totals: totals)
    if counts.allSatisfy({ $0 == 0 }) { return result }
    let value = smoothValue ?? (smoothing == .floor ? 0.1 : 1)
    var correct = counts.map(Double.init)
    var total = totals.map(Double.init)
    var mteval = 1.0
    for n in 0..<order {
      if smoothing == .addK && n > 0 {
        correct[n] += value
        total[n] += value
      }
      if total[n] == 0 { break }
      if correct[n] == 0 {
        if smoothing == .exp {
          mteval *= 2
          precisions[n] = 100 / (mteval * total[n])
        } else if smoothing == .floor {
          precisions[n] = 100 * value / total[n]
        }
      } else {
        precisions[n] = 100 * correct[n] / total[n]
      }
    }
    // sacrebleu's my_log: log(0) is -9999999999.
    var sum = 0.0
    for p in precisions { sum += p == 0 ? -9_999_999_999 : Foundation.log(p) }
    result.score = bp * Foundation.exp(sum / Double(order))
    result.precisions = precisions
    return result
  }
}

/// Hypotheses and reference streams checked for the text metrics.
struct TextCorpus {
  let referenceStreams: [[String?]]

  init(hypotheses: [String], referenceStreams: [[String?]]) throws {
    guard !hypotheses.isEmpty else { throw MetricError("hyps is empty (at least one hypothesis is needed)") }
    guard !referenceStreams.isEmpty else { throw MetricError("ref_streams is empty (at least one stream is needed)") }
    for (s, stream) in referenceStreams.enumerated() where stream.count != hypotheses.count {
      let h = hypotheses.count == 1 ? "is 1 hypothesis" : "are \(hypotheses.count) hypotheses"
      throw MetricError("ref_streams[\(s)] has \(stream.count) entries but there \(h)")
    }
    for i in 0..<hypotheses.count where !referenceStreams.contains(where: { $0[i] != nil }) {
      throw MetricError("hypothesis \(i) has no reference (every stream has nil there)")
    }
    self.referenceStreams = referenceStreams
  }

  /// The references of segment `i`, skipping `nil`s, in stream order.
  func references(_ i: Int) -> [String] { referenceStreams.compactMap { $0[i] } }
}
