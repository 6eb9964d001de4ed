import Dispatch
import Foundation
import RLSCore
import RLSNumerics

/// The iteration driver shared by every training binding (`train.*`, `rm.*`).
///
/// It owns what the loops have in common: the `progress:` and `callback:`
/// options, the learning curve (one column per statistic), the NaN check,
/// the progress bar and stopping early — a callback returning `false`, or a
/// Ctrl-C / kernel interrupt, ends the run and the binding returns its
/// partial result with `interrupted: true`.
///
///     var loop = try TrainingLoop(c, name: "ppo", total: iterations)
///     try loop.run { it in [("episodic_return", r), ("loss", l)] }
///     return c.vm.map(pairs + loop.resultPairs(c.vm))
struct TrainingLoop {
  /// Extra values handed to the callback with each iteration's statistics
  /// (e.g. the policy being trained). Values must stay reachable: keep them
  /// in `VM.tempRoots` or in the call's arguments.
  var extras: () -> [(String, Value)] = { [] }
  /// True when the run was stopped by an interrupt (not by the callback).
  private(set) var interrupted = false
  /// True when the callback asked to stop.
  private(set) var stoppedByCallback = false
  /// Iterations completed.
  private(set) var iterations = 0

  private let call: NativeCall
  private let name: String
  private let total: Int
  private let callback: Value?
  private var bar: ProgressBar?
  private var columns: [String] = []
  private var values: [[Double]] = []
  private var started = DispatchTime.now()
  private var elapsed = 0.0

  /// Reads the `progress:` (default true) and `callback:` options of `c`.
  init(_ c: NativeCall, name: String, total: Int) throws {
    call = c
    self.name = name
    self.total = max(total, 0)
    callback = try c.callable(option: "callback")
    if try c.bool(option: "progress", default: true) { bar = ProgressBar(vm: c.vm, title: name, total: self.total) }
  }

  /// Runs `body` for iterations `0..<total` (0-based index in, statistics
  /// out) until it finishes, the callback returns false or an interrupt
  /// arrives.
  mutating func run(_ body: (Int) throws -> [(String, Double)]) throws {
    started = DispatchTime.now()
    defer {
      elapsed = seconds(since: started)
      bar?.finish(done: iterations, stats: lastStats, elapsed: elapsed)
    }
    bar?.start()
    for it in 0..<total {
      if Interrupt.isRequested {
        Interrupt.clear()
        interrupted = true
        return
      }
      let stats: [(String, Double)]
      do {
        stats = try body(it)
      } catch let e as RLSError where e.kind == .interrupt {
        interrupted = true
        return
      }
      try record(iteration: it + 1, stats)
      iterations = it + 1
      bar?.update(done: iterations, stats: stats, elapsed: seconds(since: started))
      if let cb = callback {
        let vm = call.vm
        let info = vm.map([("iteration", .number(Double(it + 1)))] + stats.map { ($0.0, Value.number($0.1)) } + extras())
        do {
          if case .bool(false) = try vm.call(cb, [info]) {
            stoppedByCallback = true
            return
          }
        } catch let e as RLSError where e.kind == .interrupt {
          interrupted = true
          return
        }
      }
    }
  }

  /// The learning curve: `iteration` (1-based) and one tensor per statistic.
  func curve(_ vm: VM) -> Value {
    let n = iterations
    var pairs: [(String, Value)] = [("iteration", vm.tensorValue(Tensor(vector: (0..<n).map { Double($0 + 1) })))]
    for (name, column) in zip(columns, values) { pairs.append((name, vm.tensorValue(Tensor(vector: column)))) }
    return vm.map(pairs)
  }

  /// `curve`, `interrupted`, `iterations` and `seconds` (wall time of the run).
  func resultPairs(_ vm: VM) -> [(String, Value)] {
    [
      ("curve", curve(vm)), ("interrupted", .bool(interrupted)), ("iterations", .number(Double(iterations))),
      ("seconds", .number(elapsed)),
    ]
  }

  private var lastStats: [(String, Double)] {
    zip(columns, values).compactMap { name, column in column.last.map { (name, $0) } }
  }

  private mutating func record(iteration: Int, _ stats: [(String, Double)]) throws {
    if columns.isEmpty && values.isEmpty {
      columns = stats.map(\.0)
      values = stats.map { _ in [] }
      for v in values.indices { values[v].reserveCapacity(min(total, 1 << 16)) }
    }
    for (name, x) in stats where !x.isFinite {
      throw call.error("\(name) became \(x.isNaN ? "NaN" : "infinite") at iteration \(iteration)")
    }
    for (name, x) in stats {
      if let j = columns.firstIndex(of: name) {
        values[j].append(x)
      } else {
        // A statistic first reported late: pad its earlier iterations with NaN.
        columns.append(name)
        values.append([Double](repeating: .nan, count: iteration - 1) + [x])
      }
    }
    for j in values.indices where values[j].count < iteration { values[j].append(.nan) }
  }

  private func seconds(since t: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e9
  }
}
