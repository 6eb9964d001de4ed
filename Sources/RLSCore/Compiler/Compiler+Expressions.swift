/// Expressions, each compiled into a target register.
extension Compiler {
  /// Compiles `e` for its side effects only.
  func exprDiscard(_ e: Expr) {
    switch e.kind {
    case .if(let cond, let then, let elseBlock): ifExpr(cond, then, elseBlock, nil)
    case .try(let body, let name, let handler): tryExpr(body, name, handler, nil)
    default:
      let saved = fs.freeRegister
      expr(e, allocate())
      fs.freeRegister = saved
    }
  }

  /// The register holding `e`: a local's own register, or a new temporary.
  func exprAny(_ e: Expr) -> Int {
    if case .name(let n) = e.kind, let r = fs.resolveLocal(n) { return r }
    let r = allocate()
    expr(e, r)
    return r
  }

  /// Compiles `e` into register `dst`.
  func expr(_ e: Expr, _ dst: Int) {
    fs.span = e.span
    let saved = fs.freeRegister
    defer { fs.freeRegister = saved }
    switch e.kind {
    case .number(let d): loadNumber(d, dst)
    case .string(let s): emit(Instr.abx(.loadK, dst, constant(s)))
    case .bool(let b): emit(Instr.abc(.loadBool, dst, b ? 1 : 0, 0))
    case .nil: emit(Instr.abc(.loadNil, dst, 0, 0))
    case .name(let name): loadName(name, dst, e.span)
    case .interpolated(let parts):
      let base = fs.freeRegister
      for p in parts {
        let r = allocate()
        switch p {
        case .text(let t): emit(Instr.abx(.loadK, r, constant(t)))
        case .expr(let x): expr(x, r)
        }
      }
      fs.span = e.span
      if parts.count > 255 { return error("too many parts in one interpolated string", e.span) }
      emit(Instr.abc(.concat, dst, base, parts.count))
    case .list(let items): listLiteral(items, dst)
    case .map(let entries): mapLiteral(entries, dst)
    case .unary(let op, let x):
      if op == .neg, case .number(let d) = x.kind { return loadNumber(-d, dst) }
      let r = exprAny(x)
      fs.span = e.span
      emit(Instr.abc(op == .neg ? .neg : .not, dst, r, 0))
    case .binary(let op, let l, let r): binary(op, l, r, dst, span: e.span)
    case .and(let l, let r):
      expr(l, dst)
      emit(Instr.abc(.testJ, dst, 0, 0))
      let j = emitJump()
      expr(r, dst)
      patchHere([j])
    case .or(let l, let r):
      expr(l, dst)
      emit(Instr.abc(.testJ, dst, 0, 1))
      let j = emitJump()
      expr(r, dst)
      patchHere([j])
    case .call(let callee, let args, let keywords): call(callee, args, keywords, dst, e.span)
    case .index(let obj, let subs): index(obj, subs, dst, e.span)
    case .field(let obj, let name):
      let o = exprAny(obj)
      fs.span = e.span
      emit(Instr.abc(.getField, dst, o, fieldKey(name)))
    case .function(let decl): function(decl, name: decl.name ?? "<anonymous>", dst)
    case .if(let cond, let then, let elseBlock): ifExpr(cond, then, elseBlock, dst)
    case .try(let body, let name, let handler): tryExpr(body, name, handler, dst)
    }
  }

  func loadNumber(_ d: Double, _ dst: Int) {
    if d == d.rounded(), abs(d) < 32000, !(d == 0 && d.sign == .minus) {
      emit(Instr.asbx(.loadI, dst, Int(d)))
    } else {
      emit(Instr.abx(.loadK, dst, constant(d)))
    }
  }

  private func loadName(_ name: String, _ dst: Int, _ span: Span) {
    if let r = fs.resolveLocal(name) {
      if r != dst { emit(Instr.abc(.move, dst, r, 0)) }
    } else if let u = fs.resolveUpvalue(name) {
      emit(Instr.abc(.getUpval, dst, u, 0))
    } else if let slot = globalSlot(name, span) {
      emit(Instr.abx(.getGlobal, dst, slot))
    }
  }

  /// The global slot of `name`, or a diagnostic when it is not defined anywhere.
  func globalSlot(_ name: String, _ span: Span) -> Int? {
    if declaredGlobals.contains(name) || globals.get(name) != nil || globals.slots[name] != nil {
      return globals.slot(name)
    }
    var known = Array(declaredGlobals) + globals.definedNames
    for l in fs.locals { known.append(l.name) }
    let near = known.map { ($0, editDistance($0, name)) }.filter { $0.1 <= (name.count <= 4 ? 1 : 2) && $0.1 < name.count }.min { $0.1 < $1.1 }
    error("undefined name '\(name)'" + (near.map { " (did you mean '\($0.0)'?)" } ?? ""), span)
    return nil
  }

  private func listLiteral(_ items: [Expr], _ dst: Int) {
    let target = allocate()
    var first = true
    var i = 0
    repeat {
      let chunk = items[i..<min(items.count, i + 64)]
      let base = fs.freeRegister
      for item in chunk { expr(item, allocate()) }
      emit(Instr.abc(first ? .newList : .appendList, target, base, chunk.count))
      fs.freeRegister = base
      first = false
      i += 64
    } while i < items.count
    emit(Instr.abc(.move, dst, target, 0))
  }

  private func mapLiteral(_ entries: [MapEntry], _ dst: Int) {
    let target = allocate()
    emit(Instr.abc(.newMap, target, 0, 0))
    for entry in entries {
      let saved = fs.freeRegister
      if case .string(let k) = entry.key.kind, constant(k) <= 255 {
        let v = exprAny(entry.value)
        emit(Instr.abc(.setField, target, constant(k), v))
      } else {
        let k = exprAny(entry.key)
        let v = exprAny(entry.value)
        fs.span = entry.key.span
        emit(Instr.abc(.setIndex, target, k, v))
      }
      fs.freeRegister = saved
    }
    emit(Instr.abc(.move, dst, target, 0))
  }

  func opcode(_ op: BinaryOp) -> Opcode {
    switch op {
    case .add: return .add
    case .sub: return .sub
    case .mul: return .mul
    case .div: return .div
    case .mod: return .mod
    case .pow: return .pow
    case .matmul: return .matmul
    case .eq: return .eq
    case .ne: return .ne
    case .lt, .gt: return .lt
    case .le, .ge: return .le
    }
  }

  /// `l op r` into `dst`, using constant-operand forms where they exist.
  func binary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ dst: Int, span: Span? = nil) {
    let kOp: Opcode? = {
      switch op {
      case .add: return .addK
      case .sub: return .subK
      case .mul: return .mulK
      case .div: return .divK
      case .mod: return .modK
      default: return nil
      }
    }()
    if let kOp, case .number(let d) = r.kind {
      let k = constant(d)
      if k <= 255 {
        let lr = exprAny(l)
        fs.span = span ?? r.span
        emit(Instr.abc(kOp, dst, lr, k))
        return
      }
    }
    let lr = exprAny(l)
    let rr = exprAny(r)
    fs.span = span ?? r.span
    switch op {
    case .gt, .ge: emit(Instr.abc(opcode(op), dst, rr, lr))
    default: emit(Instr.abc(opcode(op), dst, lr, rr))
    }
  }

  private func call(_ callee: Expr, _ args: [Expr], _ keywords: [KeywordArg], _ dst: Int, _ span: Span) {
    // When `dst` is the topmost register and a temporary (no variable lives
    // there that the callee or arguments could read), the call runs in place:
    // its result lands in `dst` without a `move`.
    let inPlace = dst + 1 == fs.freeRegister && !fs.locals.contains { $0.register == dst }
    let f = inPlace ? dst : allocate()
    expr(callee, f)
    for a in args { expr(a, allocate()) }
    if !keywords.isEmpty {
      let m = allocate()
      emit(Instr.abc(.newMap, m, 0, 0))
      for kw in keywords {
        let saved = fs.freeRegister
        let v = exprAny(kw.value)
        emit(Instr.abc(.setField, m, fieldKey(kw.name), v))
        fs.freeRegister = saved
      }
    }
    if args.count > 254 { return error("too many arguments in one call (limit 254)", span) }
    fs.span = span
    let at = emit(Instr.abc(.call, f, args.count, keywords.isEmpty ? 0 : 1))
    fs.proto.argumentSpans[at] = args.map(\.span) + keywords.map(\.span)
    if dst != f { emit(Instr.abc(.move, dst, f, 0)) }
  }

  /// One subscript into `r`: an expression, or a slice object.
  func subscriptInto(_ s: IndexArg, _ r: Int) {
    switch s {
    case .expr(let e): expr(e, r)
    case .slice(let lo, let hi, let step):
      let saved = fs.freeRegister
      defer { fs.freeRegister = saved }
      let b = allocate()
      _ = allocate()
      _ = allocate()
      for (j, part) in [lo, hi, step].enumerated() {
        if let part { expr(part, b + j) } else { emit(Instr.abc(.loadNil, b + j, 0, 0)) }
      }
      emit(Instr.abc(.slice, r, b, 0))
    }
  }

  private func index(_ obj: Expr, _ subs: [IndexArg], _ dst: Int, _ span: Span) {
    if subs.count == 1 {
      let o = exprAny(obj)
      let i = allocate()
      subscriptInto(subs[0], i)
      fs.span = span
      emit(Instr.abc(.getIndex, dst, o, i))
      return
    }
    let base = allocate()
    expr(obj, base)
    let regs = subs.map { _ in allocate() }
    for (s, r) in zip(subs, regs) { subscriptInto(s, r) }
    fs.span = span
    emit(Instr.abc(.getIndexN, dst, base, subs.count))
  }

  /// `if` as an expression (value into `dst`) or a statement (`dst` nil).
  func ifExpr(_ cond: Expr, _ then: Block, _ elseBlock: Block?, _ dst: Int?) {
    let skip = condition(cond, jumpIf: false)
    block(then, dst)
    if let elseBlock {
      let end = emitJump()
      patchHere(skip)
      block(elseBlock, dst)
      patchHere([end])
    } else if let dst {
      let end = emitJump()
      patchHere(skip)
      emit(Instr.abc(.loadNil, dst, 0, 0))
      patchHere([end])
    } else {
      patchHere(skip)
    }
  }

  /// `try { } catch e { }` as an expression or statement.
  func tryExpr(_ body: Block, _ name: String?, _ handler: Block, _ dst: Int?) {
    let saved = fs.freeRegister
    let errReg = allocate()
    let begin = emit(Instr.asbx(.tryBegin, errReg, 0))
    fs.tryDepth += 1
    block(body, dst)
    fs.tryDepth -= 1
    emit(Instr.abc(.tryEnd, 0, 1, 0))
    let end = emitJump()
    patchSBx(begin, to: here)
    beginScope()
    if let name { declareLocal(name, errReg) }
    statements(handler.statements, valueInto: dst)
    endScope()
    patchHere([end])
    fs.freeRegister = saved
  }
}
