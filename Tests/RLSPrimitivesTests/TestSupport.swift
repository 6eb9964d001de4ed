import XCTest

@testable import RLSPrimitives

/// The one float comparison of the metric tests: `a` and `b` agree when
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
  XCTAssertTrue(isClose(a, b, rtol: rtol, atol: atol), "\(a) != \(b) \(message())", file: file, line: line)
}

/// Asserts that `body` throws a `MetricError` whose message contains `text`.
func assertMetricError<T>(
  _ text: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T
) {
  do {
    _ = try body()
    XCTFail("expected an error containing \"\(text)\"", file: file, line: line)
  } catch let e as MetricError {
    XCTAssertTrue(e.message.contains(text), "\"\(e.message)\" does not contain \"\(text)\"", file: file, line: line)
  } catch {
    XCTFail("unexpected error \(error)", file: file, line: line)
  }
}

/// A small deterministic generator for test data (xorshift64*).
struct TestRNG {
  var state: UInt64
  init(_ seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
  mutating func next() -> UInt64 {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    return state &* 0x2545_F491_4F6C_DD1D
  }
  mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
