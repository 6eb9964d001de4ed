/// The dispatch loop. Registers, code and constants are read through raw
/// pointers held in locals; `pc` is a local saved into the frame only before
/// calls and on errors.
extension VM {
  /// Runs the top frame until the entry frame it belongs to returns; errors
  /// are routed to the innermost `try` handler of this run, or rethrown.
  func execute() throws -> Value {
    let entry = frameCount - 1
    while true {
      do {
        return try dispatch()
      } catch {
        var e = (error as? RLSError) ?? RLSError(.value, String(describing: error))
        locate(&e)
        if e.kind != .interrupt, let h = handlers.last, h.frame >= entry {
          popHandlers(count: 1)
          closeUpvalues(from: h.register)
          frameCount = h.frame + 1
          let f = frames[h.frame]
          stackTop = f.base + f.closure.takeUnretainedValue().proto.maxRegisters
          frames[h.frame].pc = h.pc
          regs[h.register] = errorValue(e)
          continue
        }
        closeUpvalues(from: frames[entry].base)
        while let h = handlers.last, h.frame >= entry { popHandlers(count: 1) }
        frameCount = entry
        throw e
      }
    }
  }

  // swiftlint:disable:next cyclomatic_complexity function_body_length
  private func dispatch() throws -> Value {
    var f = frames + (frameCount - 1)
    var closure = f.pointee.closure
    var (code, k, globals, upvals) = VM.state(closure)
    var base = regs + f.pointee.base
    var pc = f.pointee.pc

    while true {
      let i = code[pc]
      pc &+= 1
      let a = Instr.a(i)
      do {
        switch unsafeBitCast(Instr.op(i), to: Opcode.self) {
        case .move:
          base[a] = base[Instr.b(i)]
        case .loadK:
          base[a] = k[Instr.bx(i)]
        case .loadI:
          base[a] = .number(Double(Instr.sbx(i)))
        case .loadNil:
          for j in 0...Instr.b(i) { base[a + j] = .null }
        case .loadBool:
          base[a] = .bool(Instr.b(i) != 0)
        case .getGlobal:
          let v = globals[Instr.bx(i)]
          if case .undef = v { throw undefinedGlobal(closure, Instr.bx(i)) }
          base[a] = v
        case .setGlobal:
          if case .undef = globals[Instr.bx(i)] { throw undefinedGlobal(closure, Instr.bx(i)) }
          globals[Instr.bx(i)] = base[a]
        case .defGlobal:
          globals[Instr.bx(i)] = base[a]
        case .getUpval:
          base[a] = upvals[Instr.b(i)]._withUnsafeGuaranteedRef { u in u.isOpen ? regs[u.index] : u.closed }
        case .setUpval:
          let v = base[a]
          upvals[Instr.b(i)]._withUnsafeGuaranteedRef { u in if u.isOpen { regs[u.index] = v } else { u.closed = v } }
        case .close:
          closeUpvalues(from: f.pointee.base + a)
        case .closure:
          base[a] = makeClosure(Instr.bx(i), enclosing: closure, base: f.pointee.base)
        case .newList:
          base[a] = heap.makeList(UnsafeBufferPointer(start: base + Instr.b(i), count: Instr.c(i)))
        case .appendList:
          if let l = base[a].list {
            l.items.append(contentsOf: UnsafeBufferPointer(start: base + Instr.b(i), count: Instr.c(i)))
          }
        case .newMap:
          base[a] = Value(newMap())
        case .getField:
          base[a] = try fieldFast(base[Instr.b(i)], k[Instr.c(i)])
        case .setField:
          try setFieldFast(base[a], k[Instr.b(i)], base[Instr.c(i)])
        case .getIndex:
          base[a] = try indexFast(base[Instr.b(i)], base[Instr.c(i)])
        case .setIndex:
          try setIndexFast(base[a], base[Instr.b(i)], base[Instr.c(i)])
        case .getIndexN:
          let b = Instr.b(i)
          base[a] = try getIndexN(base[b], UnsafeBufferPointer(start: base + b + 1, count: Instr.c(i)))
        case .setIndexN:
          try setIndexN(base[a], UnsafeBufferPointer(start: base + a + 1, count: Instr.b(i)), base[Instr.c(i)])
        case .slice:
          let b = Instr.b(i)
          base[a] = Value(heap.track(ObjSlice(lo: base[b], hi: base[b + 1], step: base[b + 2])))
        case .add:
          let x = base[Instr.b(i)], y = base[Instr.c(i)]
          if case .number(let p) = x, case .number(let q) = y { base[a] = .number(p + q) } else { base[a] = try arith(.add, x, y) }
        case .sub:
          let x = base[Instr.b(i)], y = base[Instr.c(i)]
          if case .number(let p) = x, case .number(let q) = y { base[a] = .number(p - q) } else { base[a] = try arith(.sub, x, y) }
        case .mul:
          let x = base[Instr.b(i)], y = base[Instr.c(i)]
          if case .number(let p) = x, case .number(let q) = y { base[a] = .number(p * q) } else { base[a] = try arith(.mul, x, y) }
        case .div:
          let x = base[Instr.b(i)], y = base[Instr.c(i)]
          if case .number(let p) = x, case .number(let q) = y { base[a] = .number(p / q) } else { base[a] = try arith(.div, x, y) }
        case .mod:
          let x = base[Instr.b(i)], y = base[Instr.c(i)]
          if case .number(let p) = x, case .number(let q) = y { base[a] = .number(floorMod(p, q)) } else { base[a] = try arith(.mod, x, y) }
        case .pow:
          base[a] = try arith(.pow, base[Instr.b(i)], base[Instr.c(i)])
        case .matmul:
          base[a] = try arith(.matmul, base[Instr.b(i)], base[Instr.c(i)])
        case .addK:
          let x = base[Instr.b(i)], y = k[Instr.c(i)]
          if case .number(let p) = x, case .number(let q) = y { base[a] = .number(p + q) } else { base[a] = try arith(.add, x, y) }
        case .subK:
          let x = base[Instr.b(i)], y = k[Instr.c(i)]
          if case .number(let p) = x, case .number(let q) = y { base[a] = .number(p - q) } else { base[a] = try arith(.sub, x, y) }
        case .mulK:
          let x = base[Instr.b(i)], y = k[Instr.c(i)]
          if case .number(let p) = x, case .number(let q) = y { base[a] = .number(p * q) } else { base[a] = try arith(.mul, x, y) }
        case .divK:
          let x = base[Instr.b(i)], y = k[Instr.c(i)]
          if case .number(let p) = x, case .number(let q) = y { base[a] = .number(p / q) } else { base[a] = try arith(.div, x, y) }
        case .modK:
          let x = base[Instr.b(i)], y = k[Instr.c(i)]
          if case .number(let p) = x, case .number(let q) = y { base[a] = .number(floorMod(p, q)) } else { base[a] = try arith(.mod, x, y) }
        case .neg:
          let x = base[Instr.b(i)]
          if case .number(let p) = x { base[a] = .number(-p) } else { base[a] = try negate(x) }
        case .not:
          base[a] = .bool(!base[Instr.b(i)].isTruthy)
        case .eq:
          base[a] = .bool(try valuesEqual(base[Instr.b(i)], base[Instr.c(i)]))
        case .ne:
          base[a] = .bool(!(try valuesEqual(base[Instr.b(i)], base[Instr.c(i)])))
        case .lt:
          let x = base[Instr.b(i)], y = base[Instr.c(i)]
          if case .number(let p) = x, case .number(let q) = y { base[a] = .bool(p < q) } else { base[a] = try compareValue(x, y, .lt) }
        case .le:
          let x = base[Instr.b(i)], y = base[Instr.c(i)]
          if case .number(let p) = x, case .number(let q) = y { base[a] = .bool(p <= q) } else { base[a] = try compareValue(x, y, .le) }
        case .eqJ:
          let x = base[a], y = base[Instr.b(i)]
          let cond: Bool
          if case .number(let p) = x, case .number(let q) = y { cond = p == q } else { cond = try equalFast(x, y) }
          pc &+= cond == (Instr.c(i) != 0) ? 1 &+ Instr.sj(code[pc]) : 1
        case .ltJ:
          let x = base[a], y = base[Instr.b(i)]
          let cond: Bool
          if case .number(let p) = x, case .number(let q) = y { cond = p < q } else { cond = try compare(x, y, .lt) }
          pc &+= cond == (Instr.c(i) != 0) ? 1 &+ Instr.sj(code[pc]) : 1
        case .leJ:
          let x = base[a], y = base[Instr.b(i)]
          let cond: Bool
          if case .number(let p) = x, case .number(let q) = y { cond = p <= q } else { cond = try compare(x, y, .le) }
          pc &+= cond == (Instr.c(i) != 0) ? 1 &+ Instr.sj(code[pc]) : 1
        case .eqKJ:
          let x = base[a], y = k[Instr.b(i)]
          let cond: Bool
          if case .number(let p) = x, case .number(let q) = y { cond = p == q } else { cond = try valuesEqual(x, y) }
          pc &+= cond == (Instr.c(i) != 0) ? 1 &+ Instr.sj(code[pc]) : 1
        case .ltKJ:
          let x = base[a], y = k[Instr.b(i)]
          let cond: Bool
          if case .number(let p) = x, case .number(let q) = y { cond = p < q } else { cond = try compare(x, y, .lt) }
          pc &+= cond == (Instr.c(i) != 0) ? 1 &+ Instr.sj(code[pc]) : 1
        case .leKJ:
          let x = base[a], y = k[Instr.b(i)]
          let cond: Bool
          if case .number(let p) = x, case .number(let q) = y { cond = p <= q } else { cond = try compare(x, y, .le) }
          pc &+= cond == (Instr.c(i) != 0) ? 1 &+ Instr.sj(code[pc]) : 1
        case .gtKJ:
          let x = base[a], y = k[Instr.b(i)]
          let cond: Bool
          if case .number(let p) = x, case .number(let q) = y { cond = p > q } else { cond = try compare(y, x, .lt) }
          pc &+= cond == (Instr.c(i) != 0) ? 1 &+ Instr.sj(code[pc]) : 1
        case .geKJ:
          let x = base[a], y = k[Instr.b(i)]
          let cond: Bool
          if case .number(let p) = x, case .number(let q) = y { cond = p >= q } else { cond = try compare(y, x, .le) }
          pc &+= cond == (Instr.c(i) != 0) ? 1 &+ Instr.sj(code[pc]) : 1
        case .testJ:
          pc &+= base[a].isTruthy == (Instr.c(i) != 0) ? 1 &+ Instr.sj(code[pc]) : 1
        case .jmp:
          let offset = Instr.sj(i)
          if offset < 0 && (heap.collectionDue || Interrupt.isRequested) {
            // Saved before jumping, so an interrupt is reported at the loop.
            f.pointee.pc = pc
            try safePoint()
          }
          pc &+= offset
        case .call:
          f.pointee.pc = pc
          let argc = Instr.b(i)
          let kw: ObjMap? = Instr.c(i) != 0 ? base[a + argc + 1].map : nil
          let callee = base[a]
          if case .object(let u) = callee, u._withUnsafeGuaranteedRef({ $0.kind == .closure }) {
            let cu = unsafeBitCast(u, to: Unmanaged<ObjClosure>.self)
            let calleeBase = f.pointee.base + a + 1
            let (np, maxR) = cu._withUnsafeGuaranteedRef { ($0.paramCount, $0.maxRegisters) }
            if argc == np && Instr.c(i) == 0 && frameCount < VM.frameCapacity && calleeBase + maxR < VM.registerCapacity {
              frames[frameCount] = Frame(closure: cu, pc: 0, base: calleeBase, isEntry: false)
              frameCount += 1
              stackTop = calleeBase + maxR
              if stackTop > highWater { highWater = stackTop }
            } else {
              try pushFrame(cu.takeUnretainedValue(), base: calleeBase, argc: argc, keywords: kw, isEntry: false)
            }
            f = frames + (frameCount - 1)
            closure = cu
            (code, k, globals, upvals) = VM.state(cu)
            base = regs + calleeBase
            pc = 0
            if heap.collectionDue || Interrupt.isRequested { try safePoint() }
          } else if case .object(let u) = callee, u._withUnsafeGuaranteedRef({ $0.kind == .native }) {
            base[a] = try callNativeFast(
              unsafeBitCast(u, to: Unmanaged<ObjNative>.self),
              args: UnsafeBufferPointer(start: base + a + 1, count: argc), keywords: kw)
          } else {
            base[a] = try callNonClosure(callee, argBase: f.pointee.base + a + 1, argc: argc, keywords: kw)
          }
        case .ret:
          let v = Instr.b(i) != 0 ? base[a] : .null
          let fb = f.pointee.base
          if topOpenUpvalue >= fb { closeUpvalues(from: fb) }
          if handlerCount > 0 { popHandlers(ofFrame: frameCount - 1) }
          regs[fb - 1] = v
          let wasEntry = f.pointee.isEntry
          frameCount -= 1
          if wasEntry { return v }
          f = frames + (frameCount - 1)
          closure = f.pointee.closure
          (code, k, globals, upvals) = VM.state(closure)
          base = regs + f.pointee.base
          pc = f.pointee.pc
          stackTop = f.pointee.base + closure._withUnsafeGuaranteedRef { $0.maxRegisters }
        case .iterPrep:
          try iterPrep(base + a)
        case .iterNext:
          if try iterNext(base + a, twoVars: Instr.c(i) == 2) {
            pc += 1
          } else {
            pc += 1 + Instr.sj(code[pc])
          }
        case .tryBegin:
          pushHandler(Handler(frame: frameCount - 1, pc: pc + Instr.sbx(i), register: f.pointee.base + a))
        case .tryEnd:
          popHandlers(count: Instr.b(i))
        case .concat:
          var s = ""
          for j in 0..<Instr.c(i) { appendDisplay(base[Instr.b(i) + j], to: &s) }
          base[a] = string(s)
        case .importPath, .importModule:
          f.pointee.pc = pc
          guard let importer else { throw RLSError(.importError, "imports are not available here") }
          let name = k[Instr.bx(i)].string?.value ?? ""
          base[a] = try importer(name, Instr.op(i) == Opcode.importPath.rawValue, closure.takeUnretainedValue().proto.source)
        case .jmpIfPassed:
          if case .undef = base[a] {} else { pc += Instr.sbx(i) }
        }
      } catch {
        f.pointee.pc = pc
        throw error
      }
    }
  }

  /// A closure of the enclosing function's nested prototype `index`
  /// (everything read without reference counting: the enclosing closure is
  /// running, so its frame keeps it alive).
  func makeClosure(_ index: Int, enclosing: Unmanaged<ObjClosure>, base: Int) -> Value {
    enclosing._withUnsafeGuaranteedRef { e in
      let p = e.proto.protos[index]
      let n = p.upvalues.count
      let c = ObjClosure(proto: p, upvalueCount: n)
      p.upvalues.withUnsafeBufferPointer { ups in
        for j in 0..<n {
          let u = ups[j]
          (c.upvalues + j).initialize(to: u.fromLocal ? capture(base + u.index) : e.upvalues[u.index])
        }
      }
      return Value(heap.track(c, extraBytes: 96 + 8 * n))
    }
  }

  func undefinedGlobal(_ c: Unmanaged<ObjClosure>, _ slot: Int) -> RLSError {
    let p = c.takeUnretainedValue().proto
    let name = slot < p.globals.names.count ? p.globals.names[slot] : "?"
    return RLSError(.name, "'\(name)' is used before it is defined")
  }
}

/// Floored modulo (the result has the sign of the divisor), with a fast path
/// for whole numbers.
@inline(__always) func floorMod(_ a: Double, _ b: Double) -> Double {
  // Whole-number test by round-tripping through Int64 (two conversions)
  // rather than `rounded`, which is a libm call on baseline x86-64.
  if a >= 0 && b > 0 && a < 9.0e15 && b < 9.0e15 {
    let ia = Int64(a), ib = Int64(b)
    if Double(ia) == a && Double(ib) == b { return Double(ia % ib) }
  }
  let r = a.truncatingRemainder(dividingBy: b)
  return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
}

extension VM {
  /// The raw pointers a frame of closure `c` runs with.
  @inline(__always)
  static func state(_ c: Unmanaged<ObjClosure>) -> (
    UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<Value>, UnsafeMutablePointer<Value>,
    UnsafeMutablePointer<Unmanaged<ObjUpvalue>>
  ) {
    c._withUnsafeGuaranteedRef { ($0.code, $0.constants, $0.globalsCell.pointee, $0.upvalues) }
  }

  func pushHandler(_ h: Handler) {
    handlers.append(h)
    handlerCount = handlers.count
  }

  func popHandlers(count: Int) {
    handlers.removeLast(min(count, handlers.count))
    handlerCount = handlers.count
  }

  func popHandlers(ofFrame frame: Int) {
    while let h = handlers.last, h.frame >= frame { handlers.removeLast() }
    handlerCount = handlers.count
  }
}
