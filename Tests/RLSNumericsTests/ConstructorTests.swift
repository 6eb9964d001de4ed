import XCTest

@testable import RLSNumerics

final class ConstructorTests: XCTestCase {
  func testShapeAccessors() throws {
    let v = vec(1, 2, 3)
    XCTAssertEqual(v.shape, [3])
    XCTAssertEqual(v.rank, 1)
    XCTAssertEqual(v.count, 3)
    XCTAssertEqual(v.rows, 3)
    XCTAssertEqual(v.cols, 1)
    let m = try Tensor(rows: 2, cols: 3, storage: [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(m.shape, [2, 3])
    XCTAssertEqual(m.rank, 2)
    XCTAssertEqual(m.count, 6)
    XCTAssertEqual(m.rows, 2)
    XCTAssertEqual(m.cols, 3)
    XCTAssertEqual(m.element(1, 2), 6)
    XCTAssertNil(m.element(2, 0))
    XCTAssertNil(m.element(0, -1))
  }

  func testInitShapeErrors() {
    assertTensorError("shape [2, 3] needs 6 elements, but 5 were given") {
      try Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5])
    }
    assertTensorError("a tensor has rank 1 or 2, but shape [1, 2, 3] has rank 3") {
      try Tensor(shape: [1, 2, 3], storage: [1, 2, 3, 4, 5, 6])
    }
    assertTensorError("a tensor has rank 1 or 2, but shape [] has rank 0") {
      try Tensor(shape: [], storage: [1])
    }
    assertTensorError("shape [-1, 2] has a negative dimension -1") { try Tensor.zeros([-1, 2]) }
    assertTensorError(
      "cannot allocate 1000000000000 elements for shape [1000000, 1000000] (at most 2147483647)"
    ) { try Tensor.zeros([1_000_000, 1_000_000]) }
    assertTensorError(
      "cannot allocate 4294967296 elements for shape [1073741824, 4] (at most 2147483647)"
    ) { try Tensor.ones([1 << 30, 4]) }
    assertTensorError("larger than 2147483647", contains: true) { try Tensor.zeros([0, 1 << 40]) }
    assertTensorError("larger than 2147483647", contains: true) { try Tensor.zeros([Int.max]) }
    assertTensorError("row 1 has 1 elements, but row 0 has 2") {
      try Tensor(matrix: [[1, 2], [3]])
    }
  }

  func testMatrixFromRows() throws {
    let m = try Tensor(matrix: [[1, 2], [3, 4], [5, 6]])
    XCTAssertEqual(m.shape, [3, 2])
    XCTAssertEqual(m.storage, [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(try Tensor(matrix: []).shape, [0, 0])
    XCTAssertEqual(try Tensor(matrix: [[], []]).shape, [2, 0])
  }

  func testFilledConstructors() throws {
    XCTAssertEqual(try Tensor.zeros([3]).storage, [0, 0, 0])
    XCTAssertEqual(try Tensor.ones([2, 2]).storage, [1, 1, 1, 1])
    XCTAssertEqual(try Tensor.full([2, 1], 7.5).storage, [7.5, 7.5])
    XCTAssertEqual(try Tensor.zeros([0]).shape, [0])
    XCTAssertEqual(try Tensor.zeros([0, 4]).shape, [0, 4])
    XCTAssertEqual(try Tensor.eye(2).storage, [1, 0, 0, 1])
    let e = try Tensor.eye(2, 3)
    XCTAssertEqual(e.shape, [2, 3])
    XCTAssertEqual(e.storage, [1, 0, 0, 0, 1, 0])
    XCTAssertEqual(try Tensor.eye(3, 1).storage, [1, 0, 0])
    XCTAssertEqual(try Tensor.eye(0).shape, [0, 0])
    assertTensorError("shape [-2, -2] has a negative dimension -2") { try Tensor.eye(-2) }
  }

  func testArange() throws {
    XCTAssertEqual(try Tensor.arange(stop: 5).storage, [0, 1, 2, 3, 4])
    XCTAssertEqual(try Tensor.arange(start: 1, stop: 2, step: 0.25).storage, [1, 1.25, 1.5, 1.75])
    XCTAssertEqual(try Tensor.arange(start: 5, stop: 0, step: -2).storage, [5, 3, 1])
    XCTAssertEqual(try Tensor.arange(start: 5, stop: 0).count, 0)
    XCTAssertEqual(try Tensor.arange(start: 0, stop: 1, step: 0.1).count, 10)  // numpy: 10
    // numpy: len(np.arange(1, 1.3, 0.1)) == 4 because (1.3-1)/0.1 = 3.0000000000000004
    XCTAssertEqual(try Tensor.arange(start: 1, stop: 1.3, step: 0.1).count, 4)
    assertClose(try Tensor.arange(start: 0, stop: 1, step: 0.1).storage[3], 0.30000000000000004)
    assertTensorError("arange: step must not be zero") { try Tensor.arange(stop: 3, step: 0) }
    assertTensorError("must be finite", contains: true) { try Tensor.arange(stop: .infinity) }
    assertTensorError("must be finite", contains: true) { try Tensor.arange(stop: .nan) }
    assertTensorError("arange: cannot allocate 1e+300 elements (at most 2147483647)") {
      try Tensor.arange(stop: 1e300)
    }
    assertTensorError("arange: cannot allocate Infinity elements", contains: true) {
      try Tensor.arange(start: -1e308, stop: 1e308, step: 1)
    }
  }

  func testLinspace() throws {
    XCTAssertEqual(try Tensor.linspace(0, 1, 5).storage, [0, 0.25, 0.5, 0.75, 1])
    XCTAssertEqual(try Tensor.linspace(2, 3, 1).storage, [2])
    XCTAssertEqual(try Tensor.linspace(2, 3, 0).count, 0)
    XCTAssertEqual(try Tensor.linspace(3, 3, 3).storage, [3, 3, 3])
    let t = try Tensor.linspace(0, 0.3, 7)
    XCTAssertEqual(t.storage.last, 0.3)  // exactly the end point
    for i in 0..<6 { assertClose(t.storage[i], Double(i) * 0.05, rtol: 1e-15) }
    let d = try Tensor.linspace(1, -1, 3)
    XCTAssertEqual(d.storage, [1, 0, -1])
    assertTensorError("linspace: the number of points -1 is negative") {
      try Tensor.linspace(0, 1, -1)
    }
    assertTensorError("larger than 2147483647", contains: true) {
      try Tensor.linspace(0, 1, Int.max)
    }
  }

  func testValueSemantics() throws {
    var a = vec(1, 2, 3)
    let b = a
    try a.set([.at(0)], .scalar(9))
    XCTAssertEqual(a.storage, [9, 2, 3])
    XCTAssertEqual(b.storage, [1, 2, 3])
    XCTAssertEqual(b, vec(1, 2, 3))
    XCTAssertNotEqual(vec(1, 2, 3, 4), try vec(1, 2, 3, 4).reshaped([2, 2]))
  }
}
