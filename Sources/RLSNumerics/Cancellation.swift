/// A hook long numeric loops call between blocks of work, so a host can stop
/// them (the interpreter points it at its interrupt flag). The default never
/// cancels; the hook must be cheap when nothing is pending.
public enum Cancellation {
  nonisolated(unsafe) public static var check: () throws -> Void = {}
}
