/// A closure: a compiled prototype plus its captured variables.
public final class ObjClosure: Obj {
  /// The prototype (kept alive by the VM's prototype list).
  public unowned(unsafe) let proto: Proto
  /// Captured variables, in the order of `proto.upvalues` (a raw buffer, read
  /// by the dispatch loop without reference counting).
  let upvalues: UnsafeMutablePointer<Unmanaged<ObjUpvalue>>
  let upvalueCount: Int
  /// Cached from the prototype, so a call reads plain data only.
  let code: UnsafeMutablePointer<UInt32>
  let constants: UnsafeMutablePointer<Value>
  let globalsCell: UnsafeMutablePointer<UnsafeMutablePointer<Value>>
  let maxRegisters: Int
  let paramCount: Int

  convenience init(proto: Proto, upvalues: [Unmanaged<ObjUpvalue>]) {
    self.init(proto: proto, upvalueCount: upvalues.count)
    self.upvalues.initialize(from: upvalues, count: upvalues.count)
  }

  /// A closure whose `upvalueCount` upvalues the caller initialises.
  init(proto: Proto, upvalueCount: Int) {
    self.proto = proto
    code = proto.codePointer
    constants = proto.constantPointer
    globalsCell = proto.globals.cell
    maxRegisters = proto.maxRegisters
    paramCount = proto.params.count
    self.upvalueCount = upvalueCount
    self.upvalues = .allocate(capacity: max(1, upvalueCount))
    super.init(kind: .closure)
  }

  deinit { upvalues.deallocate() }

  public override var typeName: String { "function" }
  public override func trace(_ tracer: inout Tracer) {
    for i in 0..<upvalueCount { tracer.mark(upvalues[i].takeUnretainedValue()) }
  }
}

/// A captured variable: open (still in a register of a live frame) or closed
/// (the frame returned, or the loop iteration ended, and the value moved here).
public final class ObjUpvalue: Obj {
  /// Absolute register index while open.
  var index: Int
  /// The value once closed.
  var closed: Value = .null
  /// True while the variable still lives in a register.
  var isOpen = true

  init(index: Int) {
    self.index = index
    super.init(kind: .upvalue)
  }

  public override var typeName: String { "upvalue" }
  public override func trace(_ tracer: inout Tracer) { if !isOpen { tracer.mark(closed) } }
}

/// The body of a native function.
public typealias NativeBody = (inout NativeCall) throws -> Value

/// A function implemented in Swift, with the usage line and doc string that
/// `:help`, the kernel's inspect and `docs/reference.md` show.
public final class ObjNative: Obj {
  /// Qualified name, e.g. `ope.ips` or `print`.
  public let name: String
  /// Usage line, e.g. `ope.ips(fb, clip:)`.
  public let usage: String
  /// Doc string.
  public let doc: String
  /// Fewest positional arguments.
  public let minArgs: Int
  /// Most positional arguments (`Int.max` when variadic).
  public let maxArgs: Int
  /// Accepted option names; an empty list accepts none.
  public let options: [String]
  /// The implementation.
  public let body: NativeBody
  /// The VM's fast path for this function, if any (set at registration).
  public internal(set) var intrinsic: Intrinsic = .none
  /// True when the function takes no options (calls skip option handling).
  let takesNoOptions: Bool

  /// Creates a native function.
  public init(
    name: String, usage: String, doc: String, minArgs: Int, maxArgs: Int, options: [String],
    body: @escaping NativeBody
  ) {
    self.name = name
    self.usage = usage
    self.doc = doc
    self.minArgs = minArgs
    self.maxArgs = maxArgs
    self.options = options
    self.body = body
    self.takesNoOptions = options.isEmpty
    super.init(kind: .native)
  }

  public override var typeName: String { "function" }
}

/// A native method bound to its receiver (`g.uniform` on a generator); calling
/// it calls the native with the receiver as argument 0.
public final class ObjBoundMethod: Obj {
  public let receiver: Value
  public let method: ObjNative
  public init(receiver: Value, method: ObjNative) {
    self.receiver = receiver
    self.method = method
    super.init(kind: .boundMethod)
  }
  public override var typeName: String { "function" }
  public override func trace(_ tracer: inout Tracer) {
    tracer.mark(receiver)
    tracer.mark(method)
  }
}

/// A namespace: a native module (`json`, `ope`), a Stdlib module or an imported file.
public final class ObjModule: Obj {
  /// The module's name as shown to users.
  public let name: String
  /// Its globals; members are the names defined beyond the builtins.
  public let table: GlobalTable
  /// A one-line description for `:help`.
  public let doc: String

  /// Creates a module over a global table.
  public init(name: String, table: GlobalTable, doc: String = "") {
    self.name = name
    self.table = table
    self.doc = doc
    super.init(kind: .module)
  }

  public override var typeName: String { "module" }
  public override func trace(_ tracer: inout Tracer) { table.trace(&tracer) }

  /// The member names (not the inherited builtins), in definition order.
  public var memberNames: [String] {
    table.definedNames.filter { (table.slots[$0] ?? 0) >= table.builtinCount }
  }

  /// A member's value, or nil.
  public func member(_ name: String) -> Value? {
    guard let s = table.slots[name], s >= table.builtinCount else { return nil }
    if case .undef = table.values[s] { return nil }
    return table.values[s]
  }
}

/// Base class of native objects with fields and methods (generators,
/// environments, models, figures). Subclasses override the hooks they need.
open class NativeObject: Obj {
  /// Creates a native object (track it with `Heap.track`).
  public init() { super.init(kind: .nativeObject) }

  /// Field or method lookup for `obj.name`; nil when there is no such field.
  open func field(_ name: String, vm: VM) throws -> Value? { nil }

  /// Assignment `obj.name = v`; return false when the field is not assignable.
  open func setField(_ name: String, _ value: Value, vm: VM) throws -> Bool { false }

  /// Field and method names, for completion and error messages.
  open var fieldNames: [String] { [] }

  /// The printed form.
  open func describe(vm: VM) -> String { "<\(typeName)>" }

  /// What calling the object runs (models: `m(x)`); nil when it is not callable.
  /// The native receives the object as its receiver.
  open var callMethod: ObjNative? { nil }
}
