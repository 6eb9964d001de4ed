import RLSCore

/// `train.loop`: the training-loop driver for loops written in RLScript.
enum TrainCustomLoop {
  static let rows: [Native] = [
    Native(
      "loop", usage: "train.loop(iterations, step, progress: true, callback: nil)",
      doc:
        "Runs step(i) for i = 1..iterations, the way the built-in trainers run: step returns a map of numbers (its statistics, e.g. {loss: l, reward: r}) or nil; a progress bar shows the count and the latest statistics (stderr in a terminal, updated in place in notebooks; progress: false hides it); callback(info) gets {iteration, ...statistics} after each step and may return false to stop; Ctrl-C or a kernel interrupt stops the loop and returns what was done. A NaN or infinite statistic is an error naming the iteration. Returns {curve (map: iteration and one tensor per statistic), interrupted, iterations, seconds}."
    ) { c in
      let n = try c.int(0, "iterations")
      guard n >= 0 else { throw c.error("iterations must be non-negative, got \(n)", argument: 0) }
      let step = try c.callable(1, "step")
      var loop = try TrainingLoop(c, name: "loop", total: n)
      let vm = c.vm
      try loop.run { it in
        let r = try vm.call(step, [.number(Double(it + 1))])
        if r.isNil { return [] }
        guard let m = r.map else { throw c.error("step must return a map of numbers or nil, got \(r.typeName) at iteration \(it + 1)") }
        return try m.entries.map { k, v in
          guard case .number(let x) = v else {
            throw c.error("step returned \(v.typeName) for \(vm.display(k)) at iteration \(it + 1); statistics must be numbers")
          }
          return (vm.display(k), x)
        }
      }
      return vm.map(loop.resultPairs(vm))
    }
  ]
}
