import Foundation
import RLSCore
import RLSJSON

/// `input()` in a notebook: sends `input_request` on the stdin channel to the
/// front end that sent the running execute request, and waits for its
/// `input_reply` (which the kernel loop hands over with `deliver`). An
/// interrupt ends the wait.
final class StdinBridge: @unchecked Sendable {
  private let condition = NSCondition()
  private var request: Message?
  private var allowed = false
  private var waiting = false
  private var answer: String?

  /// The execute request whose code may now ask for input.
  func begin(_ request: Message, allowed: Bool) {
    condition.lock()
    self.request = request
    self.allowed = allowed
    condition.unlock()
  }

  /// The code finished: no more input requests.
  func end() {
    condition.lock()
    request = nil
    allowed = false
    condition.unlock()
  }

  /// Asks the front end for a line; nil when stdin is not allowed for this
  /// request or the wait was interrupted.
  func readLine(prompt: String, password: Bool = false, send: (JSON, Message) -> Void) -> String? {
    condition.lock()
    guard let request, allowed else {
      condition.unlock()
      return nil
    }
    waiting = true
    answer = nil
    condition.unlock()
    send(.obj([("prompt", .string(prompt)), ("password", .bool(password))]), request)
    condition.lock()
    defer { condition.unlock() }
    while answer == nil && !Interrupt.isRequested {
      _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
    }
    waiting = false
    return answer
  }

  /// An `input_reply` arrived; ignored unless `input()` is waiting.
  func deliver(_ reply: Message) {
    guard reply.type == "input_reply" else { return }
    condition.lock()
    if waiting && answer == nil {
      answer = reply.content["value"]?.string ?? ""
      condition.signal()
    }
    condition.unlock()
  }
}
