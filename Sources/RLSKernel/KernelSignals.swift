import Foundation
import RLSCore

/// SIGINT in the kernel (interrupt_mode "signal": Jupyter sends SIGINT to the
/// kernel process): asks running code to stop. Unlike the REPL's handler it
/// never exits the process — the kernel must stay up; shutdown is a message.
public enum KernelSignals {
  /// Installs the handler (without SA_RESTART: a blocking poll returns EINTR and loops).
  public static func install() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in Interrupt.request() }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    // A front end that goes away must not kill the kernel through a broken pipe.
    signal(SIGPIPE, SIG_IGN)
  }
}
