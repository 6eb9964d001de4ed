import Dispatch
import Foundation

/// Row-parallel work whose result never depends on scheduling: `0..<n` is cut
/// into chunks whose size depends on `n` alone, each chunk writes only its
/// own slot, and callers combine the slots in chunk order.
enum Chunks {
  /// Cores available to this process.
  static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

  /// Rows per chunk for row-wise passes (a few hundred kilobytes of input).
  static let rows = 16_384

  /// The number of chunks of `size` covering `0..<n`.
  @inline(__always) static func count(_ n: Int, size: Int) -> Int { n == 0 ? 0 : (n + size - 1) / size }

  /// Calls `body(c, range)` for every chunk `c` of `size` items of `0..<n`,
  /// on all cores when there is more than one chunk.
  static func run(_ n: Int, size: Int = Chunks.rows, _ body: (Int, Range<Int>) -> Void) {
    let chunks = count(n, size: size)
    if chunks <= 1 || cores == 1 {
      for c in 0..<chunks { body(c, (c * size)..<min(n, (c + 1) * size)) }
      return
    }
    withoutActuallyEscaping(body) { body in
      DispatchQueue.concurrentPerform(iterations: chunks) { c in
        body(c, (c * size)..<min(n, (c + 1) * size))
      }
    }
  }

  /// Runs `body(i)` for `i` in `0..<n` on all cores (each call writes its own output).
  static func forEach(_ n: Int, _ body: (Int) -> Void) {
    if n <= 1 || cores == 1 {
      for i in 0..<n { body(i) }
      return
    }
    withoutActuallyEscaping(body) { body in
      DispatchQueue.concurrentPerform(iterations: n) { body($0) }
    }
  }
}

/// A fixed-size array of per-chunk results that parallel chunks write into,
/// one slot each, without sharing.
final class SlotBuffer<T>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  let count: Int

  init(count: Int, initial: T) {
    self.count = count
    pointer = .allocate(capacity: max(count, 1))
    pointer.initialize(repeating: initial, count: max(count, 1))
  }

  deinit {
    pointer.deinitialize(count: max(count, 1))
    pointer.deallocate()
  }

  subscript(i: Int) -> T {
    get { pointer[i] }
    set { pointer[i] = newValue }
  }
}
