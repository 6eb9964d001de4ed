import Foundation
import RLSNumerics
import XCTest

@testable import RLSPrimitives

final class CorrelationTests: XCTestCase {
  func brutePearson(_ x: [Double], _ y: [Double]) -> Double {
    let mx = x.reduce(0, +) / Double(x.count)
    let my = y.reduce(0, +) / Double(y.count)
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for (a, b) in zip(x, y) {
      sxy += (a - mx) * (b - my)
      sxx += (a - mx) * (a - mx)
      syy += (b - my) * (b - my)
    }
    return sxy / sqrt(sxx * syy)
  }

  /// Average ranks by counting: 1 + (number below) + (number equal − 1) / 2.
  func bruteRanks(_ x: [Double]) -> [Double] {
    x.map { v in
      let below = x.filter { $0 < v }.count
      let equal = x.filter { $0 == v }.count
      return Double(below) + Double(equal + 1) / 2
    }
  }

  /// Tau-b by looking at every pair.
  func bruteKendall(_ x: [Double], _ y: [Double]) -> Double {
    var concordant = 0.0
    var discordant = 0.0
    var tieX = 0.0
    var tieY = 0.0
    for i in x.indices {
      for j in (i + 1)..<x.count {
        let dx = x[i] - x[j]
        let dy = y[i] - y[j]
        if dx == 0 && dy == 0 { continue }
        if dx == 0 {
          tieX += 1
        } else if dy == 0 {
          tieY += 1
        } else if (dx > 0) == (dy > 0) {
          concordant += 1
        } else {
          discordant += 1
        }
      }
    }
    return (concordant - discordant) / sqrt((concordant + discordant + tieX) * (concordant + discordant + tieY))
  }

  func testAgainstPairwiseDefinitions() throws {
    var rng = TestRNG(21)
    for trial in 0..<60 {
      let n = 2 + rng.int(70)
      let levels = trial % 3 == 0 ? 3 : 1000
      let x = (0..<n).map { _ in Double(rng.int(levels)) }
      let y = x.map { $0 + Double(rng.int(levels)) - Double(levels / 2) }
      guard Set(x).count > 1, Set(y).count > 1 else { continue }
      let tx = Tensor(vector: x)
      let ty = Tensor(vector: y)
      assertClose(try Correlation.pearson(tx, ty), brutePearson(x, y), rtol: 1e-10)
      assertClose(try Correlation.spearman(tx, ty), brutePearson(bruteRanks(x), bruteRanks(y)), rtol: 1e-10)
      assertClose(try Correlation.kendall(tx, ty), bruteKendall(x, y), rtol: 1e-10)
    }
  }

  func testLargeInputsUseBothRankings() throws {
    var rng = TestRNG(2)
    let x = (0..<60_000).map { _ in Double(rng.int(100)) }
    let y = x.map { $0 * 2 + Double(rng.int(5)) }
    let s = try Correlation.spearman(Tensor(vector: x), Tensor(vector: y))
    assertClose(s, brutePearson(RadixSort.averageRanks(x.withUnsafeBufferPointer { $0 }), RadixSort.averageRanks(y.withUnsafeBufferPointer { $0 })))
    XCTAssertGreaterThan(s, 0.9)
  }

  func testR2() throws {
    let t = Tensor(vector: [1, 2, 3, 4])
    assertClose(try Correlation.r2(t, Tensor(vector: [1, 2, 3, 5])), 1 - 1.0 / 5)
    XCTAssertEqual(try Correlation.r2(t, t), 1)
    XCTAssertEqual(try Correlation.r2(Tensor(vector: [2, 2]), Tensor(vector: [2, 2])), 1)
    XCTAssertEqual(try Correlation.r2(Tensor(vector: [2, 2]), Tensor(vector: [2, 3])), 0)
  }

  func testConstantInputGivesNaN() throws {
    XCTAssertTrue(try Correlation.pearson(Tensor(vector: [1, 1, 1]), Tensor(vector: [1, 2, 3])).isNaN)
    XCTAssertTrue(try Correlation.spearman(Tensor(vector: [1, 2, 3]), Tensor(vector: [5, 5, 5])).isNaN)
    XCTAssertTrue(try Correlation.kendall(Tensor(vector: [1, 1]), Tensor(vector: [1, 2])).isNaN)
  }

  func testSignsAndExtremes() throws {
    let x = Tensor(vector: [1, 2, 3, 4, 5])
    let y = Tensor(vector: [10, 8, 6, 4, 2])
    // Within rounding of the closed forms (SciPy gives the same digits).
    assertClose(try Correlation.pearson(x, y), -1)
    assertClose(try Correlation.spearman(x, y), -1)
    assertClose(try Correlation.kendall(x, y), -1)
  }

  func testInversionCount() {
    var v: [Int32] = [3, 1, 2, 5, 4, 0]
    // (3,1) (3,2) (3,0) (1,0) (2,0) (5,4) (5,0) (4,0)
    XCTAssertEqual(Correlation.inversions(&v), 8)
    XCTAssertEqual(v, [0, 1, 2, 3, 4, 5])
  }

  func testErrors() {
    assertMetricError("x has 2 elements but y has 3") {
      try Correlation.pearson(Tensor(vector: [1, 2]), Tensor(vector: [1, 2, 3]))
    }
    assertMetricError("x needs at least 2 elements, got 1") {
      try Correlation.kendall(Tensor(vector: [1]), Tensor(vector: [1]))
    }
    assertMetricError("y[1] is NaN") {
      try Correlation.spearman(Tensor(vector: [1, 2]), Tensor(vector: [1, .nan]))
    }
    assertMetricError("y_true needs at least 2 elements") { try Correlation.r2(Tensor(vector: [1]), Tensor(vector: [1])) }
  }
}
