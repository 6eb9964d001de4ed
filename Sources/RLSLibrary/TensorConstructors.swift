import RLSCore
import RLSNumerics

/// `tensor zeros ones full eye arange linspace`.
enum TensorConstructors {
  static let rows: [Native] = [
    Native(
      "tensor", usage: "tensor(data)",
      doc:
        "A tensor from a (nested) list of numbers: `tensor([1, 2])` is a vector, `tensor([[1, 2], [3, 4]])` a 2×2 matrix. A tensor argument is copied."
    ) { c in
      c.vm.tensorValue(try c.tensor(0, "data"))
    },
    Native("zeros", usage: "zeros(n, cols = nil)", doc: "A vector of n zeros, or an n×cols matrix.") { c in
      c.vm.tensorValue(try TensorFunctions.wrap(c) { try Tensor.zeros(try shape(c)) })
    },
    Native("ones", usage: "ones(n, cols = nil)", doc: "A vector of n ones, or an n×cols matrix.") { c in
      c.vm.tensorValue(try TensorFunctions.wrap(c) { try Tensor.ones(try shape(c)) })
    },
    Native("full", usage: "full(n, cols_or_value, value = nil)", doc: "`full(n, v)`: a vector of n copies of v; `full(r, c, v)`: an r×c matrix of v.")
    { c in
      if c.count == 2 {
        return c.vm.tensorValue(try TensorFunctions.wrap(c) { try Tensor.full([try c.int(0, "n")], try c.number(1, "value")) })
      }
      return c.vm.tensorValue(
        try TensorFunctions.wrap(c) { try Tensor.full([try c.int(0, "rows"), try c.int(1, "cols")], try c.number(2, "value")) })
    },
    Native("eye", usage: "eye(n, m = nil)", doc: "The n×n identity matrix (n×m with ones on the diagonal).") { c in
      c.vm.tensorValue(try TensorFunctions.wrap(c) { try Tensor.eye(try c.int(0, "n"), c.has(1) ? try c.int(1, "m") : nil) })
    },
    Native(
      "arange", usage: "arange(start, stop = nil, step = 1)",
      doc: "Evenly spaced values in [start, stop) as numpy's arange: `arange(3)` is [0, 1, 2], `arange(0, 1, 0.25)` is [0, 0.25, 0.5, 0.75]."
    ) { c in
      var start = 0.0
      var stop = try c.number(0, "stop")
      if c.has(1) {
        start = stop
        stop = try c.number(1, "stop")
      }
      let step = c.count > 2 ? try c.number(2, "step") : 1
      return c.vm.tensorValue(try TensorFunctions.wrap(c) { try Tensor.arange(start: start, stop: stop, step: step) })
    },
    Native(
      "linspace", usage: "linspace(start, stop, n)",
      doc: "n evenly spaced values from start to stop inclusive (numpy's formula; the last is exactly stop)."
    ) { c in
      c.vm.tensorValue(try TensorFunctions.wrap(c) { try Tensor.linspace(try c.number(0, "start"), try c.number(1, "stop"), try c.int(2, "n")) })
    },
  ]

  static func shape(_ c: NativeCall) throws -> [Int] {
    c.has(1) ? [try c.int(0, "rows"), try c.int(1, "cols")] : [try c.int(0, "n")]
  }
}
