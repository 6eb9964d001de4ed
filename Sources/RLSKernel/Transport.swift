/// The kernel's sockets, by role.
public enum Channel: String, Sendable, CaseIterable {
  /// Requests from front ends (ROUTER).
  case shell
  /// Urgent requests: interrupt, shutdown, kernel_info (ROUTER).
  case control
  /// `input_request` to and `input_reply` from the front end (ROUTER).
  case stdin
  /// Broadcast of status, output and results (PUB).
  case iopub
}

/// Moves multipart messages between the kernel and front ends. The kernel
/// loop never sees a socket: `ZMQTransport` is the real one, and
/// `InMemoryTransport` lets tests drive the handlers without sockets.
public protocol Transport: AnyObject, Sendable {
  /// Waits up to `timeoutMilliseconds` (-1: forever) for a message on shell,
  /// control or stdin; nil on time-out. Called from the kernel loop's thread only.
  func receive(timeoutMilliseconds: Int) -> (channel: Channel, frames: [[UInt8]])?
  /// Queues a message for sending; safe to call from any thread, and messages
  /// on one channel leave in the order they were queued.
  func send(_ frames: [[UInt8]], on channel: Channel)
  /// Sends what is queued (waiting a little for slow peers) and releases the sockets.
  func close()
}
