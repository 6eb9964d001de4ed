import RLSCore
import RLSNumerics

/// Tensor utilities beyond operators: `dot`, `norm`, `outer`, `reshape`,
/// `flatten`, `concat`, `stack`, `tolist`, `cumsum`, `argsort`.
enum TensorFunctions {
  static let rows: [Native] = [
    Native("dot", usage: "dot(a, b)", doc: "Inner product of two vectors of the same length (BLAS ddot).") { c in
      .number(try wrap(c) { try c.vector(0, "a").dot(try c.vector(1, "b")) })
    },
    Native("norm", usage: "norm(x)", doc: "Euclidean norm of all elements (BLAS dnrm2).") { c in
      .number(try c.tensor(0, "x").norm())
    },
    Native("outer", usage: "outer(a, b)", doc: "Outer product of two vectors: a matrix with a[i] * b[j].") { c in
      c.vm.tensorValue(try wrap(c) { try Tensor.outer(try c.vector(0, "a"), try c.vector(1, "b")) })
    },
    Native("reshape", usage: "reshape(x, shape)", doc: "The same elements in a new shape (a list like [2, 3]; one entry may be -1).") { c in
      let shape = try Sequences.elements(c, 1, "shape").enumerated().map { i, v -> Int in
        guard case .number(let d) = v, d == d.rounded(), Swift.abs(d) < 1e12 else { throw c.error("shape[\(i)] must be an integer", argument: 1) }
        return Int(d)
      }
      return c.vm.tensorValue(try wrap(c) { try c.tensor(0, "x").reshaped(shape) })
    },
    Native("flatten", usage: "flatten(x)", doc: "All elements as a vector, row by row.") { c in
      c.vm.tensorValue(try c.tensor(0, "x").flattened())
    },
    Native(
      "concat", usage: "concat(parts, axis:)",
      doc: "Joins tensors end to end: vectors into a longer vector; matrices along rows (`axis: 0`, default) or columns (`axis: 1`)."
    ) { c in
      let parts = try Sequences.elements(c, 0, "parts").map { try c.vm.toTensor($0, "part") }
      return c.vm.tensorValue(try wrap(c) { try Tensor.concat(parts, axis: try c.int(option: "axis", default: 0)) })
    },
    Native("stack", usage: "stack(rows)", doc: "A matrix whose rows are the given vectors (all of one length).") { c in
      let parts = try Sequences.elements(c, 0, "rows").map { try c.vm.toTensor($0, "row") }
      return c.vm.tensorValue(try wrap(c) { try Tensor.stack(rows: parts) })
    },
    Native("tolist", usage: "tolist(x)", doc: "A tensor as a (nested) list of numbers.") { c in
      let t = try c.tensor(0, "x")
      if t.rank == 1 { return c.vm.list(t.storage.map { .number($0) }) }
      return c.vm.list((0..<t.rows).map { r in c.vm.list((0..<t.cols).map { .number(t.storage[r * t.cols + $0]) }) })
    },
    Native("cumsum", usage: "cumsum(x, axis:)", doc: "Running sums (of all elements in order, or along an axis).") { c in
      let axis = c.option("axis") == nil ? nil : try c.int(option: "axis", default: 0)
      return c.vm.tensorValue(try wrap(c) { try c.tensor(0, "x").cumsum(axis: axis) })
    },
    Native("argsort", usage: "argsort(x)", doc: "Indices that sort a vector ascending (stable).") { c in
      c.vm.tensorValue(try c.vector(0, "x").argsort())
    },
  ]

  /// Runs a numerics call, prefixing tensor errors with the function's name.
  static func wrap<T>(_ c: NativeCall, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as TensorError {
      throw c.error(e.message)
    }
  }
}
