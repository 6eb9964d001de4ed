import Foundation
import RLSNumerics

/// The bytecode virtual machine: registers, call frames, handlers, heap.
///
/// One VM belongs to one `Session` and runs on one thread at a time. Calls
/// push frames instead of recursing in Swift; natives that call back into
/// RLScript (`map`, `sort` with a key, training callbacks) use `call(_:_:)`,
/// which runs a nested dispatch loop (bounded by `maxReentry`).
public final class VM {
  /// The object heap.
  public let heap: Heap
  /// Builtin globals shared by every module (core functions and namespaces).
  public let builtins: GlobalTable
  /// The main module's globals (REPL, kernel and the script being run).
  public let main: GlobalTable

  static let registerCapacity = 1 << 20
  static let frameCapacity = 12_000
  static let maxReentry = 180

  struct Frame {
    var closure: Unmanaged<ObjClosure>
    /// Saved program counter (the instruction after the current one).
    var pc: Int
    /// Absolute index of register 0; the result goes to `base - 1`.
    var base: Int
    /// Returning from this frame leaves `execute`.
    var isEntry: Bool
  }

  struct Handler {
    var frame: Int
    var pc: Int
    var register: Int
  }

  let regs: UnsafeMutablePointer<Value>
  let frames: UnsafeMutablePointer<Frame>
  var frameCount = 0
  var stackTop = 0
  var highWater = 0
  var handlers: [Handler] = []
  /// `handlers.count`, kept in a plain field for the return path.
  var handlerCount = 0
  var openUpvalues: [Unmanaged<ObjUpvalue>] = []
  /// Register index of the highest open upvalue, or -1 (checked on every return).
  var topOpenUpvalue = -1
  var protos: [Proto] = []
  var reentry = 0

  /// `str(n)` for n in 0..<256, made on first use and shared (strings are
  /// immutable, so sharing is invisible); owned here, outside the heap.
  var smallIntStrings: [ObjString?] = Array(repeating: nil, count: 256)

  /// Values a native keeps across calls back into the VM (push, then pop when done).
  public var tempRoots: [Value] = []
  /// Extra root providers (the session's module cache, display state...).
  public var rootProviders: [(inout Tracer) -> Void] = []

  /// Standard output.
  public var write: (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
  /// Standard error.
  public var writeError: (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
  /// Reads a line for `input(prompt)`; nil at end of input.
  public var readLine: (String) -> String? = { prompt in
    FileHandle.standardOutput.write(Data(prompt.utf8))
    return Swift.readLine()
  }
  /// Resolves `import`: (name or path, is a path, importing source) → module value.
  public var importer: ((String, Bool, Source) throws -> Value)?
  /// Receives rich output (`display(x)`); the host decides how to show it.
  public var display: ((DisplayItem) -> Void)?

  /// Creates a VM. With `gcStress` (default: `RLS_GC_STRESS=1` in the
  /// environment) the collector runs at every safe point.
  public init(gcStress: Bool? = nil) {
    heap = Heap(stress: gcStress ?? (ProcessInfo.processInfo.environment["RLS_GC_STRESS"] == "1"))
    builtins = GlobalTable(moduleName: "<builtins>")
    main = GlobalTable(moduleName: "<main>")
    // calloc: the pages are mapped lazily, and all-zero bits are a valid
    // non-object Value, so untouched registers are safe for the collector.
    let raw = calloc(VM.registerCapacity, MemoryLayout<Value>.stride)!
    regs = raw.bindMemory(to: Value.self, capacity: VM.registerCapacity)
    precondition(regs[0].object == nil)
    frames = .allocate(capacity: VM.frameCapacity)
    Cancellation.check = { if Interrupt.isRequested { try Interrupt.check() } }
  }

  deinit {
    free(regs)
    frames.deallocate()
  }

  // MARK: Allocation helpers

  /// A new string value.
  @inline(__always) public func string(_ s: String) -> Value {
    heap.makeString(s)
  }
  /// A new list value.
  @inline(__always) public func list(_ items: [Value]) -> Value {
    Value(heap.track(ObjList(items), extraBytes: items.count * 16))
  }
  /// A new map value from string keys, in order.
  public func map(_ pairs: [(String, Value)]) -> Value {
    let m = heap.track(ObjMap())
    for (k, v) in pairs { m.set(string(k), v) }
    return Value(m)
  }
  /// A new empty map object.
  public func newMap() -> ObjMap { heap.track(ObjMap()) }

  // MARK: Running

  /// Runs a compiled top-level prototype; returns the value of its last expression.
  public func run(_ proto: Proto) throws -> Value {
    register(proto)
    let closure = heap.track(ObjClosure(proto: proto, upvalues: []))
    return try call(Value(closure), [])
  }

  /// Keeps a prototype (and its nested ones) alive and their constants marked.
  func register(_ proto: Proto) {
    protos.append(proto)
  }

  /// Calls any callable value from Swift (natives use this to call back).
  public func call(_ callee: Value, _ args: [Value], keywords: ObjMap? = nil) throws -> Value {
    if Interrupt.isRequested { try Interrupt.check() }
    if reentry >= VM.maxReentry { throw RLSError(.stackOverflow, "stack overflow (native calls nested too deeply)") }
    let slot = stackTop
    let needed = slot + 2 + args.count
    guard needed < VM.registerCapacity else { throw RLSError(.stackOverflow, "stack overflow") }
    regs[slot] = callee
    for (i, a) in args.enumerated() { regs[slot + 1 + i] = a }
    if let kw = keywords { regs[slot + 1 + args.count] = Value(kw) }
    let savedTop = stackTop
    stackTop = needed
    if stackTop > highWater { highWater = stackTop }
    defer { stackTop = savedTop }
    switch callee {
    case .object(let u) where u.takeUnretainedValue().kind == .closure:
      let c = unsafeDowncast(u.takeUnretainedValue(), to: ObjClosure.self)
      try pushFrame(c, base: slot + 1, argc: args.count, keywords: keywords, isEntry: true)
      reentry += 1
      defer { reentry -= 1 }
      return try execute()
    default:
      return try callNonClosure(callee, argBase: slot + 1, argc: args.count, keywords: keywords)
    }
  }

  /// Pushes a frame for `closure` whose arguments sit at `base...`; binds
  /// keyword arguments and checks arity.
  @inline(__always)
  func pushFrame(_ closure: ObjClosure, base: Int, argc: Int, keywords: ObjMap?, isEntry: Bool) throws {
    let p = closure.proto
    let nparams = p.params.count
    if argc > nparams || keywords != nil || argc < p.requiredParams || argc < nparams {
      try bindArguments(p, base: base, argc: argc, keywords: keywords)
    }
    guard frameCount < VM.frameCapacity, base + p.maxRegisters < VM.registerCapacity else {
      throw RLSError(.stackOverflow, "stack overflow (call depth \(frameCount))")
    }
    frames[frameCount] = Frame(closure: Unmanaged.passUnretained(closure), pc: 0, base: base, isEntry: isEntry)
    frameCount += 1
    stackTop = base + p.maxRegisters
    if stackTop > highWater { highWater = stackTop }
  }

  /// Slow path of argument binding: defaults, keywords, arity errors.
  func bindArguments(_ p: Proto, base: Int, argc: Int, keywords: ObjMap?) throws {
    let nparams = p.params.count
    let fname = p.name
    if argc > nparams {
      throw RLSError.argument(
        "\(fname) takes \(countPhrase(nparams, "argument")) but got \(argc)")
    }
    for i in argc..<nparams { regs[base + i] = .undef }
    if let kw = keywords {
      for (k, v) in kw.entries {
        let name = k.string?.value ?? ""
        guard let i = p.params.firstIndex(of: name) else {
          throw RLSError.argument(
            "\(fname) has no parameter '\(name)' (parameters: \(p.params.joined(separator: ", ")))")
        }
        if i < argc { throw RLSError.argument("\(fname) got two values for '\(name)'") }
        regs[base + i] = v
      }
    }
    for i in 0..<p.requiredParams {
      if case .undef = regs[base + i] {
        throw RLSError.argument("\(fname) is missing argument '\(p.params[i])'")
      }
    }
  }

  /// Calls a native, bound method or other non-closure callee.
  func callNonClosure(_ callee: Value, argBase: Int, argc: Int, keywords: ObjMap?) throws -> Value {
    guard case .object(let u) = callee else {
      throw RLSError.type("cannot call a \(callee.typeName)")
    }
    let o = u.takeUnretainedValue()
    switch o.kind {
    case .native:
      let n = unsafeDowncast(o, to: ObjNative.self)
      return try callNative(n, args: UnsafeBufferPointer(start: regs + argBase, count: argc), keywords: keywords, receiver: nil)
    case .boundMethod:
      let m = unsafeDowncast(o, to: ObjBoundMethod.self)
      return try callNative(m.method, args: UnsafeBufferPointer(start: regs + argBase, count: argc), keywords: keywords, receiver: m.receiver)
    case .closure:
      return try call(callee, Array(UnsafeBufferPointer(start: regs + argBase, count: argc)), keywords: keywords)
    case .nativeObject:
      guard let m = unsafeDowncast(o, to: NativeObject.self).callMethod else { fallthrough }
      return try callNative(m, args: UnsafeBufferPointer(start: regs + argBase, count: argc), keywords: keywords, receiver: callee)
    default:
      throw RLSError.type("cannot call a \(callee.typeName)")
    }
  }

  /// Calls a native with arguments in place, sorting out options.
  func callNative(_ n: ObjNative, args: UnsafeBufferPointer<Value>, keywords: ObjMap?, receiver: Value?) throws -> Value {
    var positional = args
    var options = keywords
    // A trailing map beyond the required arguments is the options map:
    // `f(x, {k: 1})` is `f(x, k: 1)`.
    if options == nil, !n.options.isEmpty, args.count > n.minArgs, let m = args.last?.map {
      options = m
      positional = UnsafeBufferPointer(rebasing: args.dropLast())
    }
    if positional.count < n.minArgs {
      throw RLSError.argument(
        "\(n.name) expects \(n.minArgs == n.maxArgs ? "" : "at least ")\(countPhrase(n.minArgs, "argument")), got \(positional.count) (usage: \(n.usage))"
      )
    }
    if positional.count > n.maxArgs {
      throw RLSError.argument(
        "\(n.name) expects \(n.minArgs == n.maxArgs ? "" : "at most ")\(countPhrase(n.maxArgs, "argument")), got \(positional.count) (usage: \(n.usage))"
      )
    }
    if let opts = options {
      for (k, _) in opts.entries {
        let name = k.string?.value ?? formatValue(k)
        if !n.options.contains(name) {
          let accepted = n.options.isEmpty ? "it takes no options" : "accepted: \(n.options.joined(separator: ", "))"
          throw RLSError.argument("\(n.name): unknown option '\(name)' (\(accepted))")
        }
      }
    }
    var call = NativeCall(vm: self, native: n, args: positional, options: options, receiver: receiver)
    do {
      return try n.body(&call)
    } catch let e as RLSError {
      throw e
    } catch {
      throw RLSError.value("\(n.name): \(error)")
    }
  }

  // MARK: Upvalues

  /// The open upvalue for absolute register `index`, created when missing.
  func capture(_ index: Int) -> Unmanaged<ObjUpvalue> {
    var i = openUpvalues.count - 1
    while i >= 0 {
      let at = openUpvalues[i]._withUnsafeGuaranteedRef { $0.index }
      if at == index { return openUpvalues[i] }
      if at < index { break }
      i -= 1
    }
    let u = Unmanaged.passUnretained(heap.track(ObjUpvalue(index: index)))
    if i + 1 == openUpvalues.count {
      openUpvalues.append(u)
    } else {
      openUpvalues.insert(u, at: i + 1)
    }
    topOpenUpvalue = openUpvalues[openUpvalues.count - 1]._withUnsafeGuaranteedRef { $0.index }
    return u
  }

  /// Closes every open upvalue at or above absolute register `from`.
  @inline(__always) func closeUpvalues(from: Int) {
    while let last = openUpvalues.last {
      let done = last._withUnsafeGuaranteedRef { u -> Bool in
        if u.index < from { return true }
        u.closed = regs[u.index]
        u.isOpen = false
        return false
      }
      if done { break }
      openUpvalues.removeLast()
    }
    topOpenUpvalue = openUpvalues.last.map { $0._withUnsafeGuaranteedRef { $0.index } } ?? -1
  }

  // MARK: Collection

  /// Runs a collection now (at a safe point).
  func collectGarbage() {
    heap.collect { t in
      for i in 0..<stackTop { t.mark(regs[i]) }
      builtins.trace(&t)
      main.trace(&t)
      for u in openUpvalues { t.mark(u.takeUnretainedValue()) }
      for i in 0..<frameCount { t.mark(frames[i].closure.takeUnretainedValue()) }
      for p in protos { markConstants(p, &t) }
      t.mark(all: tempRoots)
      for provider in rootProviders { provider(&t) }
    }
    if highWater > stackTop {
      for i in stackTop..<highWater { regs[i] = .null }
    }
    highWater = stackTop
  }

  private func markConstants(_ p: Proto, _ t: inout Tracer) {
    t.mark(all: p.constants)
    for q in p.protos { markConstants(q, &t) }
  }

  /// Polled at calls and backward jumps: interrupts and collection.
  @inline(__always) func safePoint() throws {
    if Interrupt.isRequested { try Interrupt.check() }
    if heap.collectionDue { collectGarbage() }
  }

  // MARK: Errors

  /// Attaches the position of the faulting instruction and the call trace.
  func locate(_ e: inout RLSError) {
    if e.isLocated || frameCount == 0 { return }
    let top = frames[frameCount - 1]
    let p = top.closure.takeUnretainedValue().proto
    let pc = max(0, top.pc - 1)
    e.source = p.source
    var span = p.span(at: pc)
    if let ai = e.argumentIndex, let spans = p.argumentSpans[pc], ai >= 0, ai < spans.count {
      span = spans[ai]
    }
    e.span = span
    var trace: [RLSError.TraceEntry] = []
    var i = frameCount - 1
    while i >= 0 {
      let f = frames[i]
      let fp = f.closure.takeUnretainedValue().proto
      trace.append(.init(function: fp.name, sourceName: fp.source.name, line: fp.span(at: max(0, f.pc - 1)).line))
      i -= 1
    }
    e.trace = trace
  }

  /// The value a `catch e` receives: the payload of `error(v)` when it was a
  /// map, else a map `{message, type, line, column, file}`.
  func errorValue(_ e: RLSError) -> Value {
    if let p = e.payload, p.map != nil { return p }
    return map([
      ("message", string(e.message)), ("type", string(e.kind.rawValue)),
      ("file", string(e.source?.name ?? "")), ("line", .number(Double(e.span?.line ?? 0))),
      ("column", .number(Double(e.span?.column ?? 0))),
    ])
  }

  /// Discards all frames and handlers (after an uncaught error at top level).
  func resetStack() {
    closeUpvalues(from: 0)
    frameCount = 0
    handlers.removeAll()
    handlerCount = 0
    stackTop = 0
    reentry = 0
  }
}

/// "1 argument", "2 arguments".
func countPhrase(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
