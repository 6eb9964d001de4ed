import XCTest

@testable import RLSNumerics

final class FormattingTests: XCTestCase {
  func testNumbers() {
    let cases: [(Double, String)] = [
      (3, "3"), (-12, "-12"), (0, "0"), (-0.0, "-0"), (0.1, "0.1"), (2.5, "2.5"),
      (-2.5, "-2.5"), (1e-12, "1e-12"), (1.5e20, "1.5e+20"), (1e16, "1e+16"),
      (1e15, "1000000000000000"), (9_999_999_999_999_998, "9999999999999998"),
      (-9_007_199_254_740_993, "-9007199254740992"), (123456789012345.6, "123456789012345.6"),
      (1.0 / 3, "0.3333333333333333"), (0.1 + 0.2, "0.30000000000000004"),
      (1e-5, "1e-05"), (0.0001, "0.0001"), (5e-324, "5e-324"),
      (Double.greatestFiniteMagnitude, "1.7976931348623157e+308"),
      (.nan, "NaN"), (-.nan, "NaN"), (.infinity, "Infinity"), (-.infinity, "-Infinity"),
    ]
    for (x, s) in cases { XCTAssertEqual(formatNumber(x), s, "\(x)") }
  }

  func testNumbersRoundTrip() {
    var data = TestData(40)
    for _ in 0..<2000 {
      let x = (data.next() - 0.5) * pow(10, Double(Int(data.next() * 40) - 20))
      XCTAssertEqual(Double(formatNumber(x)), x)
    }
  }

  func testVectors() throws {
    XCTAssertEqual(vec(1, 2.5, 3).description, "tensor([1, 2.5, 3])")
    XCTAssertEqual(vec(-0.0, .nan, .infinity).description, "tensor([-0, NaN, Infinity])")
    XCTAssertEqual(vec().description, "tensor([])")
    XCTAssertEqual(vec(7).description, "tensor([7])")
    XCTAssertEqual(
      try Tensor.arange(stop: 1000).description.count,
      "tensor([])".count + (0..<1000).map { String($0) }.joined(separator: ", ").count)
    XCTAssertEqual(
      try Tensor.arange(stop: 1001).description, "tensor([0, 1, 2, ..., 998, 999, 1000])")
  }

  func testMatrices() throws {
    XCTAssertEqual(
      mat([[1, 2.5], [3, 4]]).description,
      """
      tensor([[  1, 2.5],
              [  3,   4]])
      """)
    XCTAssertEqual(
      mat([[-1, 10], [100, 0.5]]).description,
      """
      tensor([[ -1,  10],
              [100, 0.5]])
      """)
    XCTAssertEqual(mat([[5]]).description, "tensor([[5]])")
    XCTAssertEqual(try Tensor.zeros([0, 3]).description, "tensor([], shape: [0, 3])")
    XCTAssertEqual(try Tensor.zeros([2, 0]).description, "tensor([], shape: [2, 0])")
    XCTAssertEqual(try Tensor(matrix: []).description, "tensor([], shape: [0, 0])")
  }

  func testSummarisedMatrices() throws {
    XCTAssertEqual(
      try Tensor.arange(stop: 10000).reshaped([100, 100]).description,
      """
      tensor([[   0,    1,    2, ...,   97,   98,   99],
              [ 100,  101,  102, ...,  197,  198,  199],
              [ 200,  201,  202, ...,  297,  298,  299],
              ...,
              [9700, 9701, 9702, ..., 9797, 9798, 9799],
              [9800, 9801, 9802, ..., 9897, 9898, 9899],
              [9900, 9901, 9902, ..., 9997, 9998, 9999]])
      """)
    // Only the long axis is summarised.
    XCTAssertEqual(
      try Tensor.arange(stop: 1200).reshaped([2, 600]).description,
      """
      tensor([[   0,    1,    2, ...,  597,  598,  599],
              [ 600,  601,  602, ..., 1197, 1198, 1199]])
      """)
    XCTAssertEqual(
      try Tensor.arange(stop: 1002).reshaped([501, 2]).description,
      """
      tensor([[   0,    1],
              [   2,    3],
              [   4,    5],
              ...,
              [ 996,  997],
              [ 998,  999],
              [1000, 1001]])
      """)
    // At the threshold nothing is summarised.
    XCTAssertFalse(try Tensor.zeros([10, 100]).description.contains("..."))
  }

  func testTensorOrScalarDescription() {
    XCTAssertEqual(TensorOrScalar.scalar(2).description, "2")
    XCTAssertEqual(TensorOrScalar.tensor(vec(1)).description, "tensor([1])")
    XCTAssertEqual(TensorError("boom").description, "boom")
  }
}
