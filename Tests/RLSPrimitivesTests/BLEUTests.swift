import Foundation
import XCTest

@testable import RLSPrimitives

final class BLEUTests: XCTestCase {
  /// The uniform-weight geometric mean of precisions times a brevity penalty.
  func geometric(_ p: [Double], bp: Double = 1) -> Double {
    bp * exp(p.map { log($0) / Double(p.count) }.reduce(0, +))
  }

  func testIdenticalSentenceScoresOne() throws {
    let s = [1, 2, 3, 4, 5, 6]
    XCTAssertEqual(try BLEU.sentence(candidate: s, references: [s]), 1)
  }

  func testPrecisionsFromDefinition() throws {
    // cand 1 2 3 4 vs ref 1 2 3 5: unigrams 3/4, bigrams 2/3, trigrams 1/2,
    // 4-grams 0/1; equal lengths, so no brevity penalty.
    let cand = [1, 2, 3, 4]
    let ref = [1, 2, 3, 5]
    let none = try BLEU.sentence(candidate: cand, references: [ref])
    assertClose(none, geometric([3.0 / 4, 2.0 / 3, 1.0 / 2, Double.leastNormalMagnitude]))
    XCTAssertGreaterThan(none, 0)
    let floor = try BLEU.sentence(candidate: cand, references: [ref], smoothing: .floor)
    assertClose(floor, geometric([3.0 / 4, 2.0 / 3, 1.0 / 2, 0.1 / 1]))
    let add1 = try BLEU.sentence(candidate: cand, references: [ref], smoothing: .add1)
    assertClose(add1, geometric([3.0 / 4, 3.0 / 4, 2.0 / 3, 1.0 / 2]))
    let expo = try BLEU.sentence(candidate: cand, references: [ref], smoothing: .exp)
    assertClose(expo, geometric([3.0 / 4, 2.0 / 3, 1.0 / 2, 1.0 / 2]))
    let m4 = try BLEU.sentence(candidate: cand, references: [ref], smoothing: .method4)
    assertClose(m4, geometric([3.0 / 4, 2.0 / 3, 1.0 / 2, 1 / (2 * 5 / log(4.0))]))
    let three = try BLEU.sentence(candidate: cand, references: [ref], maxOrder: 3)
    assertClose(three, geometric([3.0 / 4, 2.0 / 3, 1.0 / 2]))
  }

  func testMethod5And6FromDefinition() throws {
    let cand = [1, 2, 3, 4, 5]
    let ref = [1, 2, 3, 4, 9]
    // Precisions 4/5, 3/4, 2/3, 1/2; the 5-gram precision is 0/1.
    let p = [4.0 / 5, 3.0 / 4, 2.0 / 3, 1.0 / 2]
    let extended = p + [0]
    var m = p[0] + 1
    var smoothed: [Double] = []
    for i in 0..<4 {
      let v = (m + p[i] + extended[i + 1]) / 3
      smoothed.append(v)
      m = v
    }
    assertClose(try BLEU.sentence(candidate: cand, references: [ref], smoothing: .method5), geometric(smoothed))
    // method6: orders ≥ 3 interpolate with p(n−1)² / p(n−2), α = 5.
    var q = p
    for i in 2..<4 {
      let prior = q[i - 1] * q[i - 1] / q[i - 2]
      q[i] = (Double([0, 0, 2, 1][i]) + 5 * prior) / (Double(5 - i) + 5)
    }
    assertClose(try BLEU.sentence(candidate: cand, references: [ref], smoothing: .method6), geometric(q))
  }

  func testClippingAndBrevityPenalty() throws {
    // "7 7 7 7" against "7 8": one 7 can be matched.
    assertClose(try BLEU.sentence(candidate: [7, 7, 7, 7], references: [[7, 8]], maxOrder: 1), 0.25)
    // A short candidate: exp(1 − r/c) with r = 4, c = 2.
    assertClose(try BLEU.sentence(candidate: [1, 2], references: [[1, 2, 3, 4]], maxOrder: 1), exp(1 - 4.0 / 2))
    // Equally close references of lengths 2 and 4 for a candidate of 3: the
    // shorter counts, so there is no penalty.
    assertClose(try BLEU.sentence(candidate: [1, 2, 3], references: [[1, 2], [1, 2, 3, 9]], maxOrder: 1), 1)
    // The longer one alone would penalise.
    assertClose(
      try BLEU.sentence(candidate: [1, 2, 3], references: [[1, 2, 3, 9]], maxOrder: 1), exp(1 - 4.0 / 3))
  }

  func testMaxOverReferences() throws {
    // "1 1 2": the first reference has one 1, the second two.
    assertClose(try BLEU.sentence(candidate: [1, 1, 2], references: [[1, 2, 3], [1, 1, 3]], maxOrder: 1), 1)
  }

  func testEmptyCandidateAndNoUnigramMatchScoreZero() throws {
    XCTAssertEqual(try BLEU.sentence(candidate: [], references: [[1, 2]]), 0)
    XCTAssertEqual(try BLEU.sentence(candidate: [5, 6], references: [[1, 2]], smoothing: .floor), 0)
    XCTAssertEqual(try BLEU.corpus(candidates: TokenSequences(), references: ReferenceSets()), 0)
  }

  func testCorpusSumsCountsBeforeDividing() throws {
    let cands = [[1, 2, 3], [4, 5]]
    let refs = [[[1, 2, 4]], [[4, 5, 6, 7]]]
    // Unigrams (2 + 2) / (3 + 2), bigrams (1 + 1) / (2 + 1); lengths 5 vs 7.
    let expected = geometric([4.0 / 5, 2.0 / 3], bp: exp(1 - 7.0 / 5))
    let got = try BLEU.corpus(candidates: TokenSequences(cands), references: ReferenceSets(refs), maxOrder: 2)
    assertClose(got, expected)
  }

  func testErrors() {
    assertMetricError("candidate 0 has no references") {
      try BLEU.sentence(candidate: [1], references: [])
    }
    assertMetricError("max_n must be at least 1") {
      try BLEU.sentence(candidate: [1], references: [[1]], maxOrder: 0)
    }
    assertMetricError("there are 2 candidates but 1 reference lists") {
      try BLEU.batch(candidates: TokenSequences([[1], [2]]), references: ReferenceSets([[[1]]]))
    }
    assertMetricError("needs max_n >= 3") {
      try BLEU.sentence(candidate: [1, 2], references: [[1, 2]], maxOrder: 2, smoothing: .method6)
    }
    assertMetricError("candidate 1: smoothing \"method6\"") {
      try BLEU.batch(
        candidates: TokenSequences([[1, 2, 3], [1, 2, 3]]), references: ReferenceSets([[[1, 2, 3]], [[1, 2, 4]]]),
        smoothing: .method6)
    }
    var seqs = TokenSequences()
    assertMetricError("cands[0][1] is not an integer token id: 1.5") {
      try [1.0, 1.5].withUnsafeBufferPointer { try seqs.append(numbers: $0, what: "cands[0]") }
    }
    assertMetricError("is not an integer token id: NaN") {
      try [Double.nan].withUnsafeBufferPointer { try seqs.append(numbers: $0, what: "cand") }
    }
  }

  func testTokenIDConversion() {
    XCTAssertEqual(TokenSequences.tokenID(0), 0)
    XCTAssertEqual(TokenSequences.tokenID(-0.0), 0)
    XCTAssertEqual(TokenSequences.tokenID(31999), 31999)
    XCTAssertEqual(TokenSequences.tokenID(0x1p52 - 1), (1 << 52) - 1)
    XCTAssertEqual(TokenSequences.tokenID(0x1p52), 1 << 52)
    XCTAssertEqual(TokenSequences.tokenID(-7), -7)
    XCTAssertEqual(TokenSequences.tokenID(0x1p62), 1 << 62)
    XCTAssertNil(TokenSequences.tokenID(1.5))
    XCTAssertNil(TokenSequences.tokenID(-0.5))
    XCTAssertNil(TokenSequences.tokenID(0x1p63))
    XCTAssertNil(TokenSequences.tokenID(.nan))
    XCTAssertNil(TokenSequences.tokenID(.infinity))
  }

  /// Random batches: every batch score equals the sentence score, whatever
  /// the smoothing, and token ids that force hashing (negative, huge) give
  /// the same scores as small ones.
  func testBatchMatchesSentencesAndHashingMatchesDenseTable() throws {
    var rng = TestRNG(7)
    for smoothing in BLEUSmoothing.allCases {
      var cands: [[Int]] = []
      var refs: [[[Int]]] = []
      for _ in 0..<40 {
        let length = rng.int(30)
        let cand = (0..<length).map { _ in rng.int(6) }
        cands.append(cand)
        refs.append(
          (0..<(1 + rng.int(3))).map { _ in
            cand.prefix(max(0, length + rng.int(5) - 2)).map { rng.int(4) == 0 ? rng.int(6) : $0 }
          })
      }
      let maxOrder = smoothing == .method6 ? 4 : 1 + rng.int(5)
      func scores(_ shift: (Int) -> Int) throws -> [Double] {
        try BLEU.batch(
          candidates: TokenSequences(cands.map { $0.map(shift) }),
          references: ReferenceSets(refs.map { $0.map { $0.map(shift) } }), maxOrder: maxOrder, smoothing: .floor)
      }
      let dense = try scores { $0 }
      XCTAssertEqual(dense, try scores { -1 - $0 })
      XCTAssertEqual(dense, try scores { $0 &* 0x1234_5678_9ABC })
      if smoothing == .method6 { continue }
      let batch = try BLEU.batch(
        candidates: TokenSequences(cands), references: ReferenceSets(refs), maxOrder: maxOrder, smoothing: smoothing)
      for i in 0..<cands.count {
        let one = try BLEU.sentence(candidate: cands[i], references: refs[i], maxOrder: maxOrder, smoothing: smoothing)
        XCTAssertEqual(batch[i], one, "candidate \(i), \(smoothing)")
      }
    }
  }

  /// A large batch (several chunks on several threads) gives the same
  /// numbers twice and the same as one sentence at a time.
  func testLargeBatchIsDeterministic() throws {
    var rng = TestRNG(11)
    var cands = TokenSequences()
    var refs = ReferenceSets()
    var plain: [([Int], [Int])] = []
    for _ in 0..<300 {
      let cand = (0..<(20 + rng.int(80))).map { _ in rng.int(50) }
      let ref = cand.map { rng.int(3) == 0 ? rng.int(50) : $0 }
      cands.append(cand)
      refs.append(ref)
      refs.closeGroup()
      plain.append((cand, ref))
    }
    let a = try BLEU.batch(candidates: cands, references: refs, smoothing: .floor)
    let b = try BLEU.batch(candidates: cands, references: refs, smoothing: .floor)
    XCTAssertEqual(a, b)
    for (i, (c, r)) in plain.enumerated() where i % 37 == 0 {
      XCTAssertEqual(a[i], try BLEU.sentence(candidate: c, references: [r], smoothing: .floor))
    }
  }
}
