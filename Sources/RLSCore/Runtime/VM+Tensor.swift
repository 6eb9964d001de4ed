import RLSNumerics

/// Tensors inside the VM: arithmetic with broadcasting, `@`, comparisons,
/// `t.T` / `t.shape`, subscripts and element assignment.
extension VM {
  /// A new tensor value.
  public func tensorValue(_ t: Tensor) -> Value {
    Value(heap.track(ObjTensor(t), extraBytes: t.count * 8))
  }

  /// A number or tensor value from a numerics result.
  public func value(_ r: TensorOrScalar) -> Value {
    switch r {
    case .scalar(let d): return .number(d)
    case .tensor(let t): return tensorValue(t)
    }
  }

  /// A tensor from a tensor value or a (nested) list of numbers.
  public func toTensor(_ v: Value, _ what: String = "value") throws -> Tensor {
    if let t = v.cast(.tensor, ObjTensor.self) { return t.tensor }
    if let r = v.cast(.range, ObjRange.self) {
      guard r.count <= 1 << 31 else { throw RLSError(.memory, "\(what): range of \(r.count) elements is too large for a tensor") }
      return Tensor(vector: (0..<r.count).map { r.element($0) })
    }
    guard let l = v.list else { throw RLSError.type("\(what) must be a tensor or a list of numbers, got \(v.typeName)") }
    if l.items.isEmpty { return Tensor(vector: []) }
    if case .number = l.items[0] {
      var out = [Double]()
      out.reserveCapacity(l.items.count)
      for (i, x) in l.items.enumerated() {
        guard case .number(let d) = x else {
          throw RLSError.type("\(what)[\(i)] must be a number, got \(x.typeName)")
        }
        try Interrupt.poll(i)
        out.append(d)
      }
      return Tensor(vector: out)
    }
    var rows = 0
    var cols = -1
    var out = [Double]()
    for (i, row) in l.items.enumerated() {
      try Interrupt.poll(i)
      let r: [Value]
      if let rl = row.list {
        r = rl.items
      } else if let rt = row.cast(.tensor, ObjTensor.self), rt.tensor.rank == 1 {
        r = rt.tensor.storage.map { .number($0) }
      } else {
        throw RLSError.type("\(what)[\(i)] must be a list of numbers, got \(row.typeName)")
      }
      if cols < 0 {
        cols = r.count
        out.reserveCapacity(cols * l.items.count)
      } else if r.count != cols {
        throw RLSError.value("\(what) is ragged: row \(i) has \(r.count) elements but row 0 has \(cols)")
      }
      for (j, x) in r.enumerated() {
        guard case .number(let d) = x else {
          throw RLSError.type("\(what)[\(i)][\(j)] must be a number, got \(x.typeName)")
        }
        out.append(d)
      }
      rows += 1
    }
    return try Tensor(rows: rows, cols: max(cols, 0), storage: out)
  }

  func tensorArith(_ op: ArithOp, _ x: Value, _ y: Value) throws -> Value {
    if op == .matmul {
      return value(try Tensor.matmul(try toTensor(x, "left operand of '@'"), try toTensor(y, "right operand of '@'")))
    }
    let eop: ElementwiseOp
    switch op {
    case .add: eop = .add
    case .sub: eop = .sub
    case .mul: eop = .mul
    case .div: eop = .div
    case .mod: eop = .mod
    case .pow: eop = .pow
    case .matmul: eop = .mul
    }
    return try elementwise(eop, x, y, symbol: op.rawValue)
  }

  func tensorCompare(_ x: Value, _ y: Value, _ op: CompareOp) throws -> Value {
    try elementwise(op == .lt ? .lt : .le, x, y, symbol: op.rawValue)
  }

  private func elementwise(_ op: ElementwiseOp, _ x: Value, _ y: Value, symbol: String) throws -> Value {
    if case .number(let s) = y, let t = x.cast(.tensor, ObjTensor.self) {
      return tensorValue(Tensor.elementwise(t.tensor, scalar: s, op, scalarOnLeft: false))
    }
    if case .number(let s) = x, let t = y.cast(.tensor, ObjTensor.self) {
      return tensorValue(Tensor.elementwise(t.tensor, scalar: s, op, scalarOnLeft: true))
    }
    guard x.list != nil || x.cast(.tensor, ObjTensor.self) != nil, y.list != nil || y.cast(.tensor, ObjTensor.self) != nil else {
      throw RLSError.type("unsupported operands for '\(symbol)': \(x.typeName) and \(y.typeName)")
    }
    return tensorValue(try Tensor.elementwise(try toTensor(x), try toTensor(y), op))
  }

  func tensorField(_ t: ObjTensor, _ name: String) throws -> Value {
    switch name {
    case "T": return tensorValue(t.tensor.transposed())
    case "shape": return list(t.tensor.shape.map { .number(Double($0)) })
    default: throw RLSError(.name, "tensor has no field '\(name)' (fields: T, shape)")
    }
  }

  private func tensorIndex(_ v: Value) throws -> TensorIndex {
    func int(_ v: Value, _ what: String) throws -> Int? {
      switch v {
      case .null, .undef: return nil
      case .number(let d):
        guard d == d.rounded(), abs(d) < 9e15 else { throw RLSError.type("tensor \(what) must be an integer, got \(formatNumber(d))") }
        return Int(d)
      default: throw RLSError.type("tensor \(what) must be an integer, got \(v.typeName)")
      }
    }
    if let s = v.cast(.slice, ObjSlice.self) {
      return .range(lo: try int(s.lo, "slice start"), hi: try int(s.hi, "slice end"), step: try int(s.step, "slice step"))
    }
    guard let i = try int(v, "index") else { throw RLSError.type("tensor index must be an integer or a slice, got nil") }
    return .at(i)
  }

  func tensorGet(_ t: ObjTensor, _ idx: [Value]) throws -> Value {
    value(try t.tensor.get(try idx.map(tensorIndex)))
  }

  func tensorSet(_ t: ObjTensor, _ idx: [Value], _ v: Value) throws {
    let ti = try idx.map(tensorIndex)
    if case .number(let d) = v {
      try t.tensor.set(ti, .scalar(d))
    } else {
      try t.tensor.set(ti, .tensor(try toTensor(v, "assigned value")))
    }
  }

  func tensorLength(_ t: ObjTensor) -> Int { t.tensor.shape.first ?? 0 }
}
