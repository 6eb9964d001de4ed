import RLSCore
import RLSNumerics

/// Lists, maps and sequences: `push`, `pop`, `insert`, `remove`, `sort`,
/// `reverse`, `zip`, `enumerate`, `range`.
enum CoreCollections {
  /// `sort` of elements that are already rooted.
  static func sorted(_ c: NativeCall, _ items: [Value]) throws -> Value {
    let keys: [Value]
    if let f = c.option("key") {
      let out = ObjList()
      c.vm.tempRoots.append(Value(c.vm.heap.track(out)))
      defer { c.vm.tempRoots.removeLast() }
      for x in items { out.items.append(try c.vm.call(f, [x])) }
      keys = out.items
    } else {
      keys = items
    }
    let reverse = try c.bool(option: "reverse", default: false)
    var order = Array(items.indices)
    var failure: Error?
    var comparisons = 0
    order.sort { i, j in
      if failure != nil { return i < j }
      do {
        comparisons &+= 1
        try Interrupt.poll(comparisons)
        if try c.vm.less(keys[i], keys[j]) { return !reverse }
        if try c.vm.less(keys[j], keys[i]) { return reverse }
        return i < j
      } catch {
        failure = error
        return i < j
      }
    }
    if let failure { throw failure }
    return c.vm.list(order.map { items[$0] })
  }

  static let rows: [Native] = [
    Native("push", usage: "push(list, values...)", doc: "Appends values to the end of a list (in place); returns the list.") { c in
      let l = try c.list(0, "list")
      for i in 1..<max(1, c.count) { l.items.append(c[i]) }
      c.vm.heap.grew(by: 16 * max(0, c.count - 1))
      return c[0]
    }.with(intrinsic: .push),
    Native(
      "pop", usage: "pop(list, index = -1)", doc: "Removes and returns the last element (or the one at `index`). Popping an empty list is an error."
    ) { c in
      let l = try c.list(0, "list")
      guard !l.items.isEmpty else { throw c.error("pop from an empty list", argument: 0, kind: .index) }
      let i = c.has(1) ? try c.int(1, "index") : -1
      let p = i < 0 ? i + l.items.count : i
      guard p >= 0 && p < l.items.count else {
        throw c.error("index \(i) is out of range for a list of length \(l.items.count)", argument: 1, kind: .index)
      }
      return l.items.remove(at: p)
    },
    Native(
      "insert", usage: "insert(list, index, value)",
      doc: "Inserts a value before position `index` (0 ≤ index ≤ len; negative counts from the end); returns the list."
    ) { c in
      let l = try c.list(0, "list")
      let i = try c.int(1, "index")
      let p = i < 0 ? i + l.items.count : i
      guard p >= 0 && p <= l.items.count else {
        throw c.error("index \(i) is out of range for inserting into a list of length \(l.items.count)", argument: 1, kind: .index)
      }
      l.items.insert(c[2], at: p)
      return c[0]
    },
    Native(
      "remove", usage: "remove(collection, key)",
      doc: "Removes the entry `key` from a map (returning its value, or nil when absent), or the element at index `key` from a list (returning it)."
    ) { c in
      if let m = c[0].map {
        guard MapKeys.valid(c[1]) else { return .null }
        return m.remove(c[1]) ?? .null
      }
      let l = try c.list(0, "collection")
      let i = try c.int(1, "key")
      let p = i < 0 ? i + l.items.count : i
      guard p >= 0 && p < l.items.count else {
        throw c.error("index \(i) is out of range for a list of length \(l.items.count)", argument: 1, kind: .index)
      }
      return l.items.remove(at: p)
    },
    Native(
      "sort", usage: "sort(xs, key:, reverse:)",
      doc:
        "A new sorted list (stable). `key:` maps each element to what is compared; `reverse: true` sorts descending. Numbers and strings compare; mixing them is an error. A vector sorts to a new vector."
    ) { c in
      if let t = c[0].cast(.tensor, ObjTensor.self), c.option("key") == nil {
        var s = t.tensor.sort()
        if try c.bool(option: "reverse", default: false) { s = Tensor(vector: s.storage.reversed()) }
        return c.vm.tensorValue(s)
      }
      return try Sequences.withElements(c, 0, "xs") { items in try sorted(c, items) }
    },
    Native("reverse", usage: "reverse(xs)", doc: "A new list (or string, or vector) with the elements in reverse order.") { c in
      if let s = c[0].string { return c.vm.string(String(s.value.reversed())) }
      if let t = c[0].cast(.tensor, ObjTensor.self), t.tensor.rank == 1 { return c.vm.tensorValue(Tensor(vector: t.tensor.storage.reversed())) }
      return c.vm.list(try Sequences.elements(c, 0, "xs").reversed())
    },
    Native(
      "zip", usage: "zip(xs, ys...)",
      doc: "A list of lists pairing up elements: `zip([1, 2], [\"a\", \"b\"])` is `[[1, \"a\"], [2, \"b\"]]`; stops at the shortest."
    ) { c in
      let seqs = try (0..<c.count).map { try Sequences.elements(c, $0, "argument \($0 + 1)") }
      let n = seqs.map(\.count).min() ?? 0
      let out = ObjList()
      c.vm.tempRoots.append(Value(c.vm.heap.track(out)))
      defer { c.vm.tempRoots.removeLast() }
      for i in 0..<n { out.items.append(c.vm.list(seqs.map { $0[i] })) }
      return Value(out)
    },
    Native("enumerate", usage: "enumerate(xs)", doc: "A list of `[index, element]` pairs.") { c in
      let items = try Sequences.elements(c, 0, "xs")
      let out = ObjList()
      c.vm.tempRoots.append(Value(c.vm.heap.track(out)))
      defer { c.vm.tempRoots.removeLast() }
      for (i, x) in items.enumerated() { out.items.append(c.vm.list([.number(Double(i)), x])) }
      return Value(out)
    },
    Native(
      "range", usage: "range(start, stop = nil, step = 1)",
      doc:
        "The integers start, start+step, ... below stop (above it for a negative step), as Python's range: `range(5)` is 0..4, `range(2, 5)` is 2, 3, 4. Arguments must be integers (use `arange` for fractional steps). Lazy: iterating allocates nothing."
    ) { c in
      var start = 0.0
      var stop = Double(try c.int(0, "stop"))
      if c.has(1) {
        start = stop
        stop = Double(try c.int(1, "stop"))
      }
      let step = c.count > 2 ? Double(try c.int(2, "step")) : 1
      guard step != 0 else { throw c.error("step must not be zero", argument: 2) }
      guard ((stop - start) / step).rounded(.up) < 9.0e15 else { throw c.error("range has too many elements (more than 9e15)") }
      return c.vm.heap.makeRange(start: start, stop: stop, step: step)
    },
  ]
}

/// Turning iterable arguments into element arrays.
enum Sequences {
  /// Like `elements`, but the elements stay reachable for the collector until
  /// `body` returns: natives that call back into RLScript (map, filter,
  /// reduce, sort with a key) must use this, since iterating a string or a
  /// matrix creates new objects held only by the Swift array.
  static func withElements<T>(_ c: NativeCall, _ i: Int, _ name: String, _ body: ([Value]) throws -> T) throws -> T {
    let items = try elements(c, i, name)
    c.vm.tempRoots.append(c.vm.list(items))
    defer { c.vm.tempRoots.removeLast() }
    return try body(items)
  }

  /// The elements of a list, vector (numbers), matrix (row vectors), range, string (characters) or map (keys).
  static func elements(_ c: NativeCall, _ i: Int, _ name: String) throws -> [Value] {
    let v = c[i]
    if let l = v.list { return l.items }
    if let r = v.cast(.range, ObjRange.self) { return (0..<r.count).map { .number(r.element($0)) } }
    if let s = v.string { return s.value.unicodeScalars.map { c.vm.string(String($0)) } }
    if let m = v.map { return m.entries.map(\.key) }
    if let t = v.cast(.tensor, ObjTensor.self) {
      if t.tensor.rank == 1 { return t.tensor.storage.map { .number($0) } }
      return try (0..<t.tensor.rows).map { r in c.value(try t.tensor.get([.at(r)])) }
    }
    throw c.typeError(i, name, "a list, tensor, range, string or map")
  }
}

import Foundation
