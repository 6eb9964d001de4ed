import Foundation

/// The one engine behind the REPL, the Jupyter kernel and `rls run`:
/// interpreter state, output sinks, display hook, module loading.
///
/// A host creates a session (usually through `RLSLibrary.makeSession()`, which
/// registers the native modules), points `vm.write` / `vm.display` at its
/// outputs, then calls `evaluate` for each unit of source. Errors come back as
/// `RLSError`; the session stays usable afterwards.
public final class Session {
  /// The virtual machine.
  public let vm: VM
  /// Loaded modules by absolute path or Stdlib name.
  var modules: [String: Value] = [:]
  var loading: Set<String> = []
  /// Directories searched for `import name` (Stdlib modules), in order.
  public var stdlibPaths: [String]
  /// Namespaces registered by hosts, for help and completion.
  public private(set) var namespaces: [String] = []

  /// Creates a session with no natives registered (`gcStress`: collect at every safe point).
  public init(gcStress: Bool? = nil) {
    vm = VM(gcStress: gcStress)
    stdlibPaths = Session.defaultStdlibPaths()
    vm.importer = { [unowned self] name, isPath, from in try self.importModule(name, isPath: isPath, from: from) }
    vm.rootProviders.append { [unowned self] t in for v in self.modules.values { t.mark(v) } }
  }

  // MARK: Registration

  /// Defines a builtin global visible in every module.
  public func define(_ name: String, _ value: Value) {
    vm.builtins.set(name, value)
    vm.main.set(name, value)
  }

  /// Registers global native functions.
  public func register(_ rows: [Native]) {
    for r in rows { define(r.name, Value(retainForever(r.make(qualified: r.name)))) }
  }

  /// Registers a namespace of native functions (`json`, `ope`...).
  public func register(namespace: String, doc: String, _ rows: [Native]) {
    let table = GlobalTable(moduleName: namespace)
    for r in rows { table.set(r.name, Value(retainForever(r.make(qualified: "\(namespace).\(r.name)")))) }
    let m = retainForever(ObjModule(name: namespace, table: table, doc: doc))
    define(namespace, Value(m))
    if !namespaces.contains(namespace) { namespaces.append(namespace) }
  }

  /// Builtin natives and namespaces never die: they are owned here rather
  /// than by the heap (the collector still traverses them).
  private var permanent: [Obj] = []
  @discardableResult private func retainForever<T: Obj>(_ o: T) -> T {
    permanent.append(o)
    return o
  }

  /// The script's command-line arguments (`args` in RLScript).
  public func setArguments(_ arguments: [String]) {
    define("args", vm.list(arguments.map { vm.string($0) }))
  }

  // MARK: Evaluation

  /// Parses a unit of source.
  public func parse(_ source: Source) -> ParseResult { Parser.parse(source) }

  /// Compiles and runs `source` in the main module; returns the value of its
  /// last expression (nil when it ends with a statement).
  public func evaluate(_ source: Source) throws -> Value {
    let proto = try compile(source, into: vm.main)
    Interrupt.clear()
    do {
      return try vm.run(proto)
    } catch let e as RLSError {
      vm.resetStack()
      throw e
    }
  }

  /// Evaluates text under a display name (`<repl>`, `<cell 3>`).
  public func evaluate(_ text: String, name: String) throws -> Value {
    try evaluate(Source(name: name, text: text))
  }

  /// Reads and runs a script file.
  @discardableResult public func runFile(_ path: String) throws -> Value {
    try evaluate(try Session.readSource(path: path))
  }

  /// Parses and compiles without running; nil when the source is fine.
  public func check(_ source: Source) -> RLSError? {
    do {
      _ = try compile(source, into: GlobalTable(moduleName: "<check>", inheriting: vm.main))
      return nil
    } catch let e as RLSError {
      return e
    } catch {
      return RLSError(.syntax, "\(error)")
    }
  }

  /// Parses and compiles `source` against a module's globals.
  func compile(_ source: Source, into globals: GlobalTable) throws -> Proto {
    switch Parser.parse(source, allowIncomplete: false) {
    case .success(let program):
      return try Compiler.compile(program, globals: globals)
    case .incomplete:
      var e = RLSError(.syntax, "unexpected end of input")
      e.source = source
      let lastLine = max(1, source.lines.count)
      e.span = Span(line: lastLine, column: source.line(lastLine).unicodeScalars.count + 1)
      e.diagnostics = [Diagnostic(e.message, at: e.span!)]
      throw e
    case .failure(let diags):
      var e = RLSError(.syntax, diags.first?.message ?? "syntax error")
      e.source = source
      e.span = diags.first?.span
      e.diagnostics = diags
      throw e
    }
  }

  /// Reads a source file, rejecting invalid UTF-8 with a clear error.
  public static func readSource(path: String) throws -> Source {
    guard let data = FileManager.default.contents(atPath: path) else {
      var isDir: ObjCBool = false
      let reason =
        FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
        ? (isDir.boolValue ? "is a directory" : "cannot be read") : "no such file"
      throw RLSError(.io, "cannot open '\(path)': \(reason)")
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      var offset = 0
      var it = data.makeIterator()
      var decoder = UTF8()
      loop: while true {
        switch decoder.decode(&it) {
        case .scalarValue(let s): offset += String(s).utf8.count
        case .emptyInput: break loop
        case .error: break loop
        }
      }
      throw RLSError(.io, "'\(path)' is not valid UTF-8 (byte offset \(offset))")
    }
    return Source(name: path, text: text)
  }
}

extension GlobalTable {
  /// A scratch table that sees every name of `other` (for `rls check`).
  convenience init(moduleName: String, inheriting other: GlobalTable) {
    self.init(moduleName: moduleName)
    inherit(builtins: other)
  }
}

extension Session {
  /// Compiles a source in the main module without running it (for `--disassemble`).
  public func compileOnly(_ source: Source) throws -> Proto {
    try compile(source, into: GlobalTable(moduleName: "<check>", inheriting: vm.main))
  }
}
