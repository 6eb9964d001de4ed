import Dispatch
import Foundation

/// Work split over the cores with results that do not depend on scheduling:
/// the chunks are fixed by the problem size alone (never by the number of
/// cores or by which thread runs first), each chunk writes only its own
/// slots, and partial results are combined in chunk order.
enum Parallel {
  /// The number of cores available to this process.
  static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

  /// Splits `0..<n` into consecutive chunks of `chunk` items (the last one
  /// shorter) and calls `body(chunkIndex, range)` for each, on all cores when
  /// there is more than one chunk. Returns the number of chunks.
  @discardableResult
  static func forEachChunk(_ n: Int, chunk: Int, _ body: (Int, Range<Int>) -> Void) -> Int {
    guard n > 0 else { return 0 }
    let size = max(1, chunk)
    let chunks = (n + size - 1) / size
    if chunks == 1 || cores == 1 {
      for c in 0..<chunks { body(c, (c * size)..<min(n, (c + 1) * size)) }
    } else {
      withoutActuallyEscaping(body) { body in
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
          body(c, (c * size)..<min(n, (c + 1) * size))
        }
      }
    }
    return chunks
  }

  /// Runs `body(worker, range)` over `0..<n` with one contiguous range per
  /// worker (at most `cores` of them, each at least `minimum` items), for
  /// work whose per-item results do not depend on the split (each item
  /// writes its own output slot) but whose workers need private scratch.
  static func forEachWorker(_ n: Int, minimum: Int, _ body: (Int, Range<Int>) -> Void) {
    guard n > 0 else { return }
    let workers = max(1, min(cores, n / max(1, minimum)))
    if workers == 1 {
      body(0, 0..<n)
      return
    }
    withoutActuallyEscaping(body) { body in
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        body(w, (n * w / workers)..<(n * (w + 1) / workers))
      }
    }
  }
}
