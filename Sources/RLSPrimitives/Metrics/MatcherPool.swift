import Foundation

/// Matchers kept between calls, so repeated reward computations (one batch
/// per training step) reuse their scratch memory instead of allocating it.
final class MatcherPool: @unchecked Sendable {
  static let shared = MatcherPool()

  private let lock = NSLock()
  private var free: [NGramMatcher] = []

  /// Runs `body` with a matcher nobody else is using.
  func with<R>(_ body: (NGramMatcher) throws -> R) rethrows -> R {
    lock.lock()
    let m = free.popLast() ?? NGramMatcher()
    lock.unlock()
    defer {
      lock.lock()
      if free.count < 2 * Parallel.cores { free.append(m) }
      lock.unlock()
    }
    return try body(m)
  }
}
