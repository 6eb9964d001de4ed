import RLSCore
import RLSJSON

/// shutdown and interrupt.
enum LifecycleHandlers {
  /// `shutdown_request`: stops running code, replies, and makes `Kernel.run`
  /// return (the process then exits with status 0; with `restart` the front
  /// end starts a new one).
  static func shutdown(_ k: Kernel, _ request: Message) -> JSON? {
    let restart = request.content["restart"]?.bool ?? false
    Interrupt.request()
    k.stop(restart: restart)
    return .obj([("status", "ok"), ("restart", .bool(restart))])
  }

  /// `interrupt_request` (interrupt_mode "message"): asks running code to
  /// stop, as SIGINT does; the session keeps its state.
  static func interrupt(_ k: Kernel, _ request: Message) -> JSON? {
    Interrupt.request()
    return .obj([("status", "ok")])
  }
}
