/// Conditions compiled to fused compare-and-jump instructions.
extension Compiler {
  /// Emits code that jumps when `e`'s truth equals `jumpIf`; returns the jumps to patch.
  func condition(_ e: Expr, jumpIf: Bool) -> [Int] {
    fs.span = e.span
    switch e.kind {
    case .unary(.not, let x):
      return condition(x, jumpIf: !jumpIf)
    case .and(let l, let r):
      if jumpIf {
        let fall = condition(l, jumpIf: false)
        let jumps = condition(r, jumpIf: true)
        patchHere(fall)
        return jumps
      }
      return condition(l, jumpIf: false) + condition(r, jumpIf: false)
    case .or(let l, let r):
      if jumpIf { return condition(l, jumpIf: true) + condition(r, jumpIf: true) }
      let taken = condition(l, jumpIf: true)
      let jumps = condition(r, jumpIf: false)
      patchHere(taken)
      return jumps
    case .bool(let b):
      return b == jumpIf ? [emitJump()] : []
    case .binary(let op, let l, let r) where [.eq, .ne, .lt, .le, .gt, .ge].contains(op):
      return comparisonJump(op, l, r, jumpIf, e.span)
    default:
      let saved = fs.freeRegister
      let r = exprAny(e)
      fs.freeRegister = saved
      emit(Instr.abc(.testJ, r, 0, jumpIf ? 1 : 0))
      return [emitJump()]
    }
  }

  private func comparisonJump(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ jumpIf: Bool, _ span: Span) -> [Int] {
    let saved = fs.freeRegister
    defer { fs.freeRegister = saved }
    if case .number(let d) = r.kind, constant(d) <= 255 {
      let k = constant(d)
      let lr = exprAny(l)
      fs.span = span
      let (opc, flag): (Opcode, Bool) = {
        switch op {
        case .eq: return (.eqKJ, jumpIf)
        case .ne: return (.eqKJ, !jumpIf)
        case .lt: return (.ltKJ, jumpIf)
        case .le: return (.leKJ, jumpIf)
        case .gt: return (.gtKJ, jumpIf)
        default: return (.geKJ, jumpIf)
        }
      }()
      emit(Instr.abc(opc, lr, k, flag ? 1 : 0))
      return [emitJump()]
    }
    let lr = exprAny(l)
    let rr = exprAny(r)
    fs.span = span
    switch op {
    case .eq: emit(Instr.abc(.eqJ, lr, rr, jumpIf ? 1 : 0))
    case .ne: emit(Instr.abc(.eqJ, lr, rr, jumpIf ? 0 : 1))
    case .lt: emit(Instr.abc(.ltJ, lr, rr, jumpIf ? 1 : 0))
    case .le: emit(Instr.abc(.leJ, lr, rr, jumpIf ? 1 : 0))
    case .gt: emit(Instr.abc(.ltJ, rr, lr, jumpIf ? 1 : 0))
    default: emit(Instr.abc(.leJ, rr, lr, jumpIf ? 1 : 0))
    }
    return [emitJump()]
  }
}
