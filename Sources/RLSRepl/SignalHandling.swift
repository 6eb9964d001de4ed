import Foundation
import RLSCore
import Synchronization

/// SIGINT handling shared by the REPL and `rls run`: the first Ctrl-C asks
/// running code to stop (`Interrupt.request()`); a second one while the first
/// is still pending (code stuck where it cannot check) exits with status 130.
/// The handler also writes a byte to a pipe (the self-pipe trick), so a REPL
/// waiting for input wakes up whichever thread the signal landed on.
public enum SignalHandling {
  static let pending = Atomic<Int>(0)
  /// Read end of the wake-up pipe (-1 before `install`).
  nonisolated(unsafe) public private(set) static var wakeFD: Int32 = -1
  nonisolated(unsafe) static var wakeWriteFD: Int32 = -1

  /// Installs the handler (without SA_RESTART, so a blocking poll returns EINTR).
  public static func install() {
    var fds: [Int32] = [-1, -1]
    if pipe(&fds) == 0 {
      _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
      _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
      wakeFD = fds[0]
      wakeWriteFD = fds[1]
    }
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      if SignalHandling.pending.add(1, ordering: .relaxed).newValue >= 2 { _exit(130) }
      Interrupt.request()
      var byte: UInt8 = 1
      _ = write(SignalHandling.wakeWriteFD, &byte, 1)
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
  }

  /// True (and cleared) when a Ctrl-C arrived since the last call.
  public static func takeInterrupt() -> Bool {
    let had = pending.exchange(0, ordering: .relaxed) > 0
    Interrupt.clear()
    drainWakeups()
    return had
  }

  /// Empties the wake-up pipe.
  static func drainWakeups() {
    guard wakeFD >= 0 else { return }
    var buffer = [UInt8](repeating: 0, count: 64)
    while read(wakeFD, &buffer, 64) > 0 {}
  }

  /// Forgets pending Ctrl-Cs (before running an entry).
  public static func reset() {
    pending.store(0, ordering: .relaxed)
    drainWakeups()
  }
}

/// Runs `body` on a thread with a large stack (deeply nested data and
/// natives that call back into RLScript need more than the main thread's 8 MB).
public func runOnLargeStack(_ body: @escaping @Sendable () -> Int32) -> Int32 {
  let done = DispatchSemaphore(value: 0)
  nonisolated(unsafe) var status: Int32 = 0
  var sigint = sigset_t()
  sigemptyset(&sigint)
  sigaddset(&sigint, SIGINT)
  // Only the interpreter thread takes SIGINT: block it here (the new thread
  // inherits the mask) and unblock it there.
  pthread_sigmask(SIG_BLOCK, &sigint, nil)
  let thread = Thread {
    var mask = sigset_t()
    sigemptyset(&mask)
    sigaddset(&mask, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &mask, nil)
    status = body()
    done.signal()
  }
  thread.stackSize = 512 << 20
  thread.start()
  done.wait()
  return status
}
