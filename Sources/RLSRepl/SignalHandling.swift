import Foundation
import RLSCore
import Synchronization

/// SIGINT handling shared by the REPL and `rls run`: the first Ctrl-C asks
/// running code to stop (`Interrupt.request()`); a second one while the first
/// is still pending (code stuck where it cannot check) exits with status 130.
public enum SignalHandling {
  static let pending = Atomic<Int>(0)

  /// Installs the handler (without SA_RESTART, so a blocking poll returns EINTR).
  public static func install() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      if SignalHandling.pending.add(1, ordering: .relaxed).newValue >= 3 { _exit(130) }
      Interrupt.request()
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
  }

  /// True (and cleared) when a Ctrl-C arrived since the last call.
  public static func takeInterrupt() -> Bool {
    let had = pending.exchange(0, ordering: .relaxed) > 0
    Interrupt.clear()
    return had
  }

  /// Forgets pending Ctrl-Cs (after running code stopped on one).
  public static func reset() { pending.store(0, ordering: .relaxed) }
}

/// Runs `body` on a thread with a large stack (deeply nested data and
/// natives that call back into RLScript need more than the main thread's 8 MB).
public func runOnLargeStack(_ body: @escaping @Sendable () -> Int32) -> Int32 {
  let done = DispatchSemaphore(value: 0)
  nonisolated(unsafe) var status: Int32 = 0
  let thread = Thread {
    status = body()
    done.signal()
  }
  thread.stackSize = 512 << 20
  thread.start()
  done.wait()
  return status
}
