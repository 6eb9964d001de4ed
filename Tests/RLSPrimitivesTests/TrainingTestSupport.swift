import XCTest

/// The one float comparison of these tests: `|a - b| <= atol + rtol · max(|a|, |b|)`.
func assertClose(
  _ a: Double, _ b: Double, rtol: Double = 1e-12, atol: Double = 1e-12,
  _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertTrue(
    Swift.abs(a - b) <= atol + rtol * Swift.max(Swift.abs(a), Swift.abs(b)), "\(a) != \(b) \(message())",
    file: file, line: line)
}
