/// Owns every heap object and frees (or recycles) the unreachable ones.
///
/// Mark-and-sweep, run only at the VM's safe points (calls and backward
/// jumps), when the bytes allocated since the last collection exceed the
/// threshold. Natives may allocate freely; a native that calls back into the
/// VM while holding values it made must keep them in `VM.tempRoots`.
/// Setting `RLS_GC_STRESS=1` collects at every safe point (used by the tests).
public final class Heap {
  /// Every tracked object, retained once (released when swept).
  private var objects: [Unmanaged<Obj>] = []
  /// Unreachable strings, lists and ranges kept by the sweep for reuse
  /// (retained once each): a new one then costs no allocation and no free,
  /// and a recycled list keeps its element storage.
  private var stringPool: [Unmanaged<ObjString>] = []
  private var listPool: [Unmanaged<ObjList>] = []
  private var rangePool: [Unmanaged<ObjRange>] = []
  private static let poolLimit = 1 << 17
  /// Lists with more element storage than this are freed, not recycled.
  private static let listCapacityLimit = 64
  private var debt = 0
  private var threshold = 8 << 20
  /// Set when a collection is due; checked at safe points.
  public internal(set) var collectionDue = false
  /// Collect at every safe point (testing aid).
  public let stress: Bool
  /// Collections run so far.
  public private(set) var collections = 0
  /// Objects currently tracked.
  public var objectCount: Int { objects.count }

  init(stress: Bool) {
    self.stress = stress
    collectionDue = stress
    Heap.tuneMalloc
  }

  /// The sweep frees objects in large batches. glibc parks small freed
  /// chunks in "fastbins" and consolidates all of them at the next large
  /// allocation, which made that the hottest code in allocation-heavy
  /// programs (closures: 25% of the run); without fastbins frees coalesce
  /// as they happen and the per-thread cache still serves small sizes.
  private static let tuneMalloc: Void = {
    #if os(Linux)
      _ = glibcMallopt(1 /* M_MXFAST */, 0)
    #endif
  }()

  deinit {
    for u in objects { u.release() }
    for u in stringPool { u.release() }
    for u in listPool { u.release() }
    for u in rangePool { u.release() }
  }

  /// Makes `obj` live; `extraBytes` is what it owns beyond the object header.
  @inline(__always) @discardableResult
  public func track<T: Obj>(_ obj: T, extraBytes: Int = 0) -> T {
    objects.append(Unmanaged.passRetained(obj))
    debt &+= 64 &+ extraBytes
    if debt > threshold { collectionDue = true }
    return obj
  }

  /// A new string value (a recycled string object when one is free);
  /// `asciiState` is -1 when unknown, 0 when not ASCII, 1 when ASCII.
  @inline(__always) public func makeString(_ value: String, asciiState: Int8 = -1) -> Value {
    let u: Unmanaged<ObjString>
    if let p = stringPool.popLast() {
      p._withUnsafeGuaranteedRef { $0.reset(value, asciiState: asciiState) }
      u = p
    } else {
      u = Unmanaged.passRetained(ObjString(value, asciiState: asciiState))
    }
    let o = unsafeBitCast(u, to: Unmanaged<Obj>.self)
    objects.append(o)
    debt &+= 64 &+ value.utf8.count
    if debt > threshold { collectionDue = true }
    return .object(o)
  }

  /// A new list value holding a copy of `items` (a recycled list object,
  /// with its element storage, when one is free).
  @inline(__always) public func makeList(_ items: UnsafeBufferPointer<Value>) -> Value {
    let u: Unmanaged<ObjList>
    if let p = listPool.popLast() {
      p._withUnsafeGuaranteedRef { $0.items.append(contentsOf: items) }
      u = p
    } else {
      u = Unmanaged.passRetained(ObjList(Array(items)))
    }
    let o = unsafeBitCast(u, to: Unmanaged<Obj>.self)
    objects.append(o)
    debt &+= 64 &+ items.count &* 16
    if debt > threshold { collectionDue = true }
    return .object(o)
  }

  /// A new range value (a recycled range object when one is free).
  @inline(__always) public func makeRange(start: Double, stop: Double, step: Double) -> Value {
    let u: Unmanaged<ObjRange>
    if let p = rangePool.popLast() {
      p._withUnsafeGuaranteedRef { $0.reset(start: start, stop: stop, step: step) }
      u = p
    } else {
      u = Unmanaged.passRetained(ObjRange(start: start, stop: stop, step: step))
    }
    let o = unsafeBitCast(u, to: Unmanaged<Obj>.self)
    objects.append(o)
    debt &+= 64
    if debt > threshold { collectionDue = true }
    return .object(o)
  }

  /// Reports bytes an existing object grew by (e.g. a list's storage).
  @inline(__always) public func grew(by bytes: Int) {
    debt &+= bytes
    if debt > threshold { collectionDue = true }
  }

  /// Frees every object not marked by `markRoots`; returns the live count.
  func collect(markRoots: (inout Tracer) -> Void) {
    var tracer = Tracer()
    markRoots(&tracer)
    while let u = tracer.gray.popLast() { u._withUnsafeGuaranteedRef { $0.trace(&tracer) } }
    var live = 0
    var liveBytes = 0
    let n = objects.count
    objects.withUnsafeMutableBufferPointer { buf in
      for j in 0..<n {
        let u = buf[j]
        let size = u._withUnsafeGuaranteedRef { o in
          o.marked ? o.byteSize : o.kind == .string ? -2 : o.kind == .list ? -3 : o.kind == .range ? -4 : -1
        }
        if size >= 0 {
          buf[live] = u
          live &+= 1
          liveBytes &+= size
        } else if size == -2 {
          recycle(u)
        } else if size == -3 {
          recycleList(u)
        } else if size == -4 && rangePool.count < Heap.poolLimit && Heap.heapHoldsOnly(u) {
          rangePool.append(unsafeBitCast(u, to: Unmanaged<ObjRange>.self))
        } else {
          u.release()
        }
      }
    }
    objects.removeLast(n - live)
    for u in tracer.visited { u._withUnsafeGuaranteedRef { $0.marked = false } }
    collections += 1
    debt = 0
    threshold = max(8 << 20, liveBytes)
    collectionDue = stress
  }
}

extension Heap {
  /// Keeps an unreachable string object for reuse when nothing outside the
  /// heap holds it (a native's strong reference keeps it out of the pool;
  /// values left in unrooted places were already invalid after a sweep).
  @inline(__always) fileprivate func recycle(_ u: Unmanaged<Obj>) {
    guard stringPool.count < Heap.poolLimit, Heap.heapHoldsOnly(u) else { return u.release() }
    u._withUnsafeGuaranteedRef { unsafeDowncast($0, to: ObjString.self).reset("", asciiState: 1) }
    stringPool.append(unsafeBitCast(u, to: Unmanaged<ObjString>.self))
  }

  /// Keeps an unreachable list (emptied, with its storage when small) for reuse.
  @inline(__always) fileprivate func recycleList(_ u: Unmanaged<Obj>) {
    guard listPool.count < Heap.poolLimit, Heap.heapHoldsOnly(u) else { return u.release() }
    let l = unsafeBitCast(u, to: Unmanaged<ObjList>.self)
    l._withUnsafeGuaranteedRef { l in
      if l.items.capacity > Heap.listCapacityLimit { l.items = [] } else { l.items.removeAll(keepingCapacity: true) }
    }
    listPool.append(l)
  }

  /// True when the heap's reference is the object's only strong reference,
  /// read without retaining it: in Swift's 64-bit object layout the word
  /// after the metadata pointer holds the inline reference counts, whose bits
  /// 33...62 count the strong references beyond the first and whose bit 63
  /// marks a side table (weak references; then the answer is a safe false).
  @inline(__always) static func heapHoldsOnly(_ u: Unmanaged<Obj>) -> Bool {
    #if arch(x86_64) || arch(arm64)
      return UnsafeRawPointer(u.toOpaque()).load(fromByteOffset: 8, as: UInt64.self) >> 33 == 0
    #else
      return false
    #endif
  }
}

#if os(Linux)
  /// glibc's `mallopt` (declared in malloc.h, which the Glibc module does not import).
  @_silgen_name("mallopt") private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif
