import Foundation
import RLSCore
import RLSLibrary
import XCTest

/// The Session API shared by the REPL and the kernel.
final class SessionTests: XCTestCase {
  func session() -> (Session, () -> String) {
    let s = NativeLibrary.makeSession()
    var out = ""
    s.vm.write = { out += $0 }
    return (s, { out })
  }

  func testStateSurvivesErrors() throws {
    let (s, _) = session()
    _ = try s.evaluate("let x = 41", name: "<cell 1>")
    XCTAssertThrowsError(try s.evaluate("x + nope", name: "<cell 2>"))
    XCTAssertThrowsError(try s.evaluate("fn f() { error(\"e\") }\nf()", name: "<cell 3>"))
    let v = try s.evaluate("x + 1", name: "<cell 4>")
    XCTAssertEqual(s.vm.display(v), "42")
  }

  func testLastExpressionValue() throws {
    let (s, _) = session()
    XCTAssertEqual(s.vm.formatValue(try s.evaluate("[1, \"a\"]", name: "<t>")), "[1, \"a\"]")
    XCTAssertTrue(try s.evaluate("let y = 3", name: "<t>").isNil)
    XCTAssertTrue(try s.evaluate("print(1)", name: "<t>").isNil)
  }

  func testCompletions() throws {
    let (s, _) = session()
    _ = try s.evaluate("let config = {alpha: 1, beta: 2}\nlet épée = 1", name: "<t>")
    XCTAssertEqual(s.completions("json.pa", cursor: 7).matches, ["parse"])
    let c = s.completions("x = json.st", cursor: 11)
    XCTAssertEqual(c.start, 9)
    XCTAssertEqual(c.end, 11)
    XCTAssertEqual(c.matches, ["stringify"])
    XCTAssertEqual(s.completions("config.b", cursor: 8).matches, ["beta"])
    XCTAssertTrue(s.completions("pri", cursor: 3).matches.contains("print"))
    // Cursor offsets count Unicode scalars: "é" before the cursor is one.
    let u = s.completions("é + ép", cursor: 6)
    XCTAssertEqual(u.start, 4)
    XCTAssertEqual(u.matches, ["épée"])
    XCTAssertEqual(s.completions("nosuch.x", cursor: 8).matches, [])
  }

  func testHelp() {
    let (s, _) = session()
    XCTAssertTrue(s.help("len")?.hasPrefix("len(x)\n\n") ?? false)
    XCTAssertTrue(s.help("json.parse")?.hasPrefix("json.parse(text)") ?? false)
    XCTAssertTrue(s.help("json")?.contains("json.stringify(value, indent:, sort_keys:)") ?? false)
    XCTAssertNil(s.help("no_such_name"))
  }

  func testIncompleteIsTheParsersOwnResult() {
    let (s, _) = session()
    for text in ["fn f() {", "[1, 2", "\"abc", "1 +", "if x {} else"] {
      guard case .incomplete = s.parse(Source(name: "<t>", text: text)) else { return XCTFail("\(text) should be incomplete") }
    }
    for text in ["print(1))", "let 5 = 3"] {
      guard case .failure = s.parse(Source(name: "<t>", text: text)) else { return XCTFail("\(text) should be invalid") }
    }
  }

  func testCheckDoesNotRun() {
    let (s, out) = session()
    XCTAssertNil(s.check(Source(name: "<t>", text: "print(\"ran\")")))
    XCTAssertEqual(out(), "")
    let e = s.check(Source(name: "<t>", text: "print(missing_name)"))
    XCTAssertEqual(e?.kind, .name)
  }

  func testInterruptStopsRunningCodeAndKeepsState() throws {
    let (s, _) = session()
    _ = try s.evaluate("let kept = 7", name: "<t>")
    let done = expectation(description: "stopped")
    var failure: RLSError?
    let t = Thread {
      do { _ = try s.evaluate("let i = 0\nwhile true { i += 1 }", name: "<loop>") } catch let e as RLSError { failure = e } catch {}
      done.fulfill()
    }
    t.stackSize = 64 << 20
    t.start()
    Thread.sleep(forTimeInterval: 0.2)
    Interrupt.request()
    wait(for: [done], timeout: 5)
    XCTAssertEqual(failure?.kind, .interrupt)
    XCTAssertEqual(s.vm.display(try s.evaluate("kept", name: "<t>")), "7")
  }

  func testRenderedErrorBlock() throws {
    let (s, _) = session()
    do {
      _ = try s.evaluate("fn g(t) {\n  t[5]\n}\ng([1, 2])", name: "cell.rls")
      XCTFail("expected an error")
    } catch let e as RLSError {
      XCTAssertEqual(
        ErrorRenderer.render(e),
        """
        cell.rls:2:4: error: index 5 is out of range for a list of length 2
            2 |   t[5]
              |    ^
          at g (cell.rls:2)
          at <script> (cell.rls:4)
        """)
      XCTAssertEqual(e.kind.rawValue, "IndexError")
    }
  }

  func testCollectionUnderStressKeepsValuesAlive() throws {
    let s = NativeLibrary.makeSession(gcStress: true)
    var out = ""
    s.vm.write = { out += $0 }
    _ = try s.evaluate(
      """
      let keep = map(range(200), fn(i) { {id: i, name: "n" + str(i), xs: [i, [i]]} })
      let total = 0
      for row in keep { total += row.xs[1][0] }
      print(total, keep[199].name)
      """, name: "<gc>")
    XCTAssertEqual(out, "19900 n199\n")
    XCTAssertGreaterThan(s.vm.heap.collections, 100)
  }
}
