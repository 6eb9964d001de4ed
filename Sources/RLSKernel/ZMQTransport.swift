import CZMQ
import Foundation

/// The kernel's five ZeroMQ sockets, bound to the addresses of a connection file.
///
/// Threads: ZeroMQ sockets are not thread-safe, so each socket belongs to
/// one thread. The heartbeat socket lives on its own thread (an echo proxy
/// that answers while code runs). Shell, control, stdin and iopub belong to
/// the thread that calls `receive`: other threads hand outgoing messages to
/// `send`, which queues them and wakes that thread through an eventfd that
/// `receive` polls beside the sockets.
public final class ZMQTransport: Transport, @unchecked Sendable {
  private let context: UnsafeMutableRawPointer
  private var sockets: [Channel: UnsafeMutableRawPointer] = [:]
  private let heartbeat: UnsafeMutableRawPointer
  private let heartbeatDone = DispatchSemaphore(value: 0)
  private let wakeFD: Int32
  private let outboxLock = NSLock()
  private var outbox: [(Channel, [[UInt8]])] = []
  private var closed = false

  /// A ZeroMQ failure (bind, socket creation).
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  static func failure(_ what: String) -> Failure {
    Failure(description: "\(what): \(String(cString: zmq_strerror(zmq_errno())))")
  }

  /// Creates and binds the sockets of `info`.
  public init(_ info: ConnectionInfo) throws {
    guard let ctx = zmq_ctx_new() else { throw ZMQTransport.failure("zmq_ctx_new") }
    context = ctx
    func make(_ type: Int32, _ port: Int) throws -> UnsafeMutableRawPointer {
      guard let s = zmq_socket(ctx, type) else { throw ZMQTransport.failure("zmq_socket") }
      var linger: Int32 = 1000
      zmq_setsockopt(s, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
      if info.bindAddress.contains(":") && info.transport == "tcp" {
        var on: Int32 = 1
        zmq_setsockopt(s, ZMQ_IPV6, &on, MemoryLayout<Int32>.size)
      }
      if type == ZMQ_ROUTER {
        var on: Int32 = 1
        zmq_setsockopt(s, ZMQ_ROUTER_HANDOVER, &on, MemoryLayout<Int32>.size)
      }
      if type == ZMQ_XPUB {
        // Never drop output on a slow front end; see every subscription (iopub_welcome).
        var zero: Int32 = 0
        zmq_setsockopt(s, ZMQ_SNDHWM, &zero, MemoryLayout<Int32>.size)
        var on: Int32 = 1
        zmq_setsockopt(s, ZMQ_XPUB_VERBOSE, &on, MemoryLayout<Int32>.size)
      }
      let endpoint = info.endpoint(port)
      guard zmq_bind(s, endpoint) == 0 else {
        let f = ZMQTransport.failure("cannot bind \(endpoint)")
        zmq_close(s)
        throw f
      }
      return s
    }
    do {
      sockets[.shell] = try make(ZMQ_ROUTER, info.shellPort)
      sockets[.control] = try make(ZMQ_ROUTER, info.controlPort)
      sockets[.stdin] = try make(ZMQ_ROUTER, info.stdinPort)
      sockets[.iopub] = try make(ZMQ_XPUB, info.iopubPort)
      heartbeat = try make(ZMQ_ROUTER, info.hbPort)
    } catch {
      for s in sockets.values { zmq_close(s) }
      zmq_ctx_term(ctx)
      throw error
    }
    wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
    startHeartbeat()
  }

  /// The heartbeat: a ROUTER socket proxied onto itself echoes every ping, on
  /// its own thread, until the context shuts down.
  private func startHeartbeat() {
    nonisolated(unsafe) let hb = heartbeat
    let done = heartbeatDone
    let thread = Thread {
      while zmq_proxy(hb, hb, nil) != 0 && zmq_errno() == EINTR {}
      zmq_close(hb)
      done.signal()
    }
    thread.name = "rls-heartbeat"
    thread.start()
  }

  public func receive(timeoutMilliseconds: Int) -> (channel: Channel, frames: [[UInt8]])? {
    flushOutbox()
    let order: [Channel] = [.control, .shell, .stdin, .iopub]
    var items = order.map { zmq_pollitem_t(socket: sockets[$0], fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
    items.append(zmq_pollitem_t(socket: nil, fd: wakeFD, events: Int16(ZMQ_POLLIN), revents: 0))
    let n = zmq_poll(&items, Int32(items.count), timeoutMilliseconds)
    if n <= 0 { return nil }  // time-out, or EINTR (a signal): the caller loops
    if items[order.count].revents != 0 {
      var value: UInt64 = 0
      _ = read(wakeFD, &value, 8)
      flushOutbox()
    }
    for (i, channel) in order.enumerated() where items[i].revents & Int16(ZMQ_POLLIN) != 0 {
      if let frames = ZMQTransport.receiveMultipart(sockets[channel]!) { return (channel, frames) }
    }
    return nil
  }

  public func send(_ frames: [[UInt8]], on channel: Channel) {
    outboxLock.lock()
    let wasEmpty = outbox.isEmpty
    outbox.append((channel, frames))
    outboxLock.unlock()
    // One wake-up per batch: the receiving thread reads the eventfd before it
    // takes the whole outbox, so a message queued behind others is sent with them.
    if wasEmpty {
      var one: UInt64 = 1
      _ = write(wakeFD, &one, 8)
    }
  }

  /// Sends the queued messages (on the receiving thread).
  private func flushOutbox() {
    outboxLock.lock()
    let pending = outbox
    outbox.removeAll(keepingCapacity: true)
    outboxLock.unlock()
    for (channel, frames) in pending {
      guard let s = sockets[channel] else { continue }
      ZMQTransport.sendMultipart(s, frames)
    }
  }

  public func close() {
    guard !closed else { return }
    closed = true
    flushOutbox()
    for s in sockets.values { zmq_close(s) }
    zmq_ctx_shutdown(context)
    heartbeatDone.wait()
    zmq_ctx_term(context)
    Foundation.close(wakeFD)
  }

  // MARK: Frames

  static func receiveMultipart(_ socket: UnsafeMutableRawPointer) -> [[UInt8]]? {
    var frames: [[UInt8]] = []
    while true {
      var msg = zmq_msg_t()
      zmq_msg_init(&msg)
      defer { zmq_msg_close(&msg) }
      if zmq_msg_recv(&msg, socket, ZMQ_DONTWAIT) < 0 {
        if zmq_errno() == EINTR { continue }
        return frames.isEmpty ? nil : frames
      }
      let size = zmq_msg_size(&msg)
      if let data = zmq_msg_data(&msg), size > 0 {
        frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
      } else {
        frames.append([])
      }
      if zmq_msg_more(&msg) == 0 { return frames }
    }
  }

  static func sendMultipart(_ socket: UnsafeMutableRawPointer, _ frames: [[UInt8]]) {
    for (i, frame) in frames.enumerated() {
      let flags = i < frames.count - 1 ? ZMQ_SNDMORE : 0
      while true {
        let rc = frame.withUnsafeBytes { zmq_send(socket, $0.baseAddress, $0.count, flags) }
        if rc >= 0 || zmq_errno() != EINTR { break }
      }
    }
  }
}
