import RLSNumerics
import RLSPrimitives
import XCTest

/// The float comparison of the estimator tests (named apart from the metrics tests' helpers): `|a − b| ≤ atol + rtol·max(|a|, |b|)`;
/// two NaNs agree, infinities only with themselves.
func estClose(_ a: Double, _ b: Double, rtol: Double = 1e-12, atol: Double = 1e-12) -> Bool {
  if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
  if a.isInfinite || b.isInfinite { return a == b }
  return Swift.abs(a - b) <= atol + rtol * Swift.max(Swift.abs(a), Swift.abs(b))
}

func assertEstClose(
  _ a: Double, _ b: Double, rtol: Double = 1e-12, atol: Double = 1e-12, _ message: @autoclosure () -> String = "",
  file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertTrue(estClose(a, b, rtol: rtol, atol: atol), "\(a) != \(b) \(message())", file: file, line: line)
}

func assertEstClose(
  _ a: [Double], _ b: [Double], rtol: Double = 1e-12, atol: Double = 1e-12, _ message: @autoclosure () -> String = "",
  file: StaticString = #filePath, line: UInt = #line
) {
  guard a.count == b.count else { return XCTFail("counts \(a.count) != \(b.count) \(message())", file: file, line: line) }
  for i in a.indices where !estClose(a[i], b[i], rtol: rtol, atol: atol) {
    return XCTFail("element \(i): \(a[i]) != \(b[i]) \(message())", file: file, line: line)
  }
}

/// Asserts `body` throws an `EstimatorError` whose message contains `text`.
func assertEstimatorError<T>(_ text: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T) {
  do {
    _ = try body()
    XCTFail("expected an error containing \"\(text)\"", file: file, line: line)
  } catch let e as EstimatorError {
    XCTAssertTrue(e.message.contains(text), "\"\(e.message)\" does not contain \"\(text)\"", file: file, line: line)
  } catch {
    XCTFail("unexpected error \(error)", file: file, line: line)
  }
}

/// Random test data from the project's generator (fixed seeds).
struct Draws {
  var rng: RNG
  init(_ seed: UInt64) { rng = RNG(seed: seed) }
  mutating func uniform(_ n: Int, _ lo: Double = 0, _ hi: Double = 1) -> [Double] { (0..<n).map { _ in lo + (hi - lo) * rng.uniform() } }
  mutating func integers(_ n: Int, below k: Int) -> [Double] { (0..<n).map { _ in Double(try! rng.integer(lo: 0, hi: k)) } }
  /// `n` rows of a random distribution over `k` actions (some rows deterministic when `deterministic`).
  mutating func distributions(_ n: Int, _ k: Int, deterministic: Bool = false) -> [Double] {
    var out: [Double] = []
    for i in 0..<n {
      if deterministic && i % 3 == 0 {
        let a = try! rng.integer(lo: 0, hi: k)
        out += (0..<k).map { $0 == a ? 1 : 0 }
      } else {
        let x = uniform(k, 0.01, 1)
        let s = x.reduce(0, +)
        out += x.map { $0 / s }
      }
    }
    return out
  }
}
