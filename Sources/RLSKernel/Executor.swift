import Foundation

/// Runs shell requests one at a time, in arrival order, on one thread with a
/// large stack (natives that call back into RLScript need more than the 8 MB
/// of a default thread). It is the only thread that touches the `Session`, so
/// the kernel loop stays free for control messages while code runs.
final class Executor: @unchecked Sendable {
  private let condition = NSCondition()
  private var queue: [(message: Message, channel: Channel)] = []
  private var stopped = false

  /// Starts the thread; `work` handles one request. The thread keeps the
  /// executor (and `work`) alive until `stop`.
  init(stackSize: Int = 512 << 20, work: @escaping @Sendable (Message, Channel) -> Void) {
    let thread = Thread { [self] in
      while let (message, channel) = self.next() { work(message, channel) }
    }
    thread.stackSize = stackSize
    thread.name = "rls-executor"
    thread.start()
  }

  /// Queues a request.
  func submit(_ message: Message, on channel: Channel) {
    condition.lock()
    queue.append((message, channel))
    condition.signal()
    condition.unlock()
  }

  /// Removes and returns the queued requests that match (to abort them after an error).
  func removeQueued(where match: (Message) -> Bool) -> [(message: Message, channel: Channel)] {
    condition.lock()
    defer { condition.unlock() }
    let taken = queue.filter { match($0.message) }
    queue.removeAll { match($0.message) }
    return taken
  }

  /// Lets the thread finish after the queued requests.
  func stop() {
    condition.lock()
    stopped = true
    condition.signal()
    condition.unlock()
  }

  private func next() -> (Message, Channel)? {
    condition.lock()
    defer { condition.unlock() }
    while queue.isEmpty && !stopped { condition.wait() }
    return queue.isEmpty ? nil : queue.removeFirst()
  }
}
