import Foundation

/// A value shared with a test thread.
final class LockedBox<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: T
  init(_ value: T) { stored = value }
  var value: T { lock.withLock { stored } }
  func append<E>(_ element: E) where T == [E] { lock.withLock { stored.append(element) } }
}
