import Synchronization

/// The process-wide interrupt request (Ctrl-C, Jupyter interrupt).
///
/// Set from a signal handler or another thread; the VM polls it at every
/// call and backward jump, long natives poll it every few thousand
/// iterations, and the first one to see it raises an `Interrupted` error.
public enum Interrupt {
  private static let flag = Atomic<Bool>(false)

  /// Asks running code to stop.
  public static func request() { flag.store(true, ordering: .relaxed) }

  /// Clears a pending request (before running new code).
  public static func clear() { flag.store(false, ordering: .relaxed) }

  /// True when a stop was requested.
  @inline(__always) public static var isRequested: Bool { flag.load(ordering: .relaxed) }

  /// For long native loops: checks every 65,536 iterations (`i` is the loop index).
  @inline(__always) public static func poll(_ i: Int) throws {
    if i & 0xffff == 0xffff, flag.load(ordering: .relaxed) { try check() }
  }

  /// Throws `Interrupted` when a stop was requested (and clears it).
  @inline(__always) public static func check() throws {
    if flag.load(ordering: .relaxed) {
      flag.store(false, ordering: .relaxed)
      throw RLSError(.interrupt, "interrupted")
    }
  }
}
