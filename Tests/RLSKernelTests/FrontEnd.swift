import Foundation
import RLSCore
import RLSJSON
import RLSLibrary
import XCTest

@testable import RLSKernel

/// A fake Jupyter front end over `InMemoryTransport`: runs a kernel on a
/// thread, sends signed requests and reads what the kernel sent back.
final class FrontEnd {
  let transport = InMemoryTransport()
  let signer: Signer
  let kernel: Kernel
  let headers = HeaderFactory(session: "test-client")
  let identity = Array("client-1".utf8)
  private let finished = DispatchSemaphore(value: 0)
  private(set) var exitStatus: Int32?

  init(key: String = "test-key") {
    signer = Signer(key: key)
    kernel = Kernel(session: NativeLibrary.makeSession(), transport: transport, key: key, version: "test")
    let kernel = self.kernel
    let done = finished
    nonisolated(unsafe) let me = self
    Thread {
      me.exitStatus = kernel.run()
      done.signal()
    }.start()
  }

  /// Waits for `run` to return.
  func waitForExit(timeout: Double = 10) -> Bool { finished.wait(timeout: .now() + timeout) == .success }

  /// Frames of a signed request; returns them and the header bytes.
  func frames(_ type: String, _ content: JSON, signature: [UInt8]? = nil) -> (frames: [[UInt8]], header: [UInt8]) {
    let header = headers.header(type)
    let parts = [header, Wire.emptyObject, Wire.emptyObject, Wire.bytes(content)]
    return ([identity, Wire.delimiter, signature ?? signer.sign(parts[...])] + parts, header)
  }

  /// Sends a request; returns its msg_id.
  @discardableResult
  func send(_ type: String, _ content: JSON = .emptyObject, on channel: Channel = .shell) -> String {
    let (f, header) = frames(type, content)
    transport.deliver(f, on: channel)
    return try! JSON.parse(String(decoding: header, as: UTF8.self))["msg_id"]!.string!
  }

  /// Every message sent so far, decoded (and so signature-checked).
  func sent() -> [(channel: Channel, message: Message)] {
    transport.sent.map { s in
      guard case .success(let m) = Wire.decode(s.frames, signer: signer) else {
        XCTFail("kernel sent a message that does not verify")
        fatalError()
      }
      return (s.channel, m)
    }
  }

  /// Messages whose parent is `id`.
  func children(of id: String) -> [(channel: Channel, message: Message)] {
    sent().filter { $0.message.parentHeader["msg_id"]?.string == id }
  }

  /// Waits for the idle status of request `id`; returns its messages.
  @discardableResult
  func waitIdle(_ id: String, timeout: Double = 20) -> [(channel: Channel, message: Message)] {
    let ok = transport.wait(timeout: timeout) { sent in
      sent.contains { s in
        guard s.channel == .iopub, case .success(let m) = Wire.decode(s.frames, signer: self.signer) else { return false }
        return m.type == "status" && m.content["execution_state"]?.string == "idle" && m.parentHeader["msg_id"]?.string == id
      }
    }
    XCTAssertTrue(ok, "no idle status for \(id)")
    return children(of: id)
  }

  /// The reply to request `id`.
  func reply(_ id: String) -> Message? {
    children(of: id).first { $0.channel != .iopub && $0.message.type.hasSuffix("_reply") }?.message
  }

  /// iopub messages (other than status) of request `id`.
  func outputs(_ id: String) -> [Message] {
    children(of: id).filter { $0.channel == .iopub && $0.message.type != "status" }.map(\.message)
  }

  /// Runs code and returns (reply, outputs).
  func execute(_ code: String, _ options: [(String, JSON)] = []) -> (reply: Message, outputs: [Message]) {
    let id = send("execute_request", .obj([("code", .string(code))] + options))
    waitIdle(id)
    return (reply(id)!, outputs(id))
  }

  func shutdown() {
    let id = send("shutdown_request", .obj([("restart", false)]), on: .control)
    waitIdle(id)
    XCTAssertTrue(waitForExit())
    // A shutdown stops running code through the process-wide interrupt flag;
    // the real process then exits, but the tests go on in this one.
    Interrupt.clear()
  }
}
