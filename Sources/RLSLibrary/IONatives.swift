import RLSCore
import RLSNumerics
import RLSPrimitives

/// The `io` namespace: CSV (RFC 4180) and text files.
enum IONatives {
  static let rows: [Native] = [
    Native(
      "read_csv", usage: "io.read_csv(path)",
      doc:
        "Reads a CSV file with a header row into a map column → tensor (numeric columns; blank cells are NaN) or list of strings (other columns), in header order."
    ) { c in
      let path = try c.string(0, "path")
      let table = try wrap(c) { try CSV.parse(try TextFile.read(path), path: path) }
      let m = c.vm.newMap()
      c.vm.tempRoots.append(Value(m))
      defer { c.vm.tempRoots.removeLast() }
      for (name, col) in table.columns() {
        switch col {
        case .numeric(let xs): m.set(c.vm.string(name), c.vm.tensorValue(Tensor(vector: xs)))
        case .text(let xs): m.set(c.vm.string(name), c.vm.list(xs.map { c.vm.string($0) }))
        }
      }
      return Value(m)
    },
    Native(
      "write_csv", usage: "io.write_csv(path, columns)",
      doc: "Writes a map column → values (tensor, list of numbers or list of strings; all the same length) as CSV with a header row."
    ) { c in
      let path = try c.string(0, "path")
      let m = try c.map(1, "columns")
      var header: [String] = []
      var cols: [CSVColumnOut] = []
      for (k, v) in m.entries {
        header.append(c.vm.display(k))
        if let t = v.cast(.tensor, ObjTensor.self) {
          guard t.tensor.rank == 1 else { throw c.error("column \(quote(c.vm.display(k))) must be a vector", argument: 1) }
          cols.append(.numeric(t.tensor.storage))
        } else if let l = v.list {
          cols.append(
            .cells(
              l.items.map { x in
                switch x {
                case .number(let d): return .number(d)
                case .null, .undef: return .empty
                default: return .text(c.vm.display(x))
                }
              }))
        } else {
          throw c.error("column \(quote(c.vm.display(k))) must be a tensor or a list, got \(v.typeName)", argument: 1)
        }
      }
      let text = try wrap(c) { try CSV.format(header: header, columns: cols) }
      try wrap(c) { try TextFile.write(path, text) }
      return .null
    },
    Native("read_text", usage: "io.read_text(path)", doc: "The contents of a UTF-8 text file as a string.") { c in
      c.vm.string(try wrap(c) { try TextFile.read(try c.string(0, "path")) })
    },
    Native("write_text", usage: "io.write_text(path, text)", doc: "Writes a string to a file (replacing it).") { c in
      try wrap(c) { try TextFile.write(try c.string(0, "path"), try c.string(1, "text")) }
      return .null
    },
  ]

  static func wrap<T>(_ c: NativeCall, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as CSVError {
      throw c.error(e.description)
    } catch let e as TextFileError {
      throw c.error(e.description, kind: .io)
    }
  }
}
