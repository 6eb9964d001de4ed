import Foundation
import RLSNumerics
import XCTest

@testable import RLSPrimitives

/// Grid order, random draws (determinism, ranges, both integer ends) and errors.
final class SearchSpaceTests: XCTestCase {
  func testGridOrderIsItertoolsProduct() throws {
    XCTAssertEqual(try SearchSpace.grid([2, 3], names: ["a", "b"]), [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
    XCTAssertEqual(try SearchSpace.grid([], names: []), [[]])
    XCTAssertThrowsError(try SearchSpace.grid([2, 0], names: ["a", "b"])) { XCTAssertEqual("\($0)", "b has no values to try") }
    XCTAssertThrowsError(try SearchSpace.grid([1000, 1000, 1000], names: ["a", "b", "c"])) {
      XCTAssertEqual("\($0)", "the grid has more than 1000000 points")
    }
  }

  func testRandomDraws() throws {
    let dims: [SearchSpace.Dimension] = [
      .choice(count: 3), .uniform(low: -1, high: 2), .logUniform(low: 1e-4, high: 1e-1), .integer(low: 2, high: 4),
      .logInteger(low: 1, high: 100),
    ]
    let names = ["c", "u", "l", "i", "li"]
    let a = try SearchSpace.random(dims, names: names, trials: 2000, seed: 5)
    XCTAssertEqual(a, try SearchSpace.random(dims, names: names, trials: 2000, seed: 5))
    XCTAssertNotEqual(a, try SearchSpace.random(dims, names: names, trials: 2000, seed: 6))
    var ints = Set<Double>()
    var logBelow = 0
    for p in a {
      guard case .index(let c) = p[0], case .number(let u) = p[1], case .number(let l) = p[2], case .number(let i) = p[3],
        case .number(let li) = p[4]
      else { return XCTFail("unexpected draw kinds \(p)") }
      XCTAssertTrue((0..<3).contains(c))
      XCTAssertTrue(u >= -1 && u < 2)
      XCTAssertTrue(l >= 1e-4 && l <= 1e-1)
      if l < 1e-3 { logBelow += 1 }
      ints.insert(i)
      XCTAssertTrue(li >= 1 && li <= 100 && li == li.rounded())
    }
    XCTAssertEqual(ints, [2, 3, 4], "both ends of an integer range are drawn")
    XCTAssertTrue(abs(Double(logBelow) / 2000 - 1.0 / 3) < 0.05, "a third of log-uniform draws fall in the first decade: \(logBelow)")
  }

  func testRandomErrors() throws {
    XCTAssertThrowsError(try SearchSpace.random([.logUniform(low: 0, high: 1)], names: ["lr"], trials: 1, seed: 0)) {
      XCTAssertEqual("\($0)", "lr: low must be positive for a log scale, got 0")
    }
    XCTAssertThrowsError(try SearchSpace.random([.uniform(low: 2, high: 1)], names: ["x"], trials: 1, seed: 0)) {
      XCTAssertEqual("\($0)", "x: low (2) and high (1) must be finite with low ≤ high")
    }
    XCTAssertThrowsError(try SearchSpace.random([.integer(low: 3, high: 1)], names: ["k"], trials: 1, seed: 0)) {
      XCTAssertEqual("\($0)", "k: low (3) must not exceed high (1)")
    }
    XCTAssertThrowsError(try SearchSpace.random([], names: [], trials: -1, seed: 0)) {
      XCTAssertEqual("\($0)", "trials must be between 0 and 1000000, got -1")
    }
  }
}
