import RLSJSON

/// One handler: the request in, the reply content out (nil: no reply, as for comm messages).
typealias Handler = (Kernel, Message) -> JSON?

/// A row of the routing table.
struct Route {
  /// On control, handled at once on the kernel loop (it must not touch the
  /// session); otherwise queued for the executor.
  let onLoop: Bool
  let handler: Handler
}

extension Kernel {
  /// Message type → handler, as IJulia's `handlers` table. Every request,
  /// including unknown ones, is wrapped in busy/idle by `dispatch`.
  static let routes: [String: Route] = [
    "kernel_info_request": Route(onLoop: true, handler: InfoHandlers.kernelInfo),
    "connect_request": Route(onLoop: true, handler: InfoHandlers.connect),
    "comm_info_request": Route(onLoop: true, handler: InfoHandlers.commInfo),
    "comm_open": Route(onLoop: true, handler: InfoHandlers.commOpen),
    "comm_msg": Route(onLoop: true, handler: InfoHandlers.ignore),
    "comm_close": Route(onLoop: true, handler: InfoHandlers.ignore),
    "shutdown_request": Route(onLoop: true, handler: LifecycleHandlers.shutdown),
    "interrupt_request": Route(onLoop: true, handler: LifecycleHandlers.interrupt),
    "execute_request": Route(onLoop: false, handler: ExecuteHandler.execute),
    "complete_request": Route(onLoop: false, handler: CompletionHandlers.complete),
    "inspect_request": Route(onLoop: false, handler: CompletionHandlers.inspect),
    "is_complete_request": Route(onLoop: false, handler: CompletionHandlers.isComplete),
    "history_request": Route(onLoop: false, handler: HistoryHandler.history),
  ]
}
