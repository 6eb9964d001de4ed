import XCTest

@testable import RLSNumerics

/// The matrix product by the textbook triple loop, on `[r, k]` and `[k, c]`.
private func naiveMatmul(_ a: Tensor, _ b: Tensor) -> Tensor {
  let (r, k) = (a.shape[0], a.shape[1])
  let c = b.shape[1]
  var out = [Double](repeating: 0, count: r * c)
  for i in 0..<r {
    for j in 0..<c {
      var s = 0.0
      for t in 0..<k { s += a.storage[i * k + t] * b.storage[t * c + j] }
      out[i * c + j] = s
    }
  }
  return try! Tensor(shape: [r, c], storage: out)
}

final class LinearAlgebraTests: XCTestCase {
  func testMatrixTimesMatrix() throws {
    var data = TestData(10)
    for (r, k, c) in [(1, 1, 1), (2, 3, 4), (7, 5, 3), (33, 17, 29), (64, 64, 64), (1, 50, 1)] {
      let a = data.tensor([r, k])
      let b = data.tensor([k, c])
      assertClose(try Tensor.matmul(a, b), .tensor(naiveMatmul(a, b)), rtol: 1e-12, atol: 1e-12)
    }
  }

  func testMatrixTimesVector() throws {
    var data = TestData(11)
    for (r, k) in [(1, 1), (3, 4), (40, 23)] {
      let a = data.tensor([r, k])
      let x = data.tensor([k])
      let expected = naiveMatmul(a, try x.reshaped([k, 1])).flattened()
      assertClose(try Tensor.matmul(a, x), .tensor(expected))
    }
  }

  func testVectorTimesMatrix() throws {
    var data = TestData(12)
    for (k, c) in [(1, 1), (4, 3), (23, 40)] {
      let x = data.tensor([k])
      let b = data.tensor([k, c])
      let expected = naiveMatmul(try x.reshaped([1, k]), b).flattened()
      assertClose(try Tensor.matmul(x, b), .tensor(expected))
    }
  }

  func testVectorTimesVector() throws {
    var data = TestData(13)
    for k in [0, 1, 5, 100] {
      let x = data.tensor([k])
      let y = data.tensor([k])
      var s = 0.0
      for i in 0..<k { s += x.storage[i] * y.storage[i] }
      assertClose(try Tensor.matmul(x, y), .scalar(s))
      assertClose(try x.dot(y), s)
    }
  }

  func testEmptyInnerAndOuterDimensions() throws {
    XCTAssertEqual(
      try Tensor.matmul(Tensor.zeros([2, 0]), Tensor.zeros([0, 3])), .tensor(try .zeros([2, 3])))
    XCTAssertEqual(
      try Tensor.matmul(Tensor.ones([0, 3]), Tensor.ones([3, 2])), .tensor(try .zeros([0, 2])))
    XCTAssertEqual(
      try Tensor.matmul(Tensor.ones([2, 3]), Tensor.ones([3, 0])), .tensor(try .zeros([2, 0])))
    XCTAssertEqual(
      try Tensor.matmul(Tensor.ones([2, 0]), Tensor.zeros([0])), .tensor(try .zeros([2])))
    XCTAssertEqual(
      try Tensor.matmul(Tensor.zeros([0]), Tensor.ones([0, 4])), .tensor(try .zeros([4])))
    XCTAssertEqual(try Tensor.matmul(Tensor.zeros([0]), Tensor.zeros([0])), .scalar(0))
  }

  func testShapeErrors() {
    assertTensorError("matmul: [2, 3] @ [2, 3]: inner dimensions 3 and 2 differ") {
      try Tensor.matmul(Tensor.ones([2, 3]), Tensor.ones([2, 3]))
    }
    assertTensorError("matmul: [2, 3] @ [2]: inner dimensions 3 and 2 differ") {
      try Tensor.matmul(Tensor.ones([2, 3]), Tensor.ones([2]))
    }
    assertTensorError("matmul: [3] @ [2, 3]: inner dimensions 3 and 2 differ") {
      try Tensor.matmul(Tensor.ones([3]), Tensor.ones([2, 3]))
    }
    assertTensorError("matmul: [3] @ [4]: inner dimensions 3 and 4 differ") {
      try Tensor.matmul(Tensor.ones([3]), Tensor.ones([4]))
    }
    assertTensorError("cannot allocate 10000000000 elements", contains: true) {
      try Tensor.matmul(Tensor.ones([100_000, 1]), Tensor.ones([1, 100_000]))
    }
    assertTensorError("dot: shapes [3] and [2] differ") { try vec(1, 2, 3).dot(vec(1, 2)) }
  }

  func testDotNormOuter() throws {
    assertClose(try mat([[1, 2], [3, 4]]).dot(mat([[5, 6], [7, 8]])), 70)
    assertClose(vec(3, 4).norm(), 5)
    assertClose(mat([[1, 2], [2, 4]]).norm(), 5)
    XCTAssertEqual(vec().norm(), 0)
    assertClose(vec(1e200, 1e200).norm(), 2.0.squareRoot() * 1e200)  // no overflow
    XCTAssertEqual(try Tensor.outer(vec(1, 2), vec(3, 4, 5)), mat([[3, 4, 5], [6, 8, 10]]))
    XCTAssertEqual(try Tensor.outer(mat([[1], [2]]), vec(1)), mat([[1], [2]]))
    XCTAssertEqual(try Tensor.outer(vec(), vec(1, 2)).shape, [0, 2])
    assertTensorError("cannot allocate", contains: true) {
      let big = try Tensor.zeros([100_000])
      return try Tensor.outer(big, big)
    }
  }

  func testThreadsSetting() throws {
    BLAS.setThreads(1)
    var data = TestData(14)
    let a = data.tensor([20, 20])
    assertClose(try Tensor.matmul(a, a), .tensor(naiveMatmul(a, a)))
    BLAS.setThreads(2)
  }
}
