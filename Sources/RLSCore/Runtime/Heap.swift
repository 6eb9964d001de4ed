/// Owns every heap object and frees the unreachable ones.
///
/// Mark-and-sweep, run only at the VM's safe points (calls and backward
/// jumps), when the bytes allocated since the last collection exceed the
/// threshold. Natives may allocate freely; a native that calls back into the
/// VM while holding values it made must keep them in `VM.tempRoots`.
/// Setting `RLS_GC_STRESS=1` collects at every safe point (used by the tests).
public final class Heap {
  /// Every tracked object, retained once (released when swept).
  private var objects: [Unmanaged<Obj>] = []
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

  deinit { for u in objects { u.release() } }

  /// Makes `obj` live; `extraBytes` is what it owns beyond the object header.
  @inline(__always) @discardableResult
  public func track<T: Obj>(_ obj: T, extraBytes: Int = 0) -> T {
    objects.append(Unmanaged.passRetained(obj))
    debt &+= 64 &+ extraBytes
    if debt > threshold { collectionDue = true }
    return obj
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
        let size = u._withUnsafeGuaranteedRef { $0.marked ? $0.byteSize : -1 }
        if size >= 0 {
          buf[live] = u
          live &+= 1
          liveBytes &+= size
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

#if os(Linux)
/// glibc's `mallopt` (declared in malloc.h, which the Glibc module does not import).
@_silgen_name("mallopt") private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif
