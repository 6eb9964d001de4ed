import Foundation
import RLSCore
import RLSLibrary
import XCTest

extension XCTestCase {
  /// A session whose printed output is discarded.
  func quietSession() -> Session {
    let s = NativeLibrary.makeSession()
    s.vm.write = { _ in }
    return s
  }

  /// Runs `source` in `session` on a thread with a large stack, requests an
  /// interrupt after `delay` seconds (as Ctrl-C or a kernel interrupt does)
  /// and waits for the evaluation to return. Asserts that it returned
  /// normally and left no interrupt pending.
  func evaluateInterrupted(_ source: String, in session: Session, after delay: Double = 0.5, timeout: Double = 30) {
    let done = expectation(description: "stopped")
    var failure: Error?
    let t = Thread {
      do { _ = try session.evaluate(source, name: "<interrupted>") } catch { failure = error }
      done.fulfill()
    }
    t.stackSize = 64 << 20
    t.start()
    Thread.sleep(forTimeInterval: delay)
    Interrupt.request()
    wait(for: [done], timeout: timeout)
    XCTAssertNil(failure)
    XCTAssertFalse(Interrupt.isRequested)
  }

  /// `expression` evaluated in `session`, in its printed form.
  func shown(_ expression: String, in session: Session) throws -> String {
    session.vm.display(try session.evaluate(expression, name: "<t>"))
  }
}
