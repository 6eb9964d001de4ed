import Foundation
import RLSCore
@testable import RLSLibrary
import XCTest

/// The shared training-loop driver (`train.loop` and every trainer built on it).
final class TrainingLoopTests: XCTestCase {
  func testInterruptReturnsThePartialResult() throws {
    let s = NativeLibrary.makeSession()
    s.vm.write = { _ in }
    let done = expectation(description: "stopped")
    var result: Value = .null
    var failure: Error?
    let t = Thread {
      do {
        result = try s.evaluate(
          "let r = train.loop(1000000, fn(i) { let s = 0\nfor k in range(2000) { s += k }\n{step: i} })\nr", name: "<loop>")
      } catch { failure = error }
      done.fulfill()
    }
    t.stackSize = 64 << 20
    t.start()
    Thread.sleep(forTimeInterval: 0.3)
    Interrupt.request()
    wait(for: [done], timeout: 10)
    XCTAssertNil(failure)
    XCTAssertEqual(s.vm.display(try s.evaluate("r.interrupted", name: "<t>")), "true")
    let n = try s.evaluate("r.iterations", name: "<t>")
    guard case .number(let iterations) = n else { return XCTFail("iterations is not a number") }
    XCTAssertGreaterThan(iterations, 0)
    XCTAssertLessThan(iterations, 1_000_000)
    // The curve holds exactly the completed iterations, and the session goes on.
    XCTAssertEqual(s.vm.display(try s.evaluate("len(r.curve.step) == r.iterations", name: "<t>")), "true")
    XCTAssertFalse(Interrupt.isRequested)
  }

  func testProgressLineShowsCountBarAndStatistics() {
    let line = ProgressBar.line(title: "ppo", done: 3, total: 8, stats: [("loss", 0.5), ("return", 123.456)], elapsed: 1.25, width: 24)
    XCTAssertTrue(line.hasPrefix("ppo 3/8 ["), line)
    XCTAssertTrue(line.contains("█████████"), line)
    XCTAssertTrue(line.hasSuffix("loss 0.5  return 123.5"), line)
  }
}
