import Foundation
import XCTest

@testable import RLSPrimitives

final class RankingTests: XCTestCase {
  let rels: [[Double]] = [[0, 1, 0, 1], [0, 0, 0], [2, 0, 1]]

  func testMRR() throws {
    assertClose(try Ranking.mrr(rels), (1.0 / 2 + 0 + 1) / 3)
  }

  func testMAP() throws {
    // Query 1: relevant at ranks 2 and 4: (1/2 + 2/4) / 2. Query 3: ranks
    // 1 and 3: (1 + 2/3) / 2.
    assertClose(try Ranking.meanAveragePrecision(rels), ((0.5 + 0.5) / 2 + 0 + (1 + 2.0 / 3) / 2) / 3)
  }

  func testTopK() throws {
    XCTAssertEqual(try Ranking.topK(rels, k: 1), 1.0 / 3)
    XCTAssertEqual(try Ranking.topK(rels, k: 2), 2.0 / 3)
  }

  func testNDCG() throws {
    let d = { (i: Int) in 1 / log2(Double(i + 2)) }
    let q1 = (d(1) + d(3)) / (d(0) + d(1))
    let q3 = (2 * d(0) + d(2)) / (2 * d(0) + d(1))
    assertClose(try Ranking.ndcgAtK(rels), (q1 + 0 + q3) / 3)
    let q1at2 = d(1) / (d(0) + d(1))
    assertClose(try Ranking.ndcgAtK(rels, k: 2), (q1at2 + 0 + 2 * d(0) / (2 * d(0) + d(1))) / 3)
    XCTAssertEqual(try Ranking.ndcgAtK([[]]), 0)
  }

  func testErrors() {
    assertMetricError("rels is empty") { try Ranking.mrr([]) }
    assertMetricError("rels[1][0] is -1") { try Ranking.ndcgAtK([[1], [-1]]) }
    assertMetricError("rels[0][1] is NaN") { try Ranking.meanAveragePrecision([[1, .nan]]) }
    assertMetricError("k must be at least 1") { try Ranking.topK([[1]], k: 0) }
  }
}
