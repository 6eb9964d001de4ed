import XCTest

@testable import RLSNumerics

final class ShapeTests: XCTestCase {
  func testTranspose() {
    var data = TestData(20)
    for (r, c) in [(1, 1), (2, 3), (31, 47), (64, 33), (0, 3), (3, 0)] {
      let t = data.tensor([r, c])
      let tt = t.transposed()
      XCTAssertEqual(tt.shape, [c, r])
      for i in 0..<r {
        for j in 0..<c { XCTAssertEqual(tt.storage[j * r + i], t.storage[i * c + j]) }
      }
      XCTAssertEqual(tt.transposed(), t)
    }
    XCTAssertEqual(vec(1, 2, 3).transposed(), vec(1, 2, 3))
  }

  func testReshapeAndFlatten() throws {
    let t = try Tensor.arange(stop: 6)
    XCTAssertEqual(try t.reshaped([2, 3]), mat([[0, 1, 2], [3, 4, 5]]))
    XCTAssertEqual(try t.reshaped([-1, 2]).shape, [3, 2])
    XCTAssertEqual(try t.reshaped([3, -1]).shape, [3, 2])
    XCTAssertEqual(try t.reshaped([2, 3]).reshaped([-1]), t)
    XCTAssertEqual(try t.reshaped([2, 3]).flattened(), t)
    XCTAssertEqual(try Tensor.zeros([0, 3]).reshaped([-1]).shape, [0])
    assertTensorError("cannot reshape a tensor of shape [6] (6 elements) into shape [4]") {
      try t.reshaped([4])
    }
    assertTensorError("cannot reshape a tensor of shape [6] (6 elements) into shape [-1, 4]") {
      try t.reshaped([-1, 4])
    }
    assertTensorError("reshape: only one dimension can be -1, got [-1, -1]") {
      try t.reshaped([-1, -1])
    }
    assertTensorError("shape [-2, 3] has a negative dimension -2") { try t.reshaped([-2, 3]) }
    assertTensorError("shape [-1, -3] has a negative dimension -3") { try t.reshaped([-1, -3]) }
    assertTensorError("a tensor has rank 1 or 2, but shape [1, 2, 3] has rank 3") {
      try t.reshaped([1, 2, 3])
    }
    assertTensorError("cannot reshape", contains: true) { try Tensor.zeros([0]).reshaped([-1, 0]) }
    assertTensorError("larger than", contains: true) { try t.reshaped([Int.max, Int.max]) }
    assertTensorError("larger than", contains: true) {
      try Tensor.zeros([0]).reshaped([-1, Int.max])
    }
  }

  func testConcat() throws {
    XCTAssertEqual(try Tensor.concat([vec(1, 2), vec(), vec(3)]), vec(1, 2, 3))
    XCTAssertEqual(try Tensor.concat([vec(1, 2), vec(3)], axis: -1), vec(1, 2, 3))
    let a = mat([[1, 2], [3, 4]])
    let b = mat([[5, 6]])
    XCTAssertEqual(try Tensor.concat([a, b], axis: 0), mat([[1, 2], [3, 4], [5, 6]]))
    XCTAssertEqual(
      try Tensor.concat([a, mat([[9], [8]])], axis: 1), mat([[1, 2, 9], [3, 4, 8]]))
    XCTAssertEqual(try Tensor.concat([a, a], axis: -1).shape, [2, 4])
    assertTensorError("concat: no tensors given") { try Tensor.concat([]) }
    assertTensorError("concat: part 1 has shape [2], but part 0 has rank 2") {
      try Tensor.concat([a, vec(1, 2)])
    }
    assertTensorError("concat along axis 1: part 1 has shape [1, 2], but part 0 has 2 rows") {
      try Tensor.concat([a, b], axis: 1)
    }
    assertTensorError("concat along axis 0: part 1 has shape [2, 1], but part 0 has 2 columns") {
      try Tensor.concat([a, mat([[9], [8]])], axis: 0)
    }
    assertTensorError("concat: axis 2 is out of range for a tensor of rank 2 (use 0, 1, -1 or -2)") { try Tensor.concat([a], axis: 2) }
    assertTensorError("concat: axis 1 is out of range for a tensor of rank 1 (use 0 or -1)") {
      try Tensor.concat([vec(1)], axis: 1)
    }
  }

  func testStack() throws {
    XCTAssertEqual(try Tensor.stack(rows: [vec(1, 2), vec(3, 4)]), mat([[1, 2], [3, 4]]))
    XCTAssertEqual(try Tensor.stack(rows: [vec(), vec()]).shape, [2, 0])
    assertTensorError("stack: no tensors given") { try Tensor.stack(rows: []) }
    assertTensorError("stack: part 1 has 1 elements, but part 0 has 2") {
      try Tensor.stack(rows: [vec(1, 2), vec(3)])
    }
    assertTensorError("stack: part 0 has shape [1, 1]; expected a vector") {
      try Tensor.stack(rows: [mat([[1]])])
    }
  }
}
