/// BLEU on integer token ids, as NLTK's `sentence_bleu` and `corpus_bleu`
/// compute it: modified (clipped) n-gram precisions of orders 1…`maxOrder`
/// with uniform weights, NLTK's smoothing methods, and the brevity penalty
/// against the closest reference length (ties go to the shorter reference).
///
/// An empty candidate scores 0, as in NLTK; a candidate without references
/// is an error (NLTK fails there too). `batch` scores many sentences at
/// once on all cores (see `BLEU.batch`).
public enum BLEU {
  /// The BLEU score of one candidate against its references
  /// (`nltk.translate.bleu_score.sentence_bleu`).
  public static func sentence(
    candidate: [Int], references: [[Int]], maxOrder: Int = 4, smoothing: BLEUSmoothing = .none
  ) throws -> Double {
    try corpus(
      candidates: TokenSequences([candidate]), references: ReferenceSets([references]),
      maxOrder: maxOrder, smoothing: smoothing)
  }

  /// The corpus BLEU score (`corpus_bleu`): matches and n-gram counts summed
  /// over sentences before dividing, lengths summed for the brevity penalty.
  /// As in NLTK, `method5`–`method7` use the last sentence for the parts
  /// that need a single hypothesis. No sentences score 0, as in NLTK.
  public static func corpus(
    candidates: TokenSequences, references: ReferenceSets, maxOrder: Int = 4, smoothing: BLEUSmoothing = .none,
    shouldStop: (() -> Bool)? = nil
  ) throws -> Double {
    try validate(candidates: candidates, references: references, maxOrder: maxOrder)
    let orders = countedOrders(maxOrder, smoothing)
    var numerators = [Int](repeating: 0, count: orders)
    var denominators = [Int](repeating: 0, count: orders)
    var hypothesisLength = 0
    var referenceLength = 0
    let last = try MatcherPool.shared.with { matcher in
      matcher.useTokenRange(candidates.denseRange)
      for i in 0..<candidates.count {
        if i & 255 == 255, let shouldStop, shouldStop() { throw MetricInterrupted() }
        let closest = match(matcher, candidates, references, i, orders)
        for n in 0..<orders {
          numerators[n] += matcher.clipped[n]
          denominators[n] += max(1, NGramMatcher.ngramCount(matcher.candidateLength, n + 1))
        }
        hypothesisLength += matcher.candidateLength
        referenceLength += closest
      }
      return candidates.count > 0 ? lastSentence(matcher) : (0, (0, 1))
    }
    var scorer = BLEUScorer(maxOrder: maxOrder, smoothing: smoothing)
    return try numerators.withUnsafeBufferPointer { num in
      try denominators.withUnsafeBufferPointer { den in
        try scorer.score(
          numerators: num.baseAddress!, denominators: den.baseAddress!,
          hypothesisLength: hypothesisLength, referenceLength: referenceLength,
          lastLength: last.0, lastFive: last.1)
      }
    }
  }

  /// Throws for an order below 1, a count mismatch or a candidate without
  /// references.
  static func validate(candidates: TokenSequences, references: ReferenceSets, maxOrder: Int) throws {
    guard maxOrder >= 1 else { throw MetricError("max_n must be at least 1, got \(maxOrder)") }
    guard maxOrder <= 64 else { throw MetricError("max_n must be at most 64, got \(maxOrder)") }
    guard candidates.count == references.count else {
      throw MetricError("there are \(candidates.count) candidates but \(references.count) reference lists")
    }
    for i in 0..<references.count where references.groupSize(i) == 0 {
      throw MetricError("candidate \(i) has no references (at least one is needed)")
    }
    let longest = (0..<candidates.count).reduce(0) { max($0, candidates.length($1)) }
    guard longest <= Int(Int32.max) / max(maxOrder, 5) else {
      throw MetricError("a candidate of \(longest) tokens is too long")
    }
  }

  /// The orders to count: `maxOrder`, or 5 when the smoothing needs 5-grams.
  static func countedOrders(_ maxOrder: Int, _ smoothing: BLEUSmoothing) -> Int {
    smoothing.needsFiveGrams ? max(maxOrder, 5) : maxOrder
  }

  /// Loads candidate `i` and its references into `matcher`; returns the
  /// closest reference length (ties go to the shorter one).
  @inline(__always)
  static func match(
    _ matcher: NGramMatcher, _ candidates: TokenSequences, _ references: ReferenceSets, _ i: Int, _ orders: Int
  ) -> Int {
    candidates.withSequence(i) { matcher.load($0, maxOrder: orders) }
    let length = candidates.length(i)
    var closest = -1
    let refs = references.sequences
    for r in references.groupOffsets[i]..<references.groupOffsets[i + 1] {
      refs.withSequence(r) { matcher.add(reference: $0) }
      let l = refs.length(r)
      if closest < 0 || Swift.abs(l - length) < Swift.abs(closest - length)
        || (Swift.abs(l - length) == Swift.abs(closest - length) && l < closest)
      {
        closest = l
      }
    }
    return closest
  }

  /// The length and (5-gram matches, 5-gram denominator) of the sentence
  /// last loaded into `matcher`.
  @inline(__always)
  static func lastSentence(_ matcher: NGramMatcher) -> (Int, (Int, Int)) {
    let length = matcher.candidateLength
    let five = matcher.order >= 5 ? matcher.clipped[4] : 0
    return (length, (five, max(1, NGramMatcher.ngramCount(length, 5))))
  }
}
