import XCTest

@testable import RLSNumerics

/// The lanes of `t` for an axis, by plain index arithmetic: nil or a vector
/// → one lane of all elements; axis 0 → columns; axis 1 → rows.
private func lanes(_ t: Tensor, _ axis: Int?) -> [[Double]]? {
  guard let axis else { return nil }
  if t.rank == 1 { return nil }
  let (r, c) = (t.shape[0], t.shape[1])
  let a = axis < 0 ? axis + 2 : axis
  if a == 0 { return (0..<c).map { j in (0..<r).map { i in t.storage[i * c + j] } } }
  return (0..<r).map { i in (0..<c).map { j in t.storage[i * c + j] } }
}

/// Applies a naive lane function the way numpy would shape the result.
private func naive(_ t: Tensor, _ axis: Int?, _ f: ([Double]) -> Double) -> TensorOrScalar {
  guard let ls = lanes(t, axis) else { return .scalar(f(t.storage)) }
  return .tensor(Tensor(vector: ls.map(f)))
}

private func naiveSum(_ x: [Double]) -> Double { x.reduce(0, +) }
private func naiveMean(_ x: [Double]) -> Double { naiveSum(x) / Double(x.count) }
private func naiveVar(_ x: [Double], _ ddof: Int) -> Double {
  let m = naiveMean(x)
  return x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count - ddof)
}
private func naiveArgmax(_ x: [Double]) -> Double {
  var best = 0
  for i in x.indices {
    if x[i].isNaN { return Double(i) }
    if x[i] > x[best] { best = i }
  }
  return Double(best)
}
private func naiveArgmin(_ x: [Double]) -> Double { naiveArgmax(x.map { -$0 }) }

final class ReductionTests: XCTestCase {
  static let shapes: [[Int]] = [
    [1], [7], [300], [1, 1], [3, 4], [5, 1], [1, 6], [40, 37], [200, 3], [3, 200],
  ]

  func axes(_ t: Tensor) -> [Int?] { t.rank == 1 ? [nil, 0, -1] : [nil, 0, 1, -1, -2] }

  func testEveryReductionAndAxisAgainstNaiveLoops() throws {
    var data = TestData(30)
    for shape in Self.shapes {
      let t = data.tensor(shape)
      for axis in axes(t) {
        let m = "shape \(shape) axis \(String(describing: axis))"
        let tol = (rtol: 1e-12, atol: 1e-10)
        assertClose(
          try t.sum(axis: axis), naive(t, axis, naiveSum), rtol: tol.rtol, atol: tol.atol, m)
        assertClose(
          try t.prod(axis: axis), naive(t, axis) { $0.reduce(1, *) }, rtol: 1e-12, atol: 0, m)
        assertClose(
          try t.mean(axis: axis), naive(t, axis, naiveMean), rtol: tol.rtol, atol: tol.atol, m)
        assertClose(try t.min(axis: axis), naive(t, axis) { $0.min()! }, rtol: 0, atol: 0, m)
        assertClose(try t.max(axis: axis), naive(t, axis) { $0.max()! }, rtol: 0, atol: 0, m)
        assertClose(try t.argmax(axis: axis), naive(t, axis, naiveArgmax), rtol: 0, atol: 0, m)
        assertClose(try t.argmin(axis: axis), naive(t, axis, naiveArgmin), rtol: 0, atol: 0, m)
        for ddof in [0, 1] {
          let n =
            axis == nil || t.rank == 1
            ? t.count : (axis! == 0 || axis! == -2 ? t.shape[0] : t.shape[1])
          if ddof >= n { continue }
          assertClose(
            try t.var(axis: axis, ddof: ddof), naive(t, axis) { naiveVar($0, ddof) }, rtol: 1e-11,
            atol: 1e-12, m)
          assertClose(
            try t.std(axis: axis, ddof: ddof), naive(t, axis) { naiveVar($0, ddof).squareRoot() },
            rtol: 1e-11, atol: 1e-12, m)
        }
      }
    }
  }

  func testResultShapes() throws {
    let t = try Tensor.ones([2, 3])
    XCTAssertEqual(try t.sum(axis: 0).tensor?.shape, [3])
    XCTAssertEqual(try t.sum(axis: -2).tensor?.shape, [3])
    XCTAssertEqual(try t.sum(axis: 1).tensor?.shape, [2])
    XCTAssertEqual(try t.sum(axis: nil), .scalar(6))
    XCTAssertEqual(try vec(1, 2).sum(axis: 0), .scalar(3))
  }

  func testScalarShortcuts() throws {
    let t = mat([[1, 5], [-2, 4]])
    XCTAssertEqual(t.sum(), 8)
    XCTAssertEqual(t.prod(), -40)
    XCTAssertEqual(try t.mean(), 2)
    XCTAssertEqual(try t.min(), -2)
    XCTAssertEqual(try t.max(), 5)
    XCTAssertEqual(try t.argmin(), 2)
    XCTAssertEqual(try t.argmax(), 1)
    assertClose(try t.var(), 7.5)
    assertClose(try t.var(ddof: 1), 10)
    assertClose(try t.std(ddof: 1), 10.0.squareRoot())
    XCTAssertEqual(vec().sum(), 0)
    XCTAssertEqual(vec().prod(), 1)
  }

  func testEmptyAndDdofErrors() throws {
    let e = vec()
    assertTensorError("mean of an empty tensor") { try e.mean(axis: nil) }
    assertTensorError("mean of an empty tensor") { try e.mean() }
    assertTensorError("var of an empty tensor") { try e.var(axis: 0) }
    assertTensorError("std of an empty tensor") { try e.std() }
    assertTensorError("min of an empty tensor") { try e.min() }
    assertTensorError("max of an empty tensor") { try e.max(axis: nil) }
    assertTensorError("argmax of an empty tensor") { try e.argmax() }
    assertTensorError("argmin of an empty tensor") { try e.argmin(axis: -1) }
    XCTAssertEqual(try e.sum(axis: nil), .scalar(0))
    XCTAssertEqual(try e.prod(axis: 0), .scalar(1))

    let rowsEmpty = try Tensor.zeros([0, 3])
    XCTAssertEqual(try rowsEmpty.sum(axis: 0), .tensor(try .zeros([3])))
    XCTAssertEqual(try rowsEmpty.mean(axis: 1), .tensor(try .zeros([0])))
    XCTAssertEqual(try rowsEmpty.max(axis: 1), .tensor(try .zeros([0])))
    assertTensorError("mean along axis 0 of a tensor of shape [0, 3]: the axis is empty") {
      try rowsEmpty.mean(axis: 0)
    }
    assertTensorError("argmax along axis 0 of a tensor of shape [0, 3]: the axis is empty") {
      try rowsEmpty.argmax(axis: -2)
    }
    let colsEmpty = try Tensor.zeros([3, 0])
    assertTensorError("min along axis 1 of a tensor of shape [3, 0]: the axis is empty") {
      try colsEmpty.min(axis: 1)
    }
    XCTAssertEqual(try colsEmpty.prod(axis: 1), .tensor(try .ones([3])))

    assertTensorError("var with ddof 1 needs more than 1 elements, got 1 (shape [1])") {
      try vec(5).var(ddof: 1)
    }
    assertTensorError("std with ddof 3 needs more than 3 elements, got 2 (shape [2])") {
      try vec(5, 6).std(axis: nil, ddof: 3)
    }
    assertTensorError(
      "var along axis 0 with ddof 2 needs more than 2 elements, got 2 (shape [2, 5])"
    ) { try Tensor.ones([2, 5]).var(axis: 0, ddof: 2) }
    assertTensorError("var: ddof must be non-negative, got -1") { try vec(1, 2).var(ddof: -1) }
    XCTAssertEqual(try Tensor.ones([2, 5]).var(axis: 1, ddof: 2), .tensor(try .zeros([2])))
  }

  func testBadAxis() {
    let m = mat([[1, 2]])
    assertTensorError("sum: axis 2 is out of range for a tensor of rank 2 (use 0, 1, -1 or -2)") {
      try m.sum(axis: 2)
    }
    assertTensorError("mean: axis -3 is out of range for a tensor of rank 2 (use 0, 1, -1 or -2)") {
      try m.mean(axis: -3)
    }
    assertTensorError("argmax: axis 1 is out of range for a tensor of rank 1 (use 0 or -1)") {
      try vec(1).argmax(axis: 1)
    }
    assertTensorError("cumsum: axis -2 is out of range for a tensor of rank 1 (use 0 or -1)") {
      try vec(1).cumsum(axis: -2)
    }
    assertTensorError("std: axis \(Int.min) is out of range", contains: true) {
      try m.std(axis: Int.min)
    }
  }

  func testNaNHandling() throws {
    let n = Double.nan
    let v = vec(1, n, 3, n)
    XCTAssertTrue(try v.max().isNaN)
    XCTAssertTrue(try v.min().isNaN)
    XCTAssertEqual(try v.argmax(), 1)
    XCTAssertEqual(try v.argmin(), 1)
    XCTAssertEqual(try vec(n, 5).argmax(), 0)
    let m = mat([[1, n, 2], [3, 4, n], [5, 0, 1]])
    let colMax = try m.max(axis: 0).tensor!
    XCTAssertEqual(colMax.storage[0], 5)
    XCTAssertTrue(colMax.storage[1].isNaN && colMax.storage[2].isNaN)
    XCTAssertEqual(try m.argmax(axis: 0), .tensor(vec(2, 0, 1)))
    XCTAssertEqual(try m.argmin(axis: 1), .tensor(vec(1, 2, 1)))
    XCTAssertEqual(try m.argmax(axis: 1), .tensor(vec(1, 2, 0)))
    let rowMin = try m.min(axis: 1).tensor!
    XCTAssertTrue(rowMin.storage[0].isNaN && rowMin.storage[1].isNaN)
    XCTAssertEqual(rowMin.storage[2], 0)
  }

  func testArgmaxFirstOfTies() throws {
    XCTAssertEqual(try vec(1, 3, 3, 2).argmax(), 1)
    XCTAssertEqual(try vec(2, 1, 1, 2).argmin(), 1)
    XCTAssertEqual(try mat([[1, 1], [1, 1]]).argmax(axis: 0), .tensor(vec(0, 0)))
  }

  func testSumIsAccurateOnLongInput() throws {
    // 0.1 ten million times: naive summation drifts around 1e-10 relative;
    // pairwise stays within a few ulps.
    let t = try Tensor.full([10_000_000], 0.1)
    assertClose(t.sum(), 1_000_000, rtol: 1e-14, atol: 0)
    assertClose(try t.mean(), 0.1, rtol: 1e-14, atol: 0)
    assertClose(try t.var(), 0, rtol: 0, atol: 1e-25)
  }

  func testCumsum() throws {
    var data = TestData(31)
    let t = data.tensor([4, 5])
    var flat: [Double] = []
    var s = 0.0
    for x in t.storage {
      s += x
      flat.append(s)
    }
    assertClose(try t.cumsum(axis: nil), Tensor(vector: flat))
    var across = t.storage
    var down = t.storage
    for i in 0..<4 {
      for j in 0..<5 {
        if j > 0 { across[i * 5 + j] += across[i * 5 + j - 1] }
        if i > 0 { down[i * 5 + j] += down[(i - 1) * 5 + j] }
      }
    }
    assertClose(try t.cumsum(axis: 1), try Tensor(shape: [4, 5], storage: across))
    assertClose(try t.cumsum(axis: -1), try Tensor(shape: [4, 5], storage: across))
    assertClose(try t.cumsum(axis: 0), try Tensor(shape: [4, 5], storage: down))
    XCTAssertEqual(try vec(1, 2, 3).cumsum(axis: 0), vec(1, 3, 6))
    XCTAssertEqual(try Tensor.zeros([0, 2]).cumsum(axis: 0).shape, [0, 2])
    XCTAssertEqual(try vec().cumsum(axis: nil), vec())
  }

  func testSortAndArgsort() throws {
    let n = Double.nan
    let s = vec(3, n, 1, 2, -1).sort()
    XCTAssertEqual(Array(s.storage[0..<4]), [-1, 1, 2, 3])
    XCTAssertTrue(s.storage[4].isNaN)
    XCTAssertEqual(vec(3, n, 1, 2, -1).argsort(), vec(4, 2, 3, 0, 1))
    // Stable: equal keys keep their order.
    XCTAssertEqual(vec(2, 1, 2, 1, 2).argsort(), vec(1, 3, 0, 2, 4))
    XCTAssertEqual(mat([[3, 1], [0, 5]]).sort(), mat([[1, 3], [0, 5]]))
    XCTAssertEqual(mat([[3, 1], [0, 5]]).argsort(), mat([[1, 0], [0, 1]]))
    XCTAssertEqual(vec().sort(), vec())
    XCTAssertEqual(try Tensor.zeros([2, 0]).argsort().shape, [2, 0])

    var data = TestData(32)
    let x = data.tensor([500])
    let order = x.argsort().storage.map { Int($0) }
    let reference = x.storage.indices.sorted { (x.storage[$0], $0) < (x.storage[$1], $1) }
    XCTAssertEqual(order, reference)
    XCTAssertEqual(x.sort().storage, x.storage.sorted())
  }
}
