/// The global variables of one module (the main session, or an imported file):
/// names resolved to slots at compile time, values in a flat buffer.
///
/// Slots are only added at compile time (between runs), so the buffer the
/// dispatch loop reads never moves while code of this module runs.
public final class GlobalTable {
  /// Name → slot.
  public private(set) var slots: [String: Int] = [:]
  /// Slot → name.
  public private(set) var names: [String] = []
  /// Slot values (`.undef` until defined).
  public var values: UnsafeMutablePointer<Value> { cell.pointee }
  /// A stable cell holding the values buffer (closures cache it; the buffer may
  /// move when slots are added at compile time, the cell never does).
  let cell: UnsafeMutablePointer<UnsafeMutablePointer<Value>>
  private var capacity: Int
  /// The module's name (`<main>`, a file path, or a Stdlib module name).
  public let moduleName: String
  /// Number of leading slots that hold the builtins (shared by every module).
  public private(set) var builtinCount = 0

  /// Creates an empty table.
  public init(moduleName: String) {
    self.moduleName = moduleName
    capacity = 256
    let buffer = UnsafeMutablePointer<Value>.allocate(capacity: capacity)
    buffer.initialize(repeating: .undef, count: capacity)
    cell = .allocate(capacity: 1)
    cell.initialize(to: buffer)
  }

  deinit {
    cell.pointee.deallocate()
    cell.deallocate()
  }

  /// Number of slots.
  public var count: Int { names.count }

  /// The slot of `name`, creating an undefined one when missing.
  public func slot(_ name: String) -> Int {
    if let s = slots[name] { return s }
    if names.count == capacity {
      let bigger = UnsafeMutablePointer<Value>.allocate(capacity: capacity * 2)
      bigger.moveInitialize(from: values, count: capacity)
      bigger.advanced(by: capacity).initialize(repeating: .undef, count: capacity)
      values.deallocate()
      cell.pointee = bigger
      capacity *= 2
    }
    let s = names.count
    names.append(name)
    slots[name] = s
    return s
  }

  /// The value of a defined global, or nil.
  public func get(_ name: String) -> Value? {
    guard let s = slots[name] else { return nil }
    if case .undef = values[s] { return nil }
    return values[s]
  }

  /// Defines or replaces a global.
  public func set(_ name: String, _ value: Value) { values[slot(name)] = value }

  /// Copies another table's defined slots in (used to seed a module with the builtins).
  public func inherit(builtins other: GlobalTable) {
    for (i, n) in other.names.enumerated() { values[slot(n)] = other.values[i] }
    builtinCount = names.count
  }

  /// Names of the defined globals.
  public var definedNames: [String] {
    names.indices.compactMap { i -> String? in
      if case .undef = values[i] { return nil }
      return names[i]
    }
  }

  /// Reports every value for marking.
  func trace(_ tracer: inout Tracer) {
    for i in 0..<names.count { tracer.mark(values[i]) }
  }
}
