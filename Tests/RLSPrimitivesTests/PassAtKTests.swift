import RLSNumerics
import XCTest

@testable import RLSPrimitives

final class PassAtKTests: XCTestCase {
  /// 1 − C(n − c, k) / C(n, k) with exact integer binomials (small n).
  func exact(_ n: Int, _ c: Int, _ k: Int) -> Double {
    func choose(_ a: Int, _ b: Int) -> Double {
      if b < 0 || b > a { return 0 }
      var r = 1.0
      for i in 0..<b { r = r * Double(a - i) / Double(i + 1) }
      return r.rounded()
    }
    return 1 - choose(n - c, k) / choose(n, k)
  }

  func testSmallCasesFromTheDefinition() throws {
    assertClose(try PassAtK.estimate(n: 5, c: 1, k: 1), 1.0 / 5)
    assertClose(try PassAtK.estimate(n: 5, c: 2, k: 2), 1 - 3.0 / 10)
    XCTAssertEqual(try PassAtK.estimate(n: 5, c: 0, k: 3), 0)
    XCTAssertEqual(try PassAtK.estimate(n: 5, c: 3, k: 3), 1)
    XCTAssertEqual(try PassAtK.estimate(n: 1, c: 1, k: 1), 1)
    for n in 1...30 {
      for c in 0...n {
        for k in 1...n {
          assertClose(try PassAtK.estimate(n: n, c: c, k: k), exact(n, c, k), rtol: 1e-12, atol: 1e-15)
        }
      }
    }
  }

  func testSmallResultsKeepTheirPrecision() throws {
    // 1 − (1 − 1/n) would lose digits; the estimator keeps them.
    assertClose(try PassAtK.estimate(n: 1_000_000_000, c: 1, k: 1), 1e-9, rtol: 1e-14)
  }

  func testVectorsBroadcastAndMatchScalars() throws {
    var rng = TestRNG(3)
    for layout in 0..<3 {
      let count = 1 + rng.int(200_000)
      var n: [Double] = []
      var c: [Double] = []
      for _ in 0..<count {
        let nv = layout == 0 ? 200 : (layout == 1 ? 1 + rng.int(300) : 10 + rng.int(3))
        n.append(Double(nv))
        c.append(Double(rng.int(nv + 1)))
      }
      let k = 1 + rng.int(10)
      let kk = Double(min(k, Int(n.min()!)))
      let out = try PassAtK.estimate(n: Tensor(vector: n), c: Tensor(vector: c), k: Tensor(vector: [kk]))
      XCTAssertEqual(out.count, count)
      for i in stride(from: 0, to: count, by: max(1, count / 500)) {
        XCTAssertEqual(out.storage[i], try PassAtK.estimate(n: Int(n[i]), c: Int(c[i]), k: Int(kk)))
      }
      // A per-problem k gives the same numbers.
      let perK = try PassAtK.estimate(
        n: Tensor(vector: n), c: Tensor(vector: c), k: Tensor(vector: [Double](repeating: kk, count: count)))
      XCTAssertEqual(perK, out)
    }
  }

  func testCurveIsTheMeanPerK() throws {
    let n = Tensor(vector: [10, 10, 5])
    let c = Tensor(vector: [1, 0, 5])
    let curve = try PassAtK.curve(n: n, c: c, ks: [1, 2])
    assertClose(curve[0], (0.1 + 0 + 1) / 3)
    assertClose(curve[1], (exact(10, 1, 2) + 0 + 1) / 3)
  }

  func testErrors() {
    assertMetricError("k = 6 is greater than n = 5") { try PassAtK.estimate(n: 5, c: 1, k: 6) }
    assertMetricError("c = 6 is greater than n = 5") { try PassAtK.estimate(n: 5, c: 6, k: 1) }
    assertMetricError("c is negative") { try PassAtK.estimate(n: 5, c: -1, k: 1) }
    assertMetricError("k must be at least 1") { try PassAtK.estimate(n: 5, c: 1, k: 0) }
    assertMetricError("c[2] must be an integer, got 1.5") {
      try PassAtK.estimate(n: Tensor(vector: [4, 4, 4]), c: Tensor(vector: [1, 2, 1.5]), k: Tensor(vector: [1]))
    }
    assertMetricError("n[1] must be an integer, got NaN") {
      try PassAtK.estimate(n: Tensor(vector: [4, .nan]), c: Tensor(vector: [1, 1]), k: Tensor(vector: [1]))
    }
    assertMetricError("n has 2 elements but c has 3") {
      try PassAtK.estimate(n: Tensor(vector: [4, 4]), c: Tensor(vector: [1, 1, 1]), k: Tensor(vector: [1]))
    }
    assertMetricError("ks[1] must be at least 1") {
      try PassAtK.curve(n: Tensor(vector: [4]), c: Tensor(vector: [1]), ks: [1, 0])
    }
  }
}
