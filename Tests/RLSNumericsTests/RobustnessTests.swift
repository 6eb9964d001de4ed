import XCTest

@testable import RLSNumerics

/// Every entry point, fed extreme arguments, returns a value or throws a
/// `TensorError` — it never traps (a trap would abort the test process).
final class RobustnessTests: XCTestCase {
  static let extremes: [Int] = [
    Int.min, Int.min + 1, -(1 << 40), -3, -2, -1, 0, 1, 2, 3, 4, 1 << 31, 1 << 40, Int.max - 1,
    Int.max,
  ]
  static let doubles: [Double] = [
    -.infinity, -1e308, -1, -0.0, 0, 1e-320, 0.5, 1, 3, 1e308, .infinity, .nan,
  ]

  /// Runs `body`, accepting a value or a `TensorError`.
  func survive<T>(_ what: String, _ body: () throws -> T) {
    do { _ = try body() } catch is TensorError {} catch { XCTFail("\(what): \(error)") }
  }

  func testConstructorsWithExtremeSizes() {
    for a in Self.extremes {
      survive("zeros \(a)") { try Tensor.zeros([a]) }
      survive("eye \(a)") { try Tensor.eye(a, 0) }
      survive("linspace \(a)") { a > 1 << 20 ? nil : try Tensor.linspace(0, 1, a) }
      for b in Self.extremes where a <= 1 << 20 || b == 0 {
        survive("zeros \(a) \(b)") {
          Double(a) * Double(b) > 1e6 && a > 0 && b > 0 ? nil : try Tensor.zeros([a, b])
        }
      }
    }
    for x in Self.doubles {
      for y in Self.doubles {
        for s in Self.doubles {
          survive("arange \(x) \(y) \(s)") {
            // Keep the successful cases small.
            (y - x) / s > 1e6 ? nil : try Tensor.arange(start: x, stop: y, step: s)
          }
        }
        survive("linspace \(x) \(y)") { try Tensor.linspace(x, y, 5) }
      }
    }
  }

  func testIndexingWithExtremeIndices() throws {
    let v = try Tensor.arange(stop: 5)
    let m = try Tensor.arange(stop: 12).reshaped([3, 4])
    let e = try Tensor.zeros([0, 3])
    let options: [Int?] = [nil] + Self.extremes
    for t in [v, m, e] {
      for a in Self.extremes {
        survive("at \(a)") { try t.get([.at(a)]) }
        survive("at \(a), at 0") { try t.get([.at(a), .at(0)]) }
        var u = t
        survive("set at \(a)") { try u.set([.at(a)], .scalar(1)) }
      }
      for lo in options {
        for hi in options {
          for step in options {
            let idx = TensorIndex.range(lo: lo, hi: hi, step: step)
            survive("slice") { try t.get([idx]) }
            survive("slice 2") { try t.get([.all, idx]) }
            var u = t
            survive("set slice") { try u.set([idx], .scalar(2)) }
            survive("set slice tensor") { try u.set([idx, idx], .tensor(vec(1, 2))) }
          }
        }
      }
    }
  }

  func testAxesAndShapesWithExtremeValues() throws {
    let m = try Tensor.arange(stop: 6).reshaped([2, 3])
    for a in Self.extremes {
      for t in [m, m.flattened(), try Tensor.zeros([0, 2])] {
        survive("sum \(a)") { try t.sum(axis: a) }
        survive("argmax \(a)") { try t.argmax(axis: a) }
        survive("var \(a)") { try t.var(axis: a, ddof: a) }
        survive("std ddof \(a)") { try t.std(axis: nil, ddof: a) }
        survive("cumsum \(a)") { try t.cumsum(axis: a) }
        survive("concat \(a)") { try Tensor.concat([t, t], axis: a) }
        survive("reshape \(a)") { try t.reshaped([a]) }
        for b in Self.extremes { survive("reshape \(a) \(b)") { try t.reshaped([a, b]) } }
      }
    }
  }

  func testRNGWithExtremeArguments() {
    var g = RNG(seed: 3)
    for a in Self.extremes {
      for b in Self.extremes { survive("integer \(a) \(b)") { try g.integer(lo: a, hi: b) } }
      survive("permutation \(a)") { a > 1 << 20 ? nil : try g.permutation(a) }
      survive("uniform \(a)") { a > 1 << 20 ? nil : try g.uniform(count: a) }
      survive("integers \(a)") {
        a > 1 << 20 ? nil : try g.integers(lo: Int.min, hi: Int.max, count: a)
      }
    }
    for p in Self.doubles {
      survive("bernoulli \(p)") { try g.bernoulli(p) }
      survive("categorical \(p)") { try g.categorical([p, 1 - p]) }
      survive("categorical count \(p)") { try g.categorical([p], count: 3) }
    }
  }

  func testOperationsOnEmptyAndDegenerateTensors() throws {
    let shapes: [[Int]] = [[0], [1], [0, 0], [0, 3], [3, 0], [1, 1]]
    for sa in shapes {
      let a = try Tensor.zeros(sa)
      _ = a.transposed()
      _ = a.map(.log)
      _ = a.sort()
      _ = a.argsort()
      _ = a.norm()
      _ = a.description
      for sb in shapes {
        let b = try Tensor.ones(sb)
        survive("elementwise \(sa) \(sb)") { try Tensor.elementwise(a, b, .mod) }
        survive("matmul \(sa) \(sb)") { try Tensor.matmul(a, b) }
        survive("dot \(sa) \(sb)") { try a.dot(b) }
        survive("outer \(sa) \(sb)") { try Tensor.outer(a, b) }
        survive("concat \(sa) \(sb)") { try Tensor.concat([a, b], axis: 1) }
        survive("stack \(sa) \(sb)") { try Tensor.stack(rows: [a, b]) }
        var c = a
        survive("set \(sa) \(sb)") { try c.set([.all], .tensor(b)) }
      }
      for f in [
        { try a.mean(axis: nil) }, { try a.min(axis: 0) }, { try a.max(axis: -1) },
        { try a.argmin(axis: nil) }, { try a.std(axis: 0, ddof: 0) }, { try a.prod(axis: nil) },
      ] as [() throws -> TensorOrScalar] {
        survive("reduction \(sa)", f)
      }
    }
  }
}
