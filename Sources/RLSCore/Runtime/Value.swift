/// An RLScript value: plain data, 16 bytes, no reference counting.
///
/// Heap objects are referenced through `Unmanaged<Obj>`; the `Heap` keeps them
/// alive and the collector frees the unreachable ones at safe points. Copying a
/// `Value` never touches a reference count, which keeps the dispatch loop free
/// of ARC traffic (see DESIGN.md, performance principle 1).
public enum Value {
  /// Internal marker: an unset global slot or a missing argument. Never visible to users.
  case undef
  /// `nil`.
  case null
  /// `true` / `false`.
  case bool(Bool)
  /// Every number is an IEEE double.
  case number(Double)
  /// Strings, lists, maps, tensors, functions and native objects.
  case object(Unmanaged<Obj>)

  /// Wraps a heap object (which must already be tracked by a `Heap`).
  @inline(__always) public init(_ obj: Obj) { self = .object(Unmanaged.passUnretained(obj)) }

  /// The heap object, if this value is one.
  @inline(__always) public var object: Obj? {
    if case .object(let o) = self { return o.takeUnretainedValue() }
    return nil
  }

  /// `nil` and `false` are falsy; every other value (including 0 and "") is truthy.
  @inline(__always) public var isTruthy: Bool {
    switch self {
    case .null, .undef: return false
    case .bool(let b): return b
    default: return true
    }
  }

  /// The number, if this value is one.
  @inline(__always) public var number: Double? {
    if case .number(let d) = self { return d }
    return nil
  }

  /// True for `nil`.
  @inline(__always) public var isNil: Bool {
    if case .null = self { return true }
    return false
  }

  /// The object as a given subclass when its kind matches.
  @inline(__always) public func cast<T: Obj>(_ kind: ObjKind, _ type: T.Type) -> T? {
    if case .object(let u) = self {
      let o = u.takeUnretainedValue()
      if o.kind == kind { return unsafeDowncast(o, to: T.self) }
    }
    return nil
  }

  /// The string object, if this value is a string.
  @inline(__always) public var string: ObjString? { cast(.string, ObjString.self) }
  /// The list object, if this value is a list.
  @inline(__always) public var list: ObjList? { cast(.list, ObjList.self) }
  /// The map object, if this value is a map.
  @inline(__always) public var map: ObjMap? { cast(.map, ObjMap.self) }

  /// The user-facing type name: `nil`, `bool`, `number`, `string`, `list`, `map`,
  /// `tensor`, `function`, `module`, `range` or a native object's type.
  public var typeName: String {
    switch self {
    case .undef, .null: return "nil"
    case .bool: return "bool"
    case .number: return "number"
    case .object(let o): return o.takeUnretainedValue().typeName
    }
  }
}
