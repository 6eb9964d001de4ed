import XCTest

@testable import RLSNumerics

/// Python's `range(*slice(lo, hi, step).indices(n))`, written from the
/// language reference with min/max clamping.
private func pythonSlice(_ n: Int, _ lo: Int?, _ hi: Int?, _ step: Int) -> [Int] {
  func norm(_ v: Int) -> Int { v < 0 ? v + n : v }
  if step > 0 {
    let start = lo.map { Swift.min(Swift.max(norm($0), 0), n) } ?? 0
    let stop = hi.map { Swift.min(Swift.max(norm($0), 0), n) } ?? n
    return Array(stride(from: start, to: stop, by: step))
  }
  let start = lo.map { Swift.min(Swift.max(norm($0), -1), n - 1) } ?? n - 1
  let stop = hi.map { Swift.min(Swift.max(norm($0), -1), n - 1) } ?? -1
  return Array(stride(from: start, to: stop, by: step))
}

private func r(_ lo: Int? = nil, _ hi: Int? = nil, _ step: Int? = nil) -> TensorIndex {
  .range(lo: lo, hi: hi, step: step)
}

final class IndexingTests: XCTestCase {
  let ten = Tensor(vector: (0..<10).map(Double.init))
  let m = try! Tensor.arange(stop: 12).reshaped([3, 4])

  func slice(_ idx: TensorIndex) throws -> [Double] {
    try ten.get([idx]).tensor?.storage ?? [-999]
  }

  func testVectorSlicesByHand() throws {
    XCTAssertEqual(try slice(r(2, 5)), [2, 3, 4])
    XCTAssertEqual(try slice(r(-3)), [7, 8, 9])
    XCTAssertEqual(try slice(r(nil, -7)), [0, 1, 2])
    XCTAssertEqual(try slice(r(nil, nil, 2)), [0, 2, 4, 6, 8])
    XCTAssertEqual(try slice(r(nil, nil, -1)), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
    XCTAssertEqual(try slice(r(8, 2, -2)), [8, 6, 4])
    XCTAssertEqual(try slice(r(-1, -4, -1)), [9, 8, 7])
    XCTAssertEqual(try slice(r(100)), [])
    XCTAssertEqual(try slice(r(-100, 3)), [0, 1, 2])
    XCTAssertEqual(try slice(r(5, 100, 3)), [5, 8])
    XCTAssertEqual(try slice(r(3, 3)), [])
    XCTAssertEqual(try slice(r(7, 2)), [])
    XCTAssertEqual(try slice(r(2, 7, -1)), [])
    XCTAssertEqual(try slice(r(-100, nil, -1)), [])
    XCTAssertEqual(try slice(r(100, nil, -1)), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
    XCTAssertEqual(try slice(r(nil, -100, -1)), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
    XCTAssertEqual(try slice(r(nil, nil, Int.min)), [9])
    XCTAssertEqual(try slice(r(nil, nil, Int.max)), [0])
    XCTAssertEqual(try slice(r(Int.min, Int.max)), ten.storage)
    XCTAssertEqual(try slice(r(Int.max, Int.min, -1)), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
    XCTAssertEqual(try slice(.all), ten.storage)
  }

  func testVectorSlicesExhaustively() throws {
    let bounds: [Int?] = [nil] + Array(-13...13)
    for n in [0, 1, 4, 10] {
      let t = Tensor(vector: (0..<n).map(Double.init))
      for lo in bounds {
        for hi in bounds {
          for step in [-3, -2, -1, 1, 2, 3] {
            let got = try t.get([r(lo, hi, step)]).tensor!.storage.map { Int($0) }
            XCTAssertEqual(
              got, pythonSlice(n, lo, hi, step), "n=\(n) [\(lo as Any):\(hi as Any):\(step)]")
          }
        }
      }
    }
  }

  func testPositions() throws {
    XCTAssertEqual(try ten.get([.at(3)]), .scalar(3))
    XCTAssertEqual(try ten.get([.at(-1)]), .scalar(9))
    XCTAssertEqual(try ten.get([.at(-10)]), .scalar(0))
    assertTensorError("index 10 is out of range for axis 0 with size 10") { try ten.get([.at(10)]) }
    assertTensorError("index -11 is out of range for axis 0 with size 10") {
      try ten.get([.at(-11)])
    }
    assertTensorError("index \(Int.min) is out of range for axis 0 with size 10") {
      try ten.get([.at(Int.min)])
    }
    assertTensorError("index 0 is out of range for axis 0 with size 0") { try vec().get([.at(0)]) }
  }

  func testMatrixSubscripts() throws {
    XCTAssertEqual(try m.get([.at(1)]), .tensor(vec(4, 5, 6, 7)))
    XCTAssertEqual(try m.get([.at(-1)]), .tensor(vec(8, 9, 10, 11)))
    XCTAssertEqual(try m.get([r(0, 2)]), .tensor(mat([[0, 1, 2, 3], [4, 5, 6, 7]])))
    XCTAssertEqual(try m.get([.all, .at(1)]), .tensor(vec(1, 5, 9)))
    XCTAssertEqual(try m.get([.all, .at(-1)]), .tensor(vec(3, 7, 11)))
    XCTAssertEqual(try m.get([.at(1), .at(2)]), .scalar(6))
    XCTAssertEqual(try m.get([.at(-1), .at(-1)]), .scalar(11))
    XCTAssertEqual(try m.get([.at(1), r(1, 3)]), .tensor(vec(5, 6)))
    XCTAssertEqual(try m.get([r(nil, nil, 2), r(nil, nil, 3)]), .tensor(mat([[0, 3], [8, 11]])))
    XCTAssertEqual(try m.get([r(nil, nil, -1), .at(0)]), .tensor(vec(8, 4, 0)))
    XCTAssertEqual(try m.get([r(2, 2)]).tensor?.shape, [0, 4])
    XCTAssertEqual(try m.get([.all, r(4)]).tensor?.shape, [3, 0])
    XCTAssertEqual(try m.get([.all, .all]), .tensor(m))
  }

  func testSubscriptErrors() {
    assertTensorError("index 5 is out of range for axis 0 with size 3") { try m.get([.at(5)]) }
    assertTensorError("index 4 is out of range for axis 1 with size 4") {
      try m.get([.at(0), .at(4)])
    }
    assertTensorError("index -5 is out of range for axis 1 with size 4") {
      try m.get([.all, .at(-5)])
    }
    assertTensorError("a tensor of shape [3, 4] takes 1 or 2 indices, but 3 were given") {
      try m.get([.at(0), .at(0), .at(0)])
    }
    assertTensorError("a tensor of shape [3, 4] takes 1 or 2 indices, but 0 were given") {
      try m.get([])
    }
    assertTensorError("a tensor of shape [10] takes 1 index, but 2 were given") {
      try ten.get([.at(0), .at(0)])
    }
    assertTensorError("slice step cannot be zero") { try ten.get([r(nil, nil, 0)]) }
    assertTensorError("slice step cannot be zero") { try m.get([.all, r(1, 2, 0)]) }
  }

  func testSlicesAreCopies() throws {
    var t = m
    let row = try t.get([.at(0)]).tensor!
    try t.set([.at(0), .at(0)], .scalar(100))
    XCTAssertEqual(row, vec(0, 1, 2, 3))
    XCTAssertEqual(m.storage[0], 0)
  }

  func testSetVector() throws {
    var v = vec(0, 1, 2, 3, 4)
    try v.set([.at(1)], .scalar(9))
    try v.set([.at(-1)], .scalar(8))
    XCTAssertEqual(v, vec(0, 9, 2, 3, 8))
    try v.set([r(1, 3)], .scalar(0))
    XCTAssertEqual(v, vec(0, 0, 0, 3, 8))
    try v.set([r(nil, nil, -2)], .tensor(vec(10, 20, 30)))
    XCTAssertEqual(v, vec(30, 0, 20, 3, 10))
    try v.set([r(0, 2)], .tensor(vec(7)))  // broadcast a one-element vector
    XCTAssertEqual(v, vec(7, 7, 20, 3, 10))
    try v.set([.at(0)], .tensor(vec(5)))
    XCTAssertEqual(v.storage[0], 5)
    try v.set([r(0, 0)], .tensor(vec()))  // empty into empty
    assertTensorError("cannot assign a tensor of shape [3] to a selection of shape [2]") {
      try v.set([r(1, 3)], .tensor(vec(1, 2, 3)))
    }
    assertTensorError("cannot assign a tensor of shape [2] to a selection of shape []") {
      try v.set([.at(0)], .tensor(vec(1, 2)))
    }
    assertTensorError("index 5 is out of range for axis 0 with size 5") {
      try v.set([.at(5)], .scalar(1))
    }
    XCTAssertEqual(v, vec(5, 7, 20, 3, 10))  // failed sets change nothing
  }

  func testSetMatrixWithBroadcast() throws {
    var t = m
    try t.set([.at(1)], .tensor(vec(-1, -2, -3, -4)))
    XCTAssertEqual(try t.get([.at(1)]), .tensor(vec(-1, -2, -3, -4)))
    try t.set([.at(1)], .scalar(0))
    XCTAssertEqual(try t.get([.at(1)]), .tensor(vec(0, 0, 0, 0)))
    try t.set([.all, .at(0)], .tensor(vec(7, 8, 9)))
    XCTAssertEqual(try t.get([.all, .at(0)]), .tensor(vec(7, 8, 9)))
    try t.set([.all, .at(1)], .tensor(mat([[1, 2, 3]])))  // leading 1 dropped, as numpy
    XCTAssertEqual(try t.get([.all, .at(1)]), .tensor(vec(1, 2, 3)))

    t = m
    try t.set([r(0, 2)], .tensor(vec(1, 2, 3, 4)))  // row vector into every row
    XCTAssertEqual(t, mat([[1, 2, 3, 4], [1, 2, 3, 4], [8, 9, 10, 11]]))
    try t.set([r(0, 2)], .tensor(mat([[5], [6]])))  // column across columns
    XCTAssertEqual(t, mat([[5, 5, 5, 5], [6, 6, 6, 6], [8, 9, 10, 11]]))
    try t.set([r(1, 3), r(1, 3)], .tensor(mat([[0, 1], [2, 3]])))
    XCTAssertEqual(t, mat([[5, 5, 5, 5], [6, 0, 1, 6], [8, 2, 3, 11]]))
    try t.set([.at(2), .at(3)], .scalar(-1))
    XCTAssertEqual(t.storage[11], -1)
    try t.set([r(nil, nil, -1), r(nil, nil, 3)], .tensor(mat([[1, 2], [3, 4], [5, 6]])))
    XCTAssertEqual(t, mat([[5, 5, 5, 6], [3, 0, 1, 4], [1, 2, 3, 2]]))

    t = m
    try t.set([r(nil, nil, -1)], .tensor(t))  // reversing rows reads the old values
    XCTAssertEqual(t, mat([[8, 9, 10, 11], [4, 5, 6, 7], [0, 1, 2, 3]]))

    assertTensorError("cannot assign a tensor of shape [3, 4] to a selection of shape [2, 4]") {
      try t.set([r(0, 2)], .tensor(m))
    }
    assertTensorError("cannot assign a tensor of shape [3, 1] to a selection of shape [3]") {
      try t.set([.all, .at(0)], .tensor(mat([[1], [2], [3]])))
    }
    assertTensorError("cannot assign a tensor of shape [3] to a selection of shape [2, 4]") {
      try t.set([r(0, 2)], .tensor(vec(1, 2, 3)))
    }
    assertTensorError("cannot assign a tensor of shape [2, 1] to a selection of shape []") {
      try t.set([.at(0), .at(0)], .tensor(mat([[1], [2]])))
    }
  }
}
