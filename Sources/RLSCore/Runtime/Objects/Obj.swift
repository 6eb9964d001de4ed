/// The kinds of heap object; `Obj.kind` lets the VM downcast without dynamic casts.
public enum ObjKind: UInt8 {
  case string, list, map, closure, upvalue, native, module, tensor, range, slice, boundMethod,
    nativeObject
}

/// Base class of every heap object. Subclasses are `final`.
///
/// Objects are owned by the `Heap` (a strong reference each) and referenced by
/// values as unmanaged pointers; `trace` reports the values an object holds so
/// the collector can mark them.
open class Obj {
  /// The concrete kind, for fast downcasts.
  public final let kind: ObjKind
  /// Set during marking.
  final var marked = false

  /// Creates an object of the given kind (call `Heap.track` to make it live).
  public init(kind: ObjKind) { self.kind = kind }

  /// Reports every value this object holds (override when it holds any).
  open func trace(_ tracer: inout Tracer) {}

  /// The user-facing type name.
  open var typeName: String { "object" }

  /// An estimate of the bytes this object owns, for collection pacing.
  open var byteSize: Int { 48 }
}

/// Collects the gray set during marking (iterative, so deep structures cannot
/// overflow the Swift stack).
public struct Tracer {
  var gray: [Unmanaged<Obj>] = []
  /// Every object marked in this collection (marks are reset from this list,
  /// so objects owned outside the heap, like builtins, are traversed each time).
  var visited: [Unmanaged<Obj>] = []

  /// Marks a value's object (if any) and queues it for tracing.
  @inline(__always) public mutating func mark(_ v: Value) {
    if case .object(let u) = v { mark(u) }
  }

  /// Marks an object and queues it for tracing.
  @inline(__always) public mutating func mark(_ o: Obj) { mark(Unmanaged.passUnretained(o)) }

  /// Marks an object and queues it for tracing.
  @inline(__always) mutating func mark(_ u: Unmanaged<Obj>) {
    let fresh = u._withUnsafeGuaranteedRef { o -> Bool in
      if o.marked { return false }
      o.marked = true
      return true
    }
    if fresh {
      gray.append(u)
      visited.append(u)
    }
  }

  /// Marks every value in a buffer.
  public mutating func mark<C: Sequence>(all values: C) where C.Element == Value {
    for v in values { mark(v) }
  }
}
