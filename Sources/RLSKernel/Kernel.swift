import Foundation
import RLSCore
import RLSJSON
import Synchronization

/// The Jupyter kernel: receives requests from a `Transport`, checks their
/// signatures, routes each through `Kernel.routes` (message type → handler)
/// and answers, wrapping every request in busy/idle status messages.
///
/// Threads: the loop (`run`) owns the transport's receiving side and handles
/// control requests at once; shell requests go to the `Executor`, the only
/// thread that touches the `Session`. So interrupt, kernel_info and shutdown
/// on control, and the heartbeat, are answered while a cell runs.
public final class Kernel: @unchecked Sendable {
  /// The one engine (shared with the REPL and `rls run`).
  public let session: Session
  let transport: Transport
  let signer: Signer
  let headers: HeaderFactory
  let publisher: Publisher
  let stdin = StdinBridge()
  private var executor: Executor!
  /// The connection file's ports (for connect_request).
  let connection: ConnectionInfo?
  /// The implementation version shown in kernel_info.
  let version: String

  // Executor-thread state.
  /// The `In [n]` counter: advanced by executions with store_history.
  var executionCount = 0
  var history = History()

  private let stopping = Atomic<Bool>(false)
  private let restartFlag = Atomic<Bool>(false)

  /// Creates a kernel serving `session` over `transport`, signing with `key`.
  public init(session: Session, transport: Transport, key: String, connection: ConnectionInfo? = nil, version: String = "0.1.0") {
    self.session = session
    self.transport = transport
    self.signer = Signer(key: key)
    self.headers = HeaderFactory()
    self.publisher = Publisher(transport: transport, signer: signer, headers: headers)
    self.connection = connection
    self.version = version
    let publisher = self.publisher
    session.vm.write = { publisher.write("stdout", $0) }
    session.vm.writeError = { publisher.write("stderr", $0) }
    session.vm.display = { publisher.display($0) }
    session.vm.readLine = { [weak self] prompt in
      guard let self else { return nil }
      publisher.flush()
      return self.stdin.readLine(prompt: prompt) { content, request in
        self.send("input_request", content, replyingTo: request, on: .stdin)
      }
    }
    // The executor thread holds the kernel until `run` returns and stops it.
    executor = Executor { [self] message, channel in self.dispatch(message, on: channel) }
  }

  /// Serves requests until a shutdown_request; returns the exit status (0).
  /// `parentAlive` is asked twice a second: when it says no (the front end
  /// that started the kernel died without a shutdown), the kernel exits too.
  public func run(parentAlive: @escaping () -> Bool = { true }) -> Int32 {
    var lastCheck = Publisher.now()
    while !stopping.load(ordering: .acquiring) {
      if let (channel, frames) = transport.receive(timeoutMilliseconds: 500) {
        handle(frames, on: channel)
      }
      if Publisher.now() - lastCheck >= 0.5 {
        lastCheck = Publisher.now()
        if !parentAlive() {
          Kernel.log("the process that started the kernel is gone; exiting")
          Interrupt.request()
          break
        }
      }
    }
    executor.stop()
    transport.close()
    return 0
  }

  /// True once a shutdown_request was answered.
  public var isStopping: Bool { stopping.load(ordering: .acquiring) }
  /// The `restart` flag of the shutdown request.
  public var restartRequested: Bool { restartFlag.load(ordering: .acquiring) }

  /// Asks `run` to return after the current message.
  func stop(restart: Bool) {
    restartFlag.store(restart, ordering: .releasing)
    stopping.store(true, ordering: .releasing)
  }

  /// One incoming multipart message: verified, parsed, then handled here
  /// (control), queued (shell) or handed to a waiting `input()` (stdin).
  func handle(_ frames: [[UInt8]], on channel: Channel) {
    if channel == .iopub {
      // An XPUB subscription: `\x01` + topic. Greet the new subscriber.
      if let first = frames.first, first.first == 1 {
        let topic = String(decoding: first.dropFirst(), as: UTF8.self)
        publisher.publish("iopub_welcome", .obj([("subscription", .string(topic))]), parent: Wire.emptyObject, topic: topic)
      }
      return
    }
    let message: Message
    switch Wire.decode(frames, signer: signer) {
    case .failure(let reason):
      Kernel.log("dropped a message on \(channel.rawValue): \(reason)")
      return
    case .success(let m):
      message = m
    }
    switch channel {
    case .stdin:
      stdin.deliver(message)
    case .control where Kernel.routes[message.type]?.onLoop ?? true:
      dispatch(message, on: .control)
    default:
      executor.submit(message, on: channel)
    }
  }

  /// Runs one request's handler between busy and idle, and sends its reply.
  func dispatch(_ message: Message, on channel: Channel) {
    let parent = message.rawHeader
    publisher.status("busy", parent: parent)
    if let route = Kernel.routes[message.type] {
      if let content = route.handler(self, message) {
        send(Kernel.replyType(message.type), content, replyingTo: message, on: channel)
      }
    } else {
      Kernel.log("unknown message type '\(message.type)' on \(channel.rawValue)")
    }
    publisher.flush()
    publisher.status("idle", parent: parent)
  }

  /// Sends a message addressed to the sender of `request`.
  func send(_ type: String, _ content: JSON, replyingTo request: Message, on channel: Channel, metadata: JSON? = nil) {
    let frames = Wire.encode(
      identities: request.identities, header: headers.header(type), parentHeader: request.rawHeader,
      metadata: metadata.map(Wire.bytes) ?? Wire.emptyObject, content: Wire.bytes(content), signer: signer)
    transport.send(frames, on: channel)
  }

  /// `execute_request` → `execute_reply`.
  static func replyType(_ type: String) -> String {
    type.hasSuffix("_request") ? String(type.dropLast("_request".count)) + "_reply" : type + "_reply"
  }

  /// A line on the kernel's stderr (Jupyter's log), never a message to front ends.
  static func log(_ text: String) {
    FileHandle.standardError.write(Data("rlscript kernel: \(text)\n".utf8))
  }

  /// Aborts the execute requests waiting behind a failed one (stop_on_error).
  func abortQueuedExecutions() {
    for (message, channel) in executor.removeQueued(where: { $0.type == "execute_request" }) {
      publisher.status("busy", parent: message.rawHeader)
      send("execute_reply", ExecuteHandler.abortedReply(executionCount), replyingTo: message, on: channel)
      publisher.status("idle", parent: message.rawHeader)
    }
  }
}
