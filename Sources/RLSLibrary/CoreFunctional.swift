import RLSCore

/// Higher-order functions: `map`, `filter`, `reduce`.
enum CoreFunctional {
  static let rows: [Native] = [
    Native(
      "map", usage: "map(xs, f)",
      doc: "A new list of `f(x)` for each element (list, tensor, range, string or map keys): `map([1, 2], fn(x) { x * 10 })` is `[10, 20]`."
    ) { c in
      let f = try c.callable(1, "f")
      return try Sequences.withElements(c, 0, "xs") { items in
        let out = ObjList()
        out.items.reserveCapacity(items.count)
        c.vm.tempRoots.append(Value(c.vm.heap.track(out)))
        defer { c.vm.tempRoots.removeLast() }
        for x in items { out.items.append(try c.vm.call(f, [x])) }
        return Value(out)
      }
    },
    Native("filter", usage: "filter(xs, f)", doc: "A new list of the elements for which `f(x)` is truthy.") { c in
      let f = try c.callable(1, "f")
      return try Sequences.withElements(c, 0, "xs") { items in
        let out = ObjList()
        c.vm.tempRoots.append(Value(c.vm.heap.track(out)))
        defer { c.vm.tempRoots.removeLast() }
        for x in items where try c.vm.call(f, [x]).isTruthy { out.items.append(x) }
        return Value(out)
      }
    },
    Native(
      "reduce", usage: "reduce(xs, f, initial = nil)",
      doc:
        "Folds the elements with `f(accumulator, x)`, starting from `initial` (or the first element when omitted): `reduce([1, 2, 3], fn(a, b) { a + b })` is 6. Reducing an empty list without an initial value is an error."
    ) { c in
      let f = try c.callable(1, "f")
      return try Sequences.withElements(c, 0, "xs") { all in
        var items = all
        var acc: Value
        if c.count > 2 {
          acc = c[2]
        } else {
          guard !items.isEmpty else { throw c.error("reduce of an empty sequence with no initial value", argument: 0) }
          acc = items.removeFirst()
        }
        c.vm.tempRoots.append(acc)
        defer { c.vm.tempRoots.removeLast() }
        for x in items {
          acc = try c.vm.call(f, [acc, x])
          c.vm.tempRoots[c.vm.tempRoots.count - 1] = acc
        }
        return acc
      }
    },
  ]
}
