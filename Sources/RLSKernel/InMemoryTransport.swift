import Foundation

/// A transport without sockets, for tests of the kernel's handlers: a test
/// `deliver`s frames as a front end would and reads what the kernel `sent`.
public final class InMemoryTransport: Transport, @unchecked Sendable {
  private let condition = NSCondition()
  private var incoming: [(Channel, [[UInt8]])] = []
  private var outgoing: [(channel: Channel, frames: [[UInt8]])] = []
  private var wakeups = 0
  /// True once the kernel closed the transport.
  public private(set) var isClosed = false

  public init() {}

  /// Hands the kernel a message as if it arrived on `channel`.
  public func deliver(_ frames: [[UInt8]], on channel: Channel) {
    condition.lock()
    incoming.append((channel, frames))
    condition.broadcast()
    condition.unlock()
  }

  /// Everything the kernel sent so far, in order.
  public var sent: [(channel: Channel, frames: [[UInt8]])] {
    condition.lock()
    defer { condition.unlock() }
    return outgoing
  }

  /// Waits until `predicate` holds for what was sent (or `timeout` seconds pass); returns whether it held.
  @discardableResult
  public func wait(timeout: Double = 10, until predicate: ([(channel: Channel, frames: [[UInt8]])]) -> Bool) -> Bool {
    let deadline = Date(timeIntervalSinceNow: timeout)
    condition.lock()
    defer { condition.unlock() }
    while !predicate(outgoing) {
      if !condition.wait(until: deadline) { return predicate(outgoing) }
    }
    return true
  }

  public func receive(timeoutMilliseconds: Int) -> (channel: Channel, frames: [[UInt8]])? {
    condition.lock()
    defer { condition.unlock() }
    let deadline = timeoutMilliseconds < 0 ? Date.distantFuture : Date(timeIntervalSinceNow: Double(timeoutMilliseconds) / 1000)
    let seen = wakeups
    while incoming.isEmpty && wakeups == seen {
      if !condition.wait(until: deadline) { break }
    }
    return incoming.isEmpty ? nil : incoming.removeFirst()
  }

  public func send(_ frames: [[UInt8]], on channel: Channel) {
    condition.lock()
    outgoing.append((channel, frames))
    wakeups += 1
    condition.broadcast()
    condition.unlock()
  }

  public func close() {
    condition.lock()
    isClosed = true
    condition.broadcast()
    condition.unlock()
  }
}
