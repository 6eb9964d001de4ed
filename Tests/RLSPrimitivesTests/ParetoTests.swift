import RLSNumerics
import XCTest

@testable import RLSPrimitives

/// Pareto fronts against the definition, and hypervolumes of one dimension
/// against the same points embedded in more (the exact algorithms of each
/// dimension checked against each other; moocore parity is in
/// Tests/parity/metrics).
final class ParetoTests: XCTestCase {
  /// n random rows of m small integers (many ties and duplicates).
  func grid(_ rng: inout RNG, _ n: Int, _ m: Int, _ levels: Int) -> Tensor {
    let values = (0..<(n * m)).map { _ in Double(Int(rng.uniform() * Double(levels))) }
    return try! Tensor(rows: n, cols: m, storage: values)
  }

  /// The front by definition: rows no other row dominates.
  func bruteFront(_ p: Tensor) -> [Int] {
    let m = p.cols
    let v = p.storage
    return (0..<p.rows).filter { i in
      !(0..<p.rows).contains { k in
        let le = (0..<m).allSatisfy { v[k * m + $0] <= v[i * m + $0] }
        let lt = (0..<m).contains { v[k * m + $0] < v[i * m + $0] }
        return le && lt
      }
    }
  }

  func testFrontsMatchTheDefinition() throws {
    var rng = RNG(seed: 11)
    for trial in 0..<300 {
      let m = 1 + trial % 5
      let n = 1 + Int(rng.uniform() * 60)
      let p = grid(&rng, n, m, 2 + trial % 6)
      XCTAssertEqual(try Pareto.front(points: p, maximize: Array(repeating: false, count: m)), bruteFront(p))
      // Maximising is minimising the negated points.
      let negated = try Tensor(rows: n, cols: m, storage: p.storage.map { -$0 })
      XCTAssertEqual(try Pareto.front(points: negated, maximize: Array(repeating: true, count: m)), bruteFront(p))
    }
  }

  func testHypervolumeAgreesAcrossDimensions() throws {
    var rng = RNG(seed: 12)
    for trial in 0..<200 {
      let m = 1 + trial % 3
      let n = 1 + Int(rng.uniform() * 40)
      let p = grid(&rng, n, m, 2 + trial % 7)
      let ref = [Double](repeating: Double(3 + trial % 5), count: m)
      let base = try Hypervolume.compute(points: p, ref: Tensor(vector: ref), maximize: Array(repeating: false, count: m))
      // One more objective, equal to 0 for every point, with the reference
      // at depth 2: the volume doubles — whichever algorithm m + 1 uses.
      var lifted: [Double] = []
      for i in 0..<n { lifted += Array(p.storage[(i * m)..<(i * m + m)]) + [0] }
      let up = try Hypervolume.compute(
        points: Tensor(rows: n, cols: m + 1, storage: lifted), ref: Tensor(vector: ref + [2]),
        maximize: Array(repeating: false, count: m + 1))
      XCTAssertEqual(up, 2 * base, accuracy: 1e-9 * Swift.max(1, base))
      // Only the front matters.
      let front = bruteFront(p)
      let frontOnly = try Tensor(rows: front.count, cols: m, storage: front.flatMap { Array(p.storage[($0 * m)..<($0 * m + m)]) })
      XCTAssertEqual(
        try Hypervolume.compute(points: frontOnly, ref: Tensor(vector: ref), maximize: Array(repeating: false, count: m)),
        base, accuracy: 1e-9 * Swift.max(1, base))
    }
  }

  func testHypervolumeOfOneBoxIsItsVolume() throws {
    for m in 1...5 {
      let point = Tensor(vector: (0..<m).map { Double($0) })
      let p = try Tensor(rows: 1, cols: m, storage: point.storage)
      let ref = Tensor(vector: (0..<m).map { Double($0) + Double($0 + 1) })
      let volume = (1...m).reduce(1.0) { $0 * Double($1) }
      XCTAssertEqual(try Hypervolume.compute(points: p, ref: ref, maximize: Array(repeating: false, count: m)), volume)
    }
  }

  func testBadInput() {
    let p = try! Tensor(rows: 2, cols: 2, storage: [1, .nan, 0, 1])
    XCTAssertThrowsError(try Pareto.front(points: p, maximize: [false, false])) { error in
      XCTAssertEqual((error as? MetricError)?.message, "points[0][1] is NaN")
    }
    let q = try! Tensor(rows: 1, cols: 2, storage: [1, 2])
    XCTAssertThrowsError(try Pareto.front(points: q, maximize: [false]))
    XCTAssertThrowsError(try Hypervolume.compute(points: q, ref: Tensor(vector: [3]), maximize: [false, false]))
    XCTAssertThrowsError(try Hypervolume.compute(points: q, ref: Tensor(vector: [3, .infinity]), maximize: [false, false]))
  }
}
