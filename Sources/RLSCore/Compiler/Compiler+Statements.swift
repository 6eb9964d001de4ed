/// Statements: declarations, assignment, loops, jumps, imports.
extension Compiler {
  /// Compiles statements; when `valueInto` is given, the value of the last
  /// statement (if it is an expression, else nil) lands in that register.
  func statements(_ list: [Stmt], valueInto dst: Int?) {
    for (i, s) in list.enumerated() {
      let last = i == list.count - 1
      if last, let dst, case .expr(let e) = s.kind {
        fs.span = s.span
        expr(e, dst)
      } else {
        statement(s)
        if last, let dst { emit(Instr.abc(.loadNil, dst, 0, 0)) }
      }
    }
    if list.isEmpty, let dst { emit(Instr.abc(.loadNil, dst, 0, 0)) }
  }

  /// A block in its own scope, its value into `dst` (if any).
  func block(_ b: Block, _ dst: Int?) {
    beginScope()
    statements(b.statements, valueInto: dst)
    endScope()
  }

  func statement(_ s: Stmt) {
    fs.span = s.span
    let saved = fs.freeRegister
    defer { fs.freeRegister = max(saved, (fs.locals.last?.register ?? -1) + 1) }
    switch s.kind {
    case .let(let name, let value):
      if fs.isGlobalScope {
        let r = value.map { exprAny($0) } ?? loadNilTemp()
        emit(Instr.abx(.defGlobal, r, globals.slot(name)))
      } else {
        let r = allocate()
        if let value { expr(value, r) } else { emit(Instr.abc(.loadNil, r, 0, 0)) }
        declareLocal(name, r)
      }
    case .function(let decl):
      let name = decl.name ?? "<anonymous>"
      if fs.isGlobalScope {
        let r = allocate()
        function(decl, name: name, r)
        emit(Instr.abx(.defGlobal, r, globals.slot(name)))
      } else {
        let r = allocate()
        declareLocal(name, r)
        function(decl, name: name, r)
      }
    case .assign(let target, let op, let value):
      assign(target, op, value, s.span)
    case .expr(let e):
      exprDiscard(e)
    case .while(let cond, let body):
      whileLoop(cond, body, s.span)
    case .for(let first, let second, let iterable, let body):
      forLoop(first, second, iterable, body, s.span)
    case .break:
      guard !fs.loops.isEmpty else { return error("'break' outside a loop", s.span) }
      popTries(to: fs.loops[fs.loops.count - 1].tryDepth)
      fs.loops[fs.loops.count - 1].breakJumps.append(emitJump())
    case .continue:
      guard !fs.loops.isEmpty else { return error("'continue' outside a loop", s.span) }
      popTries(to: fs.loops[fs.loops.count - 1].tryDepth)
      fs.loops[fs.loops.count - 1].continueJumps.append(emitJump())
    case .return(let value):
      if fs.parent == nil { return error("'return' outside a function", s.span) }
      if let value {
        let r = exprAny(value)
        emit(Instr.abc(.ret, r, 1, 0))
      } else {
        emit(Instr.abc(.ret, 0, 0, 0))
      }
    case .import(let path, let isPath, let alias):
      let name = Compiler.importName(path, isPath, alias)
      let r = allocate()
      emit(Instr.abx(isPath ? .importPath : .importModule, r, constant(path)))
      if fs.isGlobalScope {
        emit(Instr.abx(.defGlobal, r, globals.slot(name)))
      } else {
        declareLocal(name, r)
      }
    }
  }

  private func loadNilTemp() -> Int {
    let r = allocate()
    emit(Instr.abc(.loadNil, r, 0, 0))
    return r
  }

  /// Emits `tryEnd` for the `try` blocks opened since `depth` (break/continue out of them).
  private func popTries(to depth: Int) {
    if fs.tryDepth > depth { emit(Instr.abc(.tryEnd, 0, fs.tryDepth - depth, 0)) }
  }

  // MARK: Assignment

  private func assign(_ target: Expr, _ op: AssignOp, _ value: Expr, _ span: Span) {
    let binop: BinaryOp? = {
      switch op {
      case .assign: return nil
      case .add: return .add
      case .sub: return .sub
      case .mul: return .mul
      case .div: return .div
      }
    }()
    switch target.kind {
    case .name(let name):
      if let r = fs.resolveLocal(name) {
        if let binop { binary(binop, target, value, r) } else { expr(value, r) }
      } else if let u = fs.resolveUpvalue(name) {
        let r = allocate()
        if let binop { binary(binop, target, value, r) } else { expr(value, r) }
        emit(Instr.abc(.setUpval, r, u, 0))
      } else if let slot = globalSlot(name, target.span) {
        let r = allocate()
        if let binop { binary(binop, target, value, r) } else { expr(value, r) }
        fs.span = span
        emit(Instr.abx(.setGlobal, r, slot))
      }
    case .field(let objExpr, let name):
      let o = exprAny(objExpr)
      let v: Int
      if let binop {
        v = allocate()
        fs.span = target.span
        emit(Instr.abc(.getField, v, o, fieldKey(name)))
        let rhs = exprAny(value)
        fs.span = span
        emit(Instr.abc(opcode(binop), v, v, rhs))
      } else {
        v = exprAny(value)
      }
      fs.span = target.span
      emit(Instr.abc(.setField, o, fieldKey(name), v))
    case .index(let objExpr, let subs):
      if subs.count == 1, case .expr(let ie) = subs[0] {
        let o = exprAny(objExpr)
        let i = exprAny(ie)
        let v: Int
        if let binop {
          v = allocate()
          fs.span = target.span
          emit(Instr.abc(.getIndex, v, o, i))
          let rhs = exprAny(value)
          fs.span = span
          emit(Instr.abc(opcode(binop), v, v, rhs))
        } else {
          v = exprAny(value)
        }
        fs.span = target.span
        emit(Instr.abc(.setIndex, o, i, v))
      } else {
        let base = allocate()
        expr(objExpr, base)
        let regs = subs.map { _ in allocate() }
        for (s, r) in zip(subs, regs) { subscriptInto(s, r) }
        let v: Int
        if let binop {
          v = allocate()
          fs.span = target.span
          emit(Instr.abc(.getIndexN, v, base, subs.count))
          let rhs = exprAny(value)
          fs.span = span
          emit(Instr.abc(opcode(binop), v, v, rhs))
        } else {
          v = exprAny(value)
        }
        fs.span = target.span
        emit(Instr.abc(.setIndexN, base, subs.count, v))
      }
    default:
      error("cannot assign to this expression", target.span)
    }
  }

  /// The constant index of a field name, usable in a C operand.
  func fieldKey(_ name: String) -> Int {
    let k = constant(name)
    if k > 255 { error("too many distinct field names in one function (limit 256)", fs.span) }
    return k
  }

  // MARK: Loops

  private func whileLoop(_ cond: Expr, _ body: Block, _ span: Span) {
    let start = here
    let exits = condition(cond, jumpIf: false)
    fs.loops.append(LoopState(firstRegister: fs.freeRegister, tryDepth: fs.tryDepth))
    beginScope()
    statements(body.statements, valueInto: nil)
    endScope()
    fs.span = span
    finishLoop(continueAt: start, exits: exits)
  }

  private func forLoop(_ first: String, _ second: String?, _ iterable: Expr, _ body: Block, _ span: Span) {
    let saved = fs.freeRegister
    let base = allocate()
    _ = allocate()
    let v1 = allocate()
    let v2 = second != nil ? allocate() : -1
    expr(iterable, base)
    fs.span = iterable.span
    emit(Instr.abc(.iterPrep, base, 0, 0))
    let start = here
    emit(Instr.abc(.iterNext, base, 0, second != nil ? 2 : 1))
    let exit = emitJump()
    fs.loops.append(LoopState(firstRegister: v1, tryDepth: fs.tryDepth))
    beginScope()
    declareLocal(first, v1)
    if let second { declareLocal(second, v2) }
    statements(body.statements, valueInto: nil)
    // The loop variables stay declared until the scope ends below.
    endScopeKeepingRegisters(above: v1)
    fs.span = span
    finishLoop(continueAt: start, exits: [exit])
    fs.freeRegister = saved
  }

  /// Ends a loop scope without letting `endScope` emit its own close (the loop does).
  private func endScopeKeepingRegisters(above first: Int) {
    fs.scopeDepth -= 1
    while let l = fs.locals.last, l.depth > fs.scopeDepth { fs.locals.removeLast() }
    fs.freeRegister = first
  }

  /// Continue target (close captured iteration variables, jump back), exit target.
  private func finishLoop(continueAt start: Int, exits: [Int]) {
    let loop = fs.loops.removeLast()
    patchHere(loop.continueJumps)
    if loop.needsClose { emit(Instr.abc(.close, loop.firstRegister, 0, 0)) }
    jumpBack(to: start)
    patchHere(exits)
    patchHere(loop.breakJumps)
    if loop.needsClose { emit(Instr.abc(.close, loop.firstRegister, 0, 0)) }
  }

  // MARK: Functions

  /// Compiles a function literal or declaration into a closure in `dst`.
  func function(_ decl: FunctionDecl, name: String, _ dst: Int) {
    let proto = Proto(name: name, source: source, globals: globals)
    proto.definition = decl.span
    let outer = fs
    fs = FunctionState(proto: proto, parent: outer)
    fs.span = decl.span
    proto.params = decl.params.map(\.name)
    proto.requiredParams = decl.params.prefix { $0.defaultValue == nil }.count
    for p in decl.params { declareLocal(p.name, allocate()) }
    for (i, p) in decl.params.enumerated() {
      guard let d = p.defaultValue else { continue }
      fs.span = p.span
      let j = emit(Instr.asbx(.jmpIfPassed, i, 0))
      expr(d, i)
      patchSBx(j, to: here)
    }
    let result = allocate()
    block(decl.body, result)
    emit(Instr.abc(.ret, result, 1, 0))
    proto.freeze()
    fs = outer
    fs.proto.protos.append(proto)
    fs.span = decl.span
    emit(Instr.abx(.closure, dst, fs.proto.protos.count - 1))
  }
}
