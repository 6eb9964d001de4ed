import Foundation
import RLSCore
import RLSLibrary
import XCTest

/// An interrupt during `rm.bradley_terry` returns the partial result.
final class RMInterruptTests: XCTestCase {
  func testInterruptReturnsThePartialModel() throws {
    let s = NativeLibrary.makeSession()
    s.vm.write = { _ in }
    let done = expectation(description: "stopped")
    var failure: Error?
    let t = Thread {
      do {
        _ = try s.evaluate(
          """
          let g = rng(1)
          let a = reshape(g.normal(4000), [1000, 4])
          let b = reshape(g.normal(4000), [1000, 4])
          let r = rm.bradley_terry(a, b, model: [16], epochs: 1000000, batch_size: 10, progress: false)
          """, name: "<rm>")
      } catch { failure = error }
      done.fulfill()
    }
    t.stackSize = 64 << 20
    t.start()
    Thread.sleep(forTimeInterval: 0.5)
    Interrupt.request()
    wait(for: [done], timeout: 20)
    XCTAssertNil(failure)
    XCTAssertEqual(s.vm.display(try s.evaluate("r.interrupted", name: "<t>")), "true")
    XCTAssertEqual(s.vm.display(try s.evaluate("len(r.losses) == r.iterations and r.iterations < 1000000", name: "<t>")), "true")
    XCTAssertEqual(s.vm.display(try s.evaluate("rm.score(r.model, a).shape", name: "<t>")), "[1000]")
    XCTAssertFalse(Interrupt.isRequested)
  }
}
