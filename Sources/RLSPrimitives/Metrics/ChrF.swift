/// chrF and chrF++ on detokenized text, as sacrebleu's `corpus_chrf`
/// computes them: character n-grams of orders 1…`charOrder` (whitespace
/// removed unless `whitespace`), plus word n-grams of orders 1…`wordOrder`
/// (chrF++ is `wordOrder: 2`) over words with one leading or trailing
/// punctuation mark split off; per segment the reference with the best
/// F-score counts; statistics are summed over segments, and the F-β score
/// (β = 2) averages precision and recall over the orders present
/// (sacrebleu ≥ 2.0), or, with `epsSmoothing`, averages per-order F-scores
/// with ε = 1e-16 as chrF++.py does.
public enum ChrF {
  /// The corpus chrF in [0, 100] (see `TextBLEU.corpus` for the reference
  /// streams and the errors).
  public static func corpus(
    hypotheses: [String], referenceStreams: [[String?]], charOrder: Int = 6, wordOrder: Int = 0, beta: Int = 2,
    lowercase: Bool = false, whitespace: Bool = false, epsSmoothing: Bool = false, shouldStop: (() -> Bool)? = nil
  ) throws -> Double {
    guard charOrder >= 1 else { throw MetricError("char_order must be at least 1, got \(charOrder)") }
    guard wordOrder >= 0 else { throw MetricError("word_order must be at least 0, got \(wordOrder)") }
    guard beta >= 0 else { throw MetricError("beta must be at least 0, got \(beta)") }
    let corpus = try TextCorpus(hypotheses: hypotheses, referenceStreams: referenceStreams)
    let order = charOrder + wordOrder
    var interner = TokenInterner()
    func prepare(_ line: String) -> (chars: [Int], words: [Int]) {
      var cps = PythonText.codePoints(line)
      if lowercase { cps = PythonText.lower(cps) }
      let chars = (whitespace ? cps : PythonText.removeSpaces(cps)).map { Int($0) }
      let words = wordOrder > 0 ? interner.ids(splitPunctuation(cps)) : []
      return (chars, words)
    }
    var totals = [Int](repeating: 0, count: 3 * order)
    var stats = [Int](repeating: 0, count: 3 * order)
    var best = [Int](repeating: 0, count: 3 * order)
    var matches = [Int](repeating: 0, count: max(charOrder, wordOrder))
    let charMatcher = NGramMatcher()
    let wordMatcher = NGramMatcher()
    for (i, h) in hypotheses.enumerated() {
      if i & 255 == 255, let shouldStop, shouldStop() { throw MetricInterrupted() }
      let hyp = prepare(h)
      hyp.chars.withUnsafeBufferPointer { charMatcher.load($0, maxOrder: charOrder) }
      if wordOrder > 0 { hyp.words.withUnsafeBufferPointer { wordMatcher.load($0, maxOrder: wordOrder) } }
      var bestScore = -1.0
      for r in corpus.references(i) {
        let ref = prepare(r)
        matches.withUnsafeMutableBufferPointer { m in
          ref.chars.withUnsafeBufferPointer { charMatcher.add(reference: $0, perReference: m.baseAddress) }
          for n in 0..<charOrder {
            fill(&stats, n, hyp.chars.count, ref.chars.count, n + 1, m[n])
          }
          if wordOrder > 0 {
            ref.words.withUnsafeBufferPointer { wordMatcher.add(reference: $0, perReference: m.baseAddress) }
            for n in 0..<wordOrder {
              fill(&stats, charOrder + n, hyp.words.count, ref.words.count, n + 1, m[n])
            }
          }
        }
        let f = fScore(stats, order: order, beta: beta, epsSmoothing: epsSmoothing)
        if f > bestScore {
          bestScore = f
          best = stats
        }
      }
      for k in 0..<(3 * order) { totals[k] += best[k] }
    }
    return fScore(totals, order: order, beta: beta, epsSmoothing: epsSmoothing)
  }

  /// One order's [hypothesis n-grams, reference n-grams, matches]; as in
  /// sacrebleu, hypothesis n-grams count 0 when the reference has none.
  private static func fill(_ stats: inout [Int], _ slot: Int, _ hypLength: Int, _ refLength: Int, _ n: Int, _ m: Int) {
    let refCount = NGramMatcher.ngramCount(refLength, n)
    stats[3 * slot] = refCount > 0 ? NGramMatcher.ngramCount(hypLength, n) : 0
    stats[3 * slot + 1] = refCount
    stats[3 * slot + 2] = m
  }

  /// sacrebleu's `_remove_punctuation`: words split on whitespace, with a
  /// trailing (else a leading) punctuation mark of a longer word split off.
  static func splitPunctuation(_ cps: [UInt32]) -> [ArraySlice<UInt32>] {
    var out: [ArraySlice<UInt32>] = []
    for w in PythonText.split(cps) {
      guard w.count > 1, let first = w.first, let last = w.last else {
        out.append(w)
        continue
      }
      if isPunctuation(last) {
        out.append(w.dropLast())
        out.append(w.suffix(1))
      } else if isPunctuation(first) {
        out.append(w.prefix(1))
        out.append(w.dropFirst())
      } else {
        out.append(w)
      }
    }
    return out
  }

  /// Python's `string.punctuation`.
  @inline(__always)
  static func isPunctuation(_ c: UInt32) -> Bool {
    switch c {
    case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
    default: return false
    }
  }

  /// sacrebleu's `CHRF._compute_f_score` over [hyp, ref, match] triples.
  static func fScore(_ stats: [Int], order: Int, beta: Int, epsSmoothing: Bool) -> Double {
    let eps = 1e-16
    var score = 0.0
    var effectiveOrder = 0
    let factor = Double(beta * beta)
    var avgPrecision = 0.0
    var avgRecall = 0.0
    for i in 0..<order {
      let nHyp = stats[3 * i]
      let nRef = stats[3 * i + 1]
      let nMatch = Double(stats[3 * i + 2])
      let precision = nHyp > 0 ? nMatch / Double(nHyp) : eps
      let recall = nRef > 0 ? nMatch / Double(nRef) : eps
      let denominator = factor * precision + recall
      score += denominator > 0 ? (1 + factor) * precision * recall / denominator : eps
      if nHyp > 0 && nRef > 0 {
        avgPrecision += precision
        avgRecall += recall
        effectiveOrder += 1
      }
    }
    if epsSmoothing { return 100 * score / Double(order) }
    if effectiveOrder == 0 {
      avgPrecision = 0
      avgRecall = 0
    } else {
      avgPrecision /= Double(effectiveOrder)
      avgRecall /= Double(effectiveOrder)
    }
    guard avgPrecision + avgRecall != 0 else { return 0 }
    var f = (1 + factor) * avgPrecision * avgRecall
    f /= factor * avgPrecision + avgRecall
    return 100 * f
  }
}
