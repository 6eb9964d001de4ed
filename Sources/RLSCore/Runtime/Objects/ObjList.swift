/// A mutable, 0-indexed list (reference semantics, like Python lists).
public final class ObjList: Obj {
  /// The elements.
  public var items: [Value]

  /// Creates a list (track it with `Heap.track`).
  public init(_ items: [Value] = []) {
    self.items = items
    super.init(kind: .list)
  }

  public override var typeName: String { "list" }
  public override var byteSize: Int { 48 + items.capacity * 16 }
  public override func trace(_ tracer: inout Tracer) { tracer.mark(all: items) }
}
