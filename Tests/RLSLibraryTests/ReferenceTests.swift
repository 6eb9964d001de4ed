import Foundation
import RLSLibrary
import XCTest

/// docs/reference.md must match what the registration rows generate.
final class ReferenceTests: XCTestCase {
  func testReferenceIsCurrent() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../docs/reference.md").standardized
    let onDisk = (try? String(contentsOf: path, encoding: .utf8)) ?? ""
    XCTAssertTrue(onDisk == Reference.markdown(), "docs/reference.md is stale: run `make reference`")
  }

  func testEveryNativeHasDocumentation() {
    for rows in NativeLibrary.globals + NativeLibrary.namespaces.map(\.rows) {
      for r in rows {
        XCTAssertFalse(r.doc.isEmpty, "\(r.name) has no doc string")
        XCTAssertTrue(r.usage.contains(r.name), "\(r.name): usage line '\(r.usage)' does not name it")
      }
    }
  }
}
