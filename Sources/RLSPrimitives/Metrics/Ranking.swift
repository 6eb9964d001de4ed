import Foundation

/// Ranking metrics over queries, each given as the relevance of its
/// retrieved items in ranked order (best first). An item is relevant when
/// its relevance is above 0; `ndcgAtK` uses graded relevance as the gain. A
/// query without relevant items scores 0, as scikit-learn, ranx and
/// trec_eval count it. Every metric is the mean over queries; relevances
/// must be finite and non-negative (errors name the query and position).
public enum Ranking {
  /// Mean reciprocal rank: 1 / (rank of the first relevant item).
  public static func mrr(_ rels: [[Double]]) throws -> Double {
    try mean(rels) { q in
      for (i, r) in q.enumerated() where r > 0 { return 1 / Double(i + 1) }
      return 0
    }
  }

  /// Mean average precision: per query, the mean of precision@i over the
  /// ranks i of its relevant items (scikit-learn's `average_precision_score`
  /// on the ranked list; the relevant items counted are those in the list).
  public static func meanAveragePrecision(_ rels: [[Double]]) throws -> Double {
    try mean(rels) { q in
      var hits = 0
      var sum = 0.0
      for (i, r) in q.enumerated() where r > 0 {
        hits += 1
        sum += Double(hits) / Double(i + 1)
      }
      return hits == 0 ? 0 : sum / Double(hits)
    }
  }

  /// Top-k accuracy (hit rate at k): the fraction of queries with a
  /// relevant item among their first `k`.
  public static func topK(_ rels: [[Double]], k: Int) throws -> Double {
    guard k >= 1 else { throw MetricError("k must be at least 1, got \(k)") }
    return try mean(rels) { q in q.prefix(k).contains { $0 > 0 } ? 1 : 0 }
  }

  /// Normalized discounted cumulative gain at `k` (all items when nil), as
  /// scikit-learn's `ndcg_score`: gain = relevance, discount 1 / log₂(i + 1)
  /// for rank i, normalized by the DCG of the relevances sorted in
  /// decreasing order.
  public static func ndcgAtK(_ rels: [[Double]], k: Int? = nil) throws -> Double {
    if let k, k < 1 { throw MetricError("k must be at least 1, got \(k)") }
    return try mean(rels) { q in
      let cut = min(q.count, k ?? q.count)
      let ideal = dcg(q.sorted(by: >), cut)
      return ideal > 0 ? dcg(q, cut) / ideal : 0
    }
  }

  private static func dcg(_ q: [Double], _ cut: Int) -> Double {
    var s = 0.0
    for i in 0..<cut { s += q[i] / (Foundation.log(Double(i + 2)) / Foundation.log(2.0)) }
    return s
  }

  /// The mean of `score` over valid queries.
  private static func mean(_ rels: [[Double]], _ score: ([Double]) -> Double) throws -> Double {
    guard !rels.isEmpty else { throw MetricError("rels is empty (at least one query is needed)") }
    var sum = 0.0
    for (qi, q) in rels.enumerated() {
      for (i, r) in q.enumerated() where !(r >= 0 && r.isFinite) {
        throw MetricError("rels[\(qi)][\(i)] is \(describe(r)), but relevances must be finite and non-negative")
      }
      sum += score(q)
    }
    return sum / Double(rels.count)
  }
}
