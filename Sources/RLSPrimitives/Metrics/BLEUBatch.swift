extension BLEU {
  /// The sentence BLEU of every candidate against its own references — the
  /// per-sample reward case (as TensorBLEU, arXiv 2510.05485, but on the CPU):
  /// each result equals `sentence(candidate:references:...)` exactly.
  ///
  /// The candidates are split into chunks that run on all cores; each chunk
  /// borrows one `NGramMatcher` (kept between calls), whose ids cover only
  /// the n-grams that occur in the current candidate (an n-gram is packed
  /// into a 64-bit key as (prefix id, last token id)), so nothing grows with
  /// vocabulary^n and nothing is allocated per sentence. Results do not depend
  /// on scheduling. Errors (`method6` without trigram matches) name the
  /// first failing candidate.
  /// `shouldStop` is polled every few dozen sentences by every worker and
  /// makes the call throw `MetricInterrupted`.
  public static func batch(
    candidates: TokenSequences, references: ReferenceSets, maxOrder: Int = 4, smoothing: BLEUSmoothing = .none,
    shouldStop: (@Sendable () -> Bool)? = nil
  ) throws -> [Double] {
    try validate(candidates: candidates, references: references, maxOrder: maxOrder)
    let n = candidates.count
    let orders = countedOrders(maxOrder, smoothing)
    var scores = [Double](repeating: 0, count: n)
    var failures = [Int](repeating: -1, count: n)
    // Many chunks per core, for balance when a core is shared (a chunk's scratch is reused for
    // all its sentences); the split does not change any result.
    let chunk = max(1, (n + 16 * Parallel.cores - 1) / (16 * Parallel.cores))
    scores.withUnsafeMutableBufferPointer { out in
      failures.withUnsafeMutableBufferPointer { failed in
        let out = out
        let failed = failed
        let tokenRange = candidates.denseRange
        Parallel.forEachChunk(n, chunk: chunk) { _, range in
          MatcherPool.shared.with { matcher in
            matcher.useTokenRange(tokenRange)
            var scorer = BLEUScorer(maxOrder: maxOrder, smoothing: smoothing)
            var numerators = [Int](repeating: 0, count: orders)
            var denominators = [Int](repeating: 0, count: orders)
            numerators.withUnsafeMutableBufferPointer { num in
              denominators.withUnsafeMutableBufferPointer { den in
                for i in range {
                  if i & 31 == 0, let shouldStop, shouldStop() {
                    failed[i] = -2
                    return
                  }
                  let closest = match(matcher, candidates, references, i, orders)
                  let length = matcher.candidateLength
                  for k in 0..<orders {
                    num[k] = matcher.clipped[k]
                    den[k] = max(1, NGramMatcher.ngramCount(length, k + 1))
                  }
                  let last = lastSentence(matcher)
                  do {
                    out[i] = try scorer.score(
                      numerators: num.baseAddress!, denominators: den.baseAddress!,
                      hypothesisLength: length, referenceLength: closest,
                      lastLength: last.0, lastFive: last.1)
                  } catch {
                    out[i] = .nan
                    failed[i] = i
                  }
                }
              }
            }
          }
        }
      }
    }
    if failures.contains(-2) { throw MetricInterrupted() }
    if let first = failures.first(where: { $0 >= 0 }) {
      throw MetricError("candidate \(first): \(BLEUScorer.method6Message)")
    }
    return scores
  }
}
