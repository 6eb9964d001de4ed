/// Compiles a syntax tree to register bytecode, resolving names as it goes:
/// locals live in registers, captured variables become upvalues, everything
/// else is a global slot of the module (an unknown name is a compile error).
///
/// One pass, no separate resolver: each expression is compiled into a target
/// register; temporaries are allocated above the locals and freed after use.
public final class Compiler {
  let source: Source
  let globals: GlobalTable
  var fs: FunctionState
  var diagnostics: [Diagnostic] = []
  /// Globals the unit declares at top level (visible to functions written before them).
  var declaredGlobals: Set<String> = []
  static let maxRegisters = 250

  init(source: Source, globals: GlobalTable) {
    self.source = source
    self.globals = globals
    fs = FunctionState(proto: Proto(name: "<script>", source: source, globals: globals), parent: nil)
  }

  /// Compiles a program for a module's globals. The top-level prototype returns
  /// the value of the last statement when it is an expression (the REPL prints it).
  public static func compile(_ program: Program, globals: GlobalTable) throws -> Proto {
    let c = Compiler(source: program.source, globals: globals)
    for s in program.statements {
      switch s.kind {
      case .let(let name, _): c.declaredGlobals.insert(name)
      case .function(let f): if let n = f.name { c.declaredGlobals.insert(n) }
      case .import(let path, let isPath, let alias): c.declaredGlobals.insert(Compiler.importName(path, isPath, alias))
      default: break
      }
    }
    let result = c.allocate()
    c.statements(program.statements, valueInto: result)
    c.emit(Instr.abc(.ret, result, 1, 0))
    if !c.diagnostics.isEmpty {
      var e = RLSError(.syntax, c.diagnostics[0].message)
      e.source = program.source
      e.span = c.diagnostics[0].span
      e.diagnostics = c.diagnostics
      if c.diagnostics.allSatisfy({ $0.message.hasPrefix("undefined name") }) { e.kind = .name }
      throw e
    }
    c.fs.proto.freeze()
    return c.fs.proto
  }

  /// The name an import binds: the alias, else the module name or the file's base name.
  static func importName(_ path: String, _ isPath: Bool, _ alias: String?) -> String {
    if let alias { return alias }
    guard isPath else { return path }
    let base = path.split(separator: "/").last.map(String.init) ?? path
    return base.hasSuffix(".rls") ? String(base.dropLast(4)) : base
  }

  // MARK: Emission

  /// Appends an instruction at the current span; returns its index.
  @discardableResult func emit(_ i: UInt32) -> Int {
    fs.proto.code.append(i)
    fs.proto.spans.append(fs.span)
    return fs.proto.code.count - 1
  }

  /// Index of the next instruction.
  var here: Int { fs.proto.code.count }

  /// Emits a `JMP` to be patched later.
  func emitJump() -> Int { emit(Instr.sj(.jmp, 0)) }

  /// Points the jump at `at` to `target`.
  func patch(_ at: Int, to target: Int) {
    let offset = target - (at + 1)
    guard abs(offset) < Instr.maxSJ else { return error("function too large", fs.span) }
    let old = fs.proto.code[at]
    fs.proto.code[at] = (old & 0xff) | Instr.sj(.jmp, offset) & ~0xff
  }

  /// Points the jumps to the next instruction.
  func patchHere(_ jumps: [Int]) { for j in jumps { patch(j, to: here) } }

  /// Emits a backward jump to `target`.
  func jumpBack(to target: Int) { emit(Instr.sj(.jmp, target - (here + 1))) }

  /// Emits an instruction with a 16-bit signed offset (to be patched).
  func patchSBx(_ at: Int, to target: Int) {
    let offset = target - (at + 1)
    guard abs(offset) < Instr.maxSBx else { return error("function too large", fs.span) }
    let old = fs.proto.code[at]
    fs.proto.code[at] = (old & 0xffff) | UInt32(offset + 32767) << 16
  }

  // MARK: Registers, constants, scopes

  /// A fresh register above the locals and live temporaries.
  func allocate() -> Int {
    let r = fs.freeRegister
    fs.freeRegister += 1
    if fs.freeRegister > Compiler.maxRegisters {
      error("function needs more than \(Compiler.maxRegisters) registers (split it or simplify expressions)", fs.span)
      fs.freeRegister = Compiler.maxRegisters
      return Compiler.maxRegisters - 1
    }
    if fs.freeRegister > fs.proto.maxRegisters { fs.proto.maxRegisters = fs.freeRegister }
    return r
  }

  /// Index of a number constant.
  func constant(_ d: Double) -> Int {
    if let i = fs.numberConstants[d.bitPattern] { return i }
    fs.proto.constants.append(.number(d))
    let i = fs.proto.constants.count - 1
    fs.numberConstants[d.bitPattern] = i
    return i
  }

  /// Index of a string constant (the string object lives as long as the prototype).
  func constant(_ s: String) -> Int {
    if let i = fs.stringConstants[StringBytes(s)] { return i }
    fs.proto.constants.append(Value(StringConstants.intern(s)))
    let i = fs.proto.constants.count - 1
    fs.stringConstants[StringBytes(s)] = i
    return i
  }

  func beginScope() { fs.scopeDepth += 1 }

  /// Drops the scope's locals, closing captured ones, and frees their registers.
  func endScope() {
    fs.scopeDepth -= 1
    var lowest: Int?
    var captured = false
    while let l = fs.locals.last, l.depth > fs.scopeDepth {
      lowest = l.register
      captured = captured || l.captured
      fs.locals.removeLast()
    }
    if let lowest {
      if captured { emit(Instr.abc(.close, lowest, 0, 0)) }
      fs.freeRegister = lowest
    }
  }

  /// Declares a local in `register`.
  func declareLocal(_ name: String, _ register: Int) {
    fs.locals.append(Local(name: name, register: register, depth: fs.scopeDepth))
  }

  /// Records a diagnostic.
  func error(_ message: String, _ span: Span) {
    if diagnostics.count < 20 { diagnostics.append(Diagnostic(message, at: span)) }
  }
}

/// String constants outlive collections: they are owned here, not by a heap.
enum StringConstants {
  nonisolated(unsafe) static var table: [StringBytes: ObjString] = [:]
  static func intern(_ s: String) -> ObjString {
    if let o = table[StringBytes(s)] { return o }
    let o = ObjString(s)
    table[StringBytes(s)] = o
    return o
  }
}
