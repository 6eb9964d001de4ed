import RLSNumerics

/// One call of a native function: its arguments, options and the VM, with
/// accessors that check types and produce the same wording everywhere
/// (`ope.ips: clip must be a number, got string`).
public struct NativeCall {
  /// The VM (to allocate values and call back into RLScript).
  public unowned(unsafe) let vm: VM
  /// The function being called (kept alive by the caller's registers).
  public unowned(unsafe) let native: ObjNative
  /// Positional arguments.
  public let args: UnsafeBufferPointer<Value>
  /// Options (keyword arguments or a trailing map), if any.
  public let options: ObjMap?
  /// The receiver of a bound method (`g` in `g.uniform(3)`).
  public let receiver: Value?

  /// Number of positional arguments.
  public var count: Int { args.count }

  /// Argument `i`, or nil past the end.
  public subscript(_ i: Int) -> Value { i < args.count ? args[i] : .null }

  /// True when argument `i` was passed and is not nil.
  public func has(_ i: Int) -> Bool { i < args.count && !args[i].isNil }

  /// An error prefixed with the function's name, pointing at argument `argument`.
  public func error(_ message: String, argument: Int? = nil, kind: RLSError.Kind = .value) -> RLSError {
    let short = native.name.split(separator: ".").last.map(String.init) ?? native.name
    let text = message.hasPrefix(short + ": ") ? String(message.dropFirst(short.count + 2)) : message
    return RLSError(kind, "\(native.name): \(text)", argument: argument)
  }

  /// A type error for argument `i` named `name`.
  public func typeError(_ i: Int, _ name: String, _ expected: String) -> RLSError {
    error("\(name) must be \(expected), got \(self[i].typeName)", argument: i, kind: .type)
  }

  /// Argument `i` as a number.
  public func number(_ i: Int, _ name: String) throws -> Double {
    if case .number(let d) = self[i] { return d }
    throw typeError(i, name, "a number")
  }

  /// Argument `i` as an integer (a number with no fraction).
  public func int(_ i: Int, _ name: String) throws -> Int {
    let d = try number(i, name)
    guard d == d.rounded(), abs(d) < 9.0e15 else {
      throw error("\(name) must be an integer, got \(formatNumber(d))", argument: i, kind: .type)
    }
    return Int(d)
  }

  /// Argument `i` as a string.
  public func string(_ i: Int, _ name: String) throws -> String {
    if let s = self[i].string { return s.value }
    throw typeError(i, name, "a string")
  }

  /// Argument `i` as a list.
  public func list(_ i: Int, _ name: String) throws -> ObjList {
    if let l = self[i].list { return l }
    throw typeError(i, name, "a list")
  }

  /// Argument `i` as a map.
  public func map(_ i: Int, _ name: String) throws -> ObjMap {
    if let m = self[i].map { return m }
    throw typeError(i, name, "a map")
  }

  /// Argument `i` as something callable.
  public func callable(_ i: Int, _ name: String) throws -> Value {
    if NativeCall.isCallable(self[i]) { return self[i] }
    throw typeError(i, name, "a function")
  }

  /// The option `name` as something callable, or nil when absent.
  public func callable(option name: String) throws -> Value? {
    guard let v = option(name) else { return nil }
    if NativeCall.isCallable(v) { return v }
    throw error("option \(name) must be a function, got \(v.typeName)", kind: .type)
  }

  /// True for closures, natives, bound methods and callable native objects.
  public static func isCallable(_ v: Value) -> Bool {
    guard case .object(let u) = v else { return false }
    let o = u.takeUnretainedValue()
    switch o.kind {
    case .closure, .native, .boundMethod: return true
    case .nativeObject: return unsafeDowncast(o, to: NativeObject.self).callMethod != nil
    default: return false
    }
  }

  // MARK: Options

  /// The option `name`, or nil when absent or nil.
  public func option(_ name: String) -> Value? {
    guard let v = options?.get(name), !v.isNil else { return nil }
    return v
  }

  /// A number option.
  public func number(option name: String, default d: Double) throws -> Double {
    guard let v = option(name) else { return d }
    if case .number(let x) = v { return x }
    throw error("option \(name) must be a number, got \(v.typeName)", kind: .type)
  }

  /// An optional number option (nil when absent).
  public func number(option name: String) throws -> Double? {
    guard option(name) != nil else { return nil }
    return try number(option: name, default: 0)
  }

  /// An integer option.
  public func int(option name: String, default d: Int) throws -> Int {
    guard option(name) != nil else { return d }
    let x = try number(option: name, default: 0)
    guard x == x.rounded(), abs(x) < 9.0e15 else {
      throw error("option \(name) must be an integer, got \(formatNumber(x))", kind: .type)
    }
    return Int(x)
  }

  /// A boolean option.
  public func bool(option name: String, default d: Bool) throws -> Bool {
    guard let v = option(name) else { return d }
    if case .bool(let b) = v { return b }
    throw error("option \(name) must be true or false, got \(v.typeName)", kind: .type)
  }

  /// A string option.
  public func string(option name: String, default d: String) throws -> String {
    guard let v = option(name) else { return d }
    if let s = v.string { return s.value }
    throw error("option \(name) must be a string, got \(v.typeName)", kind: .type)
  }

  /// A string option restricted to `choices`.
  public func choice(option name: String, _ choices: [String], default d: String) throws -> String {
    let s = try string(option: name, default: d)
    guard choices.contains(s) else {
      throw error("option \(name) must be one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(s)\"")
    }
    return s
  }
}
