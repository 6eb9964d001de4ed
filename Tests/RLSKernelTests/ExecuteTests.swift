import Foundation
import RLSJSON
import XCTest

@testable import RLSKernel

/// execute_request: results, streams, errors, counts, display, stdin, interrupt.
final class ExecuteTests: XCTestCase {
  var fe: FrontEnd!

  override func setUp() { fe = FrontEnd() }
  override func tearDown() {
    fe.shutdown()
    fe = nil
  }

  func testResultStreamAndCount() {
    let (r1, o1) = fe.execute("print(\"hello, world\")\n6 * 7")
    XCTAssertEqual(r1.content["status"]?.string, "ok")
    XCTAssertEqual(r1.content["execution_count"]?.int, 1)
    XCTAssertEqual(o1.map(\.type), ["execute_input", "stream", "execute_result"])
    XCTAssertEqual(o1[1].content["text"]?.string, "hello, world\n")
    XCTAssertEqual(o1[2].content["data"]?["text/plain"]?.string, "42")
    XCTAssertEqual(o1[2].content["execution_count"]?.int, 1)
    let (r2, o2) = fe.execute("\"s\"")
    XCTAssertEqual(r2.content["execution_count"]?.int, 2)
    XCTAssertEqual(o2.last?.content["data"]?["text/plain"]?.string, "\"s\"")
  }

  func testStoreHistoryFalseAndSilentDoNotAdvanceTheCount() {
    _ = fe.execute("let a = 1")
    let (r, o) = fe.execute("a + 1", [("store_history", false)])
    XCTAssertEqual(r.content["execution_count"]?.int, 1)
    XCTAssertEqual(o.first?.content["execution_count"]?.int, 1)
    let (rs, os) = fe.execute("print(\"quiet\")\na", [("silent", true)])
    XCTAssertEqual(rs.content["execution_count"]?.int, 1)
    XCTAssertEqual(os.count, 0, "silent publishes nothing but status")
    XCTAssertEqual(fe.execute("a").reply.content["execution_count"]?.int, 2)
  }

  func testExactlyOneErrorOutput() {
    let (r, o) = fe.execute("fn f(x) {\n  x + nil\n}\nf(1)")
    XCTAssertEqual(r.content["status"]?.string, "error")
    XCTAssertEqual(o.map(\.type), ["execute_input", "error"])
    let e = o[1].content
    XCTAssertEqual(e["ename"]?.string, "TypeError")
    XCTAssertEqual(r.content["ename"], e["ename"])
    XCTAssertEqual(r.content["evalue"], e["evalue"])
    guard case .array(let tb)? = e["traceback"] else { return XCTFail("no traceback") }
    XCTAssertTrue(tb.contains { $0.string?.contains("at f (<cell 1>:2)") ?? false })
    // The session stays usable.
    XCTAssertEqual(fe.execute("f").reply.content["status"]?.string, "ok")
  }

  func testStopOnErrorAbortsQueuedExecutions() {
    let slow = fe.send("execute_request", .obj([("code", "let i = 0\nwhile i < 2000000 { i += 1 }\nerror(\"boom\")")]))
    let queued = fe.send("execute_request", .obj([("code", "let ran = 1")]))
    fe.waitIdle(slow)
    fe.waitIdle(queued)
    XCTAssertEqual(fe.reply(queued)?.content["ename"]?.string, "Aborted")
    XCTAssertEqual(fe.execute("ran").reply.content["status"]?.string, "error")
  }

  func testDisplayUpdateAndClear() {
    let (_, o) = fe.execute(
      "display([{a: 1, b: 2}, {a: 3, b: 4}], id: \"p\")\ndisplay(\"50%\", id: \"p\", update: true)\ndisplay_svg(\"<svg/>\")\nclear_output(wait: true)"
    )
    XCTAssertEqual(o.map(\.type), ["execute_input", "display_data", "update_display_data", "display_data", "clear_output"])
    XCTAssertEqual(o[1].content["transient"]?["display_id"]?.string, "p")
    XCTAssertTrue(o[1].content["data"]?["text/html"]?.string?.contains("<th>a</th>") ?? false)
    XCTAssertEqual(o[2].content["data"]?["text/plain"]?.string, "50%")
    XCTAssertEqual(o[3].content["data"]?["image/svg+xml"]?.string, "<svg/>")
    XCTAssertEqual(o[4].content["wait"], .bool(true))
  }

  func testTensorResultHasHTMLTable() {
    let (_, o) = fe.execute("tensor([[1, 2], [3, 4]])")
    XCTAssertEqual(o.last?.content["data"]?["text/html"]?.string?.hasPrefix("<table>"), true)
    XCTAssertNotNil(o.last?.content["data"]?["text/plain"]?.string)
  }

  func testFigureResultIsSVG() {
    let (_, o) = fe.execute("plot.line([1, 3, 2], title: \"t\")")
    XCTAssertEqual(o.last?.type, "execute_result")
    XCTAssertTrue(o.last?.content["data"]?["image/svg+xml"]?.string?.contains("<svg") ?? false)
    XCTAssertEqual(o.last?.content["data"]?["text/plain"]?.string, "<figure \"t\": 1 series>")
    let (_, d) = fe.execute("display(plot.hist([1, 2, 2, 3]))")
    XCTAssertNotNil(d.last?.content["data"]?["image/svg+xml"]?.string)
  }

  func testLargeOutputIsChunked() {
    let (r, o) = fe.execute("let line = join(map(range(99), fn(i) { \"x\" }), \"\")\nfor i in range(21000) { print(line) }")
    XCTAssertEqual(r.content["status"]?.string, "ok")
    let streams = o.filter { $0.type == "stream" }.compactMap { $0.content["text"]?.string }
    XCTAssertEqual(streams.reduce(0) { $0 + $1.utf8.count }, 21000 * 100)
    XCTAssertTrue(streams.allSatisfy { $0.utf8.count <= fe.kernel.publisher.chunkBytes })
    XCTAssertLessThan(streams.count, 2000, "output is batched, not one message per line")
  }

  func testStdinInputRequest() {
    let id = fe.send("execute_request", .obj([("code", "let name = input(\"name? \")\nprint(\"hi \" + name)"), ("allow_stdin", true)]))
    XCTAssertTrue(
      fe.transport.wait { sent in sent.contains { $0.channel == .stdin } }, "input_request expected on stdin")
    let request = fe.sent().first { $0.channel == .stdin }!.message
    XCTAssertEqual(request.type, "input_request")
    XCTAssertEqual(request.content["prompt"]?.string, "name? ")
    XCTAssertEqual(request.identities, [fe.identity])
    fe.send("input_reply", .obj([("value", "Ada")]), on: .stdin)
    fe.waitIdle(id)
    XCTAssertEqual(fe.outputs(id).first { $0.type == "stream" }?.content["text"]?.string, "hi Ada\n")
    // Without allow_stdin, input() gives nil at once.
    XCTAssertEqual(fe.execute("input()", [("allow_stdin", false)]).reply.content["status"]?.string, "ok")
  }

  func testInterruptStopsARunningLoopAndKeepsState() {
    _ = fe.execute("let kept = 41")
    let id = fe.send("execute_request", .obj([("code", "while true { kept = kept }")]))
    XCTAssertTrue(fe.transport.wait { sent in sent.contains { $0.channel == .iopub && $0.frames.count > 6 } })
    Thread.sleep(forTimeInterval: 0.2)
    // Control is answered while the cell runs.
    let info = fe.send("kernel_info_request", on: .control)
    fe.waitIdle(info, timeout: 2)
    let start = Date()
    let interrupt = fe.send("interrupt_request", on: .control)
    fe.waitIdle(interrupt, timeout: 2)
    XCTAssertEqual(fe.reply(interrupt)?.type, "interrupt_reply")
    fe.waitIdle(id, timeout: 5)
    XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    XCTAssertEqual(fe.reply(id)?.content["ename"]?.string, "Interrupted")
    XCTAssertEqual(fe.execute("kept + 1").outputs.last?.content["data"]?["text/plain"]?.string, "42")
  }

  func testInterruptEndsAnInputWait() {
    let id = fe.send("execute_request", .obj([("code", "input(\"?\")"), ("allow_stdin", true)]))
    XCTAssertTrue(fe.transport.wait { sent in sent.contains { $0.channel == .stdin } })
    fe.send("interrupt_request", on: .control)
    fe.waitIdle(id, timeout: 5)
    XCTAssertEqual(fe.reply(id)?.content["ename"]?.string, "Interrupted")
  }

  func testUserExpressionsAndPager() {
    _ = fe.execute("let z = 5")
    let (r, o) = fe.execute("print(\"side\")", [("user_expressions", .obj([("good", "z * 2"), ("bad", "nope")]))])
    XCTAssertEqual(o.filter { $0.type == "stream" }.count, 1)
    XCTAssertEqual(r.content["user_expressions"]?["good"]?["data"]?["text/plain"]?.string, "10")
    XCTAssertEqual(r.content["user_expressions"]?["bad"]?["status"]?.string, "error")
    let (p, _) = fe.execute(":help len")
    guard case .array(let payload)? = p.content["payload"] else { return XCTFail("no payload") }
    XCTAssertEqual(payload.first?["source"]?.string, "page")
    XCTAssertTrue(payload.first?["data"]?["text/plain"]?.string?.hasPrefix("len(x)") ?? false)
    let (q, _) = fe.execute(":quit")
    XCTAssertEqual(q.content["payload"], .array([.obj([("source", "ask_exit"), ("keepkernel", false)])]))
  }
}
