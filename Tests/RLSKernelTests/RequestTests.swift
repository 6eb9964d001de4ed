import Foundation
import RLSJSON
import XCTest

@testable import RLSKernel

/// complete, inspect, is_complete, history, shutdown.
final class RequestTests: XCTestCase {
  var fe: FrontEnd!

  override func setUp() { fe = FrontEnd() }
  override func tearDown() {
    if let fe, !fe.kernel.isStopping { fe.shutdown() }
    fe = nil
  }

  func reply(_ type: String, _ content: JSON) -> JSON {
    let id = fe.send(type, content)
    fe.waitIdle(id)
    return fe.reply(id)!.content
  }

  func testIsCompleteUsesTheParser() {
    XCTAssertEqual(reply("is_complete_request", .obj([("code", "let x = 1")]))["status"]?.string, "complete")
    let inc = reply("is_complete_request", .obj([("code", "fn f() {")]))
    XCTAssertEqual(inc["status"]?.string, "incomplete")
    XCTAssertEqual(inc["indent"]?.string, "  ")
    XCTAssertEqual(reply("is_complete_request", .obj([("code", "let xs = [1,\n  2,")]))["indent"]?.string, "  ")
    XCTAssertEqual(reply("is_complete_request", .obj([("code", "let = 1")]))["status"]?.string, "invalid")
  }

  func testCompletionOfNamespacesAndMapFields() {
    _ = fe.execute("let cfg = {alpha: 1, beta: 2}")
    let ns = reply("complete_request", .obj([("code", "json.st"), ("cursor_pos", 7)]))
    XCTAssertEqual(ns["matches"], .array(["stringify"]))
    XCTAssertEqual(ns["cursor_start"]?.int, 5)
    let field = reply("complete_request", .obj([("code", "cfg.al + 1"), ("cursor_pos", 6)]))
    XCTAssertEqual(field["matches"], .array(["alpha"]))
    XCTAssertEqual(field["cursor_end"]?.int, 6)
  }

  func testInspectShowsDocStrings() {
    let r = reply("inspect_request", .obj([("code", "json.parse(s)"), ("cursor_pos", 8), ("detail_level", 0)]))
    XCTAssertEqual(r["found"], .bool(true))
    XCTAssertTrue(r["data"]?["text/plain"]?.string?.hasPrefix("json.parse(text)") ?? false)
    let inCall = reply("inspect_request", .obj([("code", "len([1, 2], "), ("cursor_pos", 12)]))
    XCTAssertTrue(inCall["data"]?["text/plain"]?.string?.hasPrefix("len(x)") ?? false)
    XCTAssertEqual(reply("inspect_request", .obj([("code", "zzz"), ("cursor_pos", 1)]))["found"], .bool(false))
    let module = reply("inspect_request", .obj([("code", "json.parse(s)"), ("cursor_pos", 2)]))
    XCTAssertTrue(module["data"]?["text/plain"]?.string?.hasPrefix("module json") ?? false)
  }

  func testHistoryTailRangeSearch() {
    for code in ["1", "let a = 2", "a + 1", "a + 1"] { _ = fe.execute(code) }
    _ = fe.execute("a", [("store_history", false)])
    func rows(_ c: JSON) -> [JSON] {
      guard case .array(let h)? = reply("history_request", c)["history"] else { return [] }
      return h
    }
    let tail = rows(.obj([("hist_access_type", "tail"), ("n", 2), ("output", false), ("raw", true)]))
    XCTAssertEqual(tail, [.array([1, 3, "a + 1"]), .array([1, 4, "a + 1"])])
    let out = rows(.obj([("hist_access_type", "tail"), ("n", 1), ("output", true), ("raw", true)]))
    XCTAssertEqual(out, [.array([1, 4, .array(["a + 1", "3"])])])
    let range = rows(.obj([("hist_access_type", "range"), ("session", 1), ("start", 2), ("stop", 3), ("output", false), ("raw", true)]))
    XCTAssertEqual(range, [.array([1, 2, "let a = 2"])])
    let search = rows(.obj([("hist_access_type", "search"), ("pattern", "a*"), ("output", false), ("raw", true)]))
    XCTAssertEqual(search.count, 2)
    let unique = rows(.obj([("hist_access_type", "search"), ("pattern", "a*"), ("unique", true), ("output", false), ("raw", true)]))
    XCTAssertEqual(unique.count, 1)
    XCTAssertEqual(rows(.obj([("hist_access_type", "search"), ("pattern", "?"), ("output", false), ("raw", true)])).count, 1)
    XCTAssertEqual(rows(.obj([("hist_access_type", "search"), ("pattern", "a?*"), ("output", false), ("raw", true)])).count, 2)
    XCTAssertTrue(History.glob(Array("a*b?".unicodeScalars), Array("a**bc".unicodeScalars)))
    XCTAssertFalse(History.glob(Array("a*b?".unicodeScalars), Array("a**b".unicodeScalars)))
  }

  func testShutdownRepliesAndRunReturnsZero() {
    let id = fe.send("shutdown_request", .obj([("restart", true)]), on: .control)
    fe.waitIdle(id)
    XCTAssertEqual(fe.reply(id)?.content["restart"], .bool(true))
    XCTAssertTrue(fe.waitForExit())
    XCTAssertEqual(fe.exitStatus, 0)
    XCTAssertTrue(fe.transport.isClosed)
  }
}
