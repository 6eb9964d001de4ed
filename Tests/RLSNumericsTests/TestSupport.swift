import XCTest

@testable import RLSNumerics

/// The one float comparison of the numerics tests: `a` and `b` agree when
/// `|a - b| <= atol + rtol * max(|a|, |b|)`. Two `NaN`s agree; infinities
/// agree only with themselves.
func isClose(_ a: Double, _ b: Double, rtol: Double = 1e-12, atol: Double = 1e-12) -> Bool {
  if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
  if a.isInfinite || b.isInfinite { return a == b }
  return Swift.abs(a - b) <= atol + rtol * Swift.max(Swift.abs(a), Swift.abs(b))
}

/// Asserts two numbers agree within tolerance (see `isClose`).
func assertClose(
  _ a: Double, _ b: Double, rtol: Double = 1e-12, atol: Double = 1e-12,
  _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertTrue(
    isClose(a, b, rtol: rtol, atol: atol), "\(a) != \(b) \(message())", file: file, line: line)
}

/// Asserts two tensors have the same shape and elements within tolerance.
func assertClose(
  _ a: Tensor, _ b: Tensor, rtol: Double = 1e-12, atol: Double = 1e-12,
  _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
  guard a.shape == b.shape else {
    XCTFail("shapes \(a.shape) != \(b.shape) \(message())", file: file, line: line)
    return
  }
  for i in 0..<a.count where !isClose(a.storage[i], b.storage[i], rtol: rtol, atol: atol) {
    XCTFail(
      "element \(i): \(a.storage[i]) != \(b.storage[i]) \(message())", file: file, line: line)
    return
  }
}

/// Asserts a tensor-or-number result matches the expected one within tolerance.
func assertClose(
  _ a: TensorOrScalar, _ b: TensorOrScalar, rtol: Double = 1e-12, atol: Double = 1e-12,
  _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
  switch (a, b) {
  case (.scalar(let x), .scalar(let y)):
    assertClose(x, y, rtol: rtol, atol: atol, message(), file: file, line: line)
  case (.tensor(let x), .tensor(let y)):
    assertClose(x, y, rtol: rtol, atol: atol, message(), file: file, line: line)
  default:
    XCTFail("\(a) is not \(b) \(message())", file: file, line: line)
  }
}

/// Asserts that `body` throws a `TensorError` whose message is `expected`
/// (or contains it, when `contains` is set).
func assertTensorError<T>(
  _ expected: String, contains: Bool = false, file: StaticString = #filePath, line: UInt = #line,
  _ body: () throws -> T
) {
  do {
    let value = try body()
    XCTFail("expected error \"\(expected)\", got \(value)", file: file, line: line)
  } catch let error as TensorError {
    if contains {
      XCTAssertTrue(
        error.message.contains(expected), "\"\(error.message)\" lacks \"\(expected)\"",
        file: file, line: line)
    } else {
      XCTAssertEqual(error.message, expected, file: file, line: line)
    }
  } catch {
    XCTFail("unexpected error type \(error)", file: file, line: line)
  }
}

/// A tiny deterministic source of test data, independent of `RNG`
/// (a 64-bit linear congruential generator, Knuth's MMIX constants).
struct TestData {
  var state: UInt64
  init(_ seed: UInt64) { state = seed }

  mutating func next() -> Double {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Double(state >> 11) / 9_007_199_254_740_992.0
  }

  /// Values in [-5, 5) with a few exact integers mixed in (ties matter for
  /// argmax and sorting).
  mutating func values(_ n: Int) -> [Double] {
    (0..<n).map { _ in
      let u = next()
      return u < 0.2 ? Double(Int(next() * 4)) : u * 10 - 5
    }
  }

  mutating func tensor(_ shape: [Int]) -> Tensor {
    let n = shape.reduce(1, *)
    return try! Tensor(shape: shape, storage: values(n))
  }
}

/// Element (i, j) of `t` viewed as numpy right-aligns it into 2-D
/// (a vector is one row), for naive reference code.
func at(_ t: Tensor, _ i: Int, _ j: Int) -> Double {
  t.rank == 1 ? t.storage[j] : t.storage[i * t.shape[1] + j]
}

/// The `(rows, cols)` of `t` right-aligned into 2-D.
func dims2(_ t: Tensor) -> (Int, Int) {
  t.rank == 1 ? (1, t.shape[0]) : (t.shape[0], t.shape[1])
}

/// Shorthand for building test tensors from literals.
func vec(_ xs: Double...) -> Tensor { Tensor(vector: xs) }

func mat(_ rows: [[Double]]) -> Tensor {
  try! Tensor(matrix: rows)
}
