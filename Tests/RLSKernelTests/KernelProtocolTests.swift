import Foundation
import RLSJSON
import XCTest

@testable import RLSKernel

/// The protocol rules new kernels commonly get wrong, checked through the
/// in-memory transport.
final class KernelProtocolTests: XCTestCase {
  var fe: FrontEnd!

  override func setUp() { fe = FrontEnd() }
  override func tearDown() {
    fe.shutdown()
    fe = nil
  }

  func statuses(_ id: String) -> [String] {
    fe.children(of: id).filter { $0.message.type == "status" }.compactMap { $0.message.content["execution_state"]?.string }
  }

  func testKernelInfoOnShellAndControl() {
    for channel in [Channel.shell, .control] {
      let id = fe.send("kernel_info_request", on: channel)
      let msgs = fe.waitIdle(id)
      let reply = msgs.first { $0.message.type == "kernel_info_reply" }
      XCTAssertEqual(reply?.channel, channel)
      let info = reply?.message.content
      XCTAssertEqual(info?["protocol_version"]?.string, "5.3")
      XCTAssertEqual(info?["language_info"]?["name"]?.string, "rlscript")
      XCTAssertEqual(info?["language_info"]?["file_extension"]?.string, ".rls")
      XCTAssertEqual(info?["language_info"]?["mimetype"]?.string, "text/x-rlscript")
      XCTAssertEqual(statuses(id), ["busy", "idle"])
    }
  }

  func testHeadersParentAndIdentitiesEchoedExactly() {
    let (frames, header) = fe.frames("kernel_info_request", .emptyObject)
    fe.transport.deliver(frames, on: .shell)
    let id = try! JSON.parse(String(decoding: header, as: UTF8.self))["msg_id"]!.string!
    fe.waitIdle(id)
    let raw = fe.transport.sent.first { $0.channel == .shell }!.frames
    XCTAssertEqual(raw[0], fe.identity)
    XCTAssertEqual(raw[1], Wire.delimiter)
    XCTAssertEqual(raw[4], header, "parent_header must be the request's header, byte for byte")
    for (_, m) in fe.children(of: id) {
      XCTAssertEqual(m.header["version"]?.string, "5.3")
      XCTAssertEqual(m.header["session"]?.string, fe.kernel.headers.session)
      XCTAssertNotNil(m.header["date"]?.string)
    }
  }

  func testSeveralRoutingIdentitiesAreEchoed() {
    var (frames, header) = fe.frames("kernel_info_request", .emptyObject)
    let proxy: [UInt8] = [0, 1, 2, 255]
    frames.insert(proxy, at: 0)
    fe.transport.deliver(frames, on: .control)
    let id = try! JSON.parse(String(decoding: header, as: UTF8.self))["msg_id"]!.string!
    fe.waitIdle(id)
    let raw = fe.transport.sent.first { $0.channel == .control }!.frames
    XCTAssertEqual(Array(raw.prefix(3)), [proxy, fe.identity, Wire.delimiter])
  }

  func testSignatureIsCheckedBeforeJSON() {
    let parts = [Array("{not json".utf8), Wire.emptyObject, Wire.emptyObject, Wire.emptyObject]
    let bad = [Wire.delimiter, Array(String(repeating: "a", count: 64).utf8)] + parts
    guard case .failure(let reason) = Wire.decode(bad, signer: fe.signer) else { return XCTFail("accepted") }
    XCTAssertEqual(reason, .badSignature)
    let good = [Wire.delimiter, fe.signer.sign(parts[...])] + parts
    guard case .failure(let reason2) = Wire.decode(good, signer: fe.signer) else { return XCTFail("accepted") }
    XCTAssertEqual(reason2, .badJSON("header"))
  }

  func testBusyIdleAroundEveryRequestAndNothingAfterIdle() {
    let ids = [
      fe.send("execute_request", .obj([("code", "1 +* 2")])),
      fe.send("execute_request", .obj([("code", "error(\"x\")")])),
      fe.send("complete_request", .obj([("code", "pri"), ("cursor_pos", 3)])),
      fe.send("no_such_request"),
      fe.send("comm_info_request"),
      fe.send("history_request", .obj([("hist_access_type", "tail"), ("n", 3), ("output", false), ("raw", true)])),
    ]
    for id in ids { fe.waitIdle(id) }
    Thread.sleep(forTimeInterval: 0.2)
    for id in ids {
      let iopub = fe.children(of: id).filter { $0.channel == .iopub }.map(\.message)
      XCTAssertEqual(iopub.first?.type, "status")
      XCTAssertEqual(iopub.first?.content["execution_state"]?.string, "busy")
      XCTAssertEqual(iopub.last?.content["execution_state"]?.string, "idle", "nothing may follow idle")
      XCTAssertEqual(statuses(id).count, 2)
    }
  }

  func testForgedUnsignedAndMalformedMessagesAreDropped() {
    let forged = fe.frames("execute_request", .obj([("code", "let pwned = 1")]), signature: Array(String(repeating: "0", count: 64).utf8))
    fe.transport.deliver(forged.frames, on: .shell)
    let unsigned = fe.frames("execute_request", .obj([("code", "let pwned = 2")]), signature: [])
    fe.transport.deliver(unsigned.frames, on: .shell)
    // Signed with another key.
    let other = Signer(key: "wrong")
    var wrong = fe.frames("execute_request", .obj([("code", "let pwned = 3")]))
    wrong.frames[2] = other.sign(wrong.frames[3...6])
    fe.transport.deliver(wrong.frames, on: .control)
    // Valid signature over tampered content.
    var tampered = fe.frames("execute_request", .obj([("code", "1")]))
    tampered.frames[6] = Wire.bytes(.obj([("code", "let pwned = 4")]))
    fe.transport.deliver(tampered.frames, on: .shell)
    // Malformed frames.
    fe.transport.deliver([], on: .shell)
    fe.transport.deliver([Array("no delimiter".utf8)], on: .shell)
    fe.transport.deliver([Wire.delimiter, [1, 2, 3]], on: .control)
    let parts = [Array("{not json".utf8), Wire.emptyObject, Wire.emptyObject, Wire.emptyObject]
    fe.transport.deliver([Wire.delimiter, fe.signer.sign(parts[...])] + parts, on: .shell)
    let noType = [Wire.bytes(.obj([("msg_id", "x")])), Wire.emptyObject, Wire.emptyObject, Wire.emptyObject]
    fe.transport.deliver([Wire.delimiter, fe.signer.sign(noType[...])] + noType, on: .shell)
    // The kernel is still up, and ran none of it.
    let (reply, outputs) = fe.execute("has_pwned = 0\n1")
    XCTAssertEqual(reply.content["status"]?.string, "error")
    XCTAssertEqual(outputs.first { $0.type == "error" }?.content["ename"]?.string, "NameError")
    XCTAssertEqual(fe.sent().filter { $0.message.parentHeader["msg_type"]?.string == "execute_request" }.count, outputs.count + 3)
  }

  func testUnicodeCursorOffsetsAreCodePoints() {
    _ = fe.execute("let café = 1\nlet naïve = {ünï: 1, two: 2}")
    // "😀" is one code point (two UTF-16 units); "é" one (maybe two in NFD, not here).
    let code = "\"😀\" + caf"
    XCTAssertEqual(code.unicodeScalars.count, 9)
    let id = fe.send("complete_request", .obj([("code", .string(code)), ("cursor_pos", 9)]))
    let r = fe.waitIdle(id).first { $0.message.type == "complete_reply" }!.message.content
    XCTAssertEqual(r["matches"], .array(["café"]))
    XCTAssertEqual(r["cursor_start"]?.int, 6)
    XCTAssertEqual(r["cursor_end"]?.int, 9)
    let id2 = fe.send("complete_request", .obj([("code", "naïve.ü"), ("cursor_pos", 7)]))
    let r2 = fe.waitIdle(id2).first { $0.message.type == "complete_reply" }!.message.content
    XCTAssertEqual(r2["matches"], .array(["ünï"]))
    XCTAssertEqual(r2["cursor_start"]?.int, 6)
  }

  func testCommOpenForUnknownTargetIsClosed() {
    let id = fe.send("comm_open", .obj([("comm_id", "c1"), ("target_name", "nope"), ("data", .emptyObject)]))
    let msgs = fe.waitIdle(id)
    let close = msgs.first { $0.message.type == "comm_close" }
    XCTAssertEqual(close?.channel, .iopub)
    XCTAssertEqual(close?.message.content["comm_id"]?.string, "c1")
    XCTAssertNil(msgs.first { $0.channel == .shell }, "comm messages get no reply")
  }
}
