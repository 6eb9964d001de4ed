import Foundation
import RLSCore
import RLSLibrary
import XCTest

/// An interrupt during `rm.bradley_terry` returns the partial result.
final class RMInterruptTests: XCTestCase {
  func testInterruptReturnsThePartialModel() throws {
    let s = quietSession()
    evaluateInterrupted(
      """
      let g = rng(1)
      let a = reshape(g.normal(4000), [1000, 4])
      let b = reshape(g.normal(4000), [1000, 4])
      let r = rm.bradley_terry(a, b, model: [16], epochs: 1000000, batch_size: 10, progress: false)
      """, in: s, timeout: 20)
    XCTAssertEqual(try shown("r.interrupted", in: s), "true")
    XCTAssertEqual(try shown("len(r.losses) == r.iterations and r.iterations < 1000000", in: s), "true")
    XCTAssertEqual(try shown("rm.score(r.model, a).shape", in: s), "[1000]")
  }
}
