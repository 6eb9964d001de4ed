import RLSCore
import RLSJSON

/// The `json` namespace: text and files through jansson.
enum JSONNatives {
  static let rows: [Native] = [
    Native(
      "parse", usage: "json.parse(text)",
      doc:
        "A value from JSON text: arrays become lists, objects maps (key order kept), numbers numbers, null nil. Invalid JSON is an error with its line and column."
    ) { c in
      try fromJSON(try wrap(c) { try JSON.parse(try c.string(0, "text")) }, c.vm)
    },
    Native(
      "stringify", usage: "json.stringify(value, indent:, sort_keys:)",
      doc:
        "JSON text for a value: lists and tensors become arrays, maps objects (number keys become strings), NaN and ±Infinity null. Functions and other objects are an error. `indent: 2` pretty-prints."
    ) { c in
      let j = try toJSON(c[0], c)
      let indent = c.option("indent") == nil ? nil : try c.int(option: "indent", default: 0)
      return c.vm.string(try wrap(c) { try JSON.stringify(j, indent: indent, sortKeys: try c.bool(option: "sort_keys", default: false)) })
    },
    Native("read", usage: "json.read(path)", doc: "Reads and parses a JSON file.") { c in
      try fromJSON(try wrap(c) { try JSON.read(path: try c.string(0, "path")) }, c.vm)
    },
    Native("write", usage: "json.write(path, value, indent:)", doc: "Writes a value as JSON to a file (with a final newline).") { c in
      let j = try toJSON(c[1], c)
      let indent = c.option("indent") == nil ? nil : try c.int(option: "indent", default: 0)
      try wrap(c) { try JSON.write(j, path: try c.string(0, "path"), indent: indent) }
      return .null
    },
  ]

  static func wrap<T>(_ c: NativeCall, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as JSONError {
      throw c.error(e.description, kind: e.path != nil && e.line == nil ? .io : .value)
    }
  }

  /// A value from a JSON tree.
  static func fromJSON(_ j: JSON, _ vm: VM) throws -> Value {
    switch j {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .number(let d): return .number(d)
    case .string(let s): return vm.string(s)
    case .array(let items):
      let l = vm.heap.track(ObjList())
      vm.tempRoots.append(Value(l))
      defer { vm.tempRoots.removeLast() }
      l.items.reserveCapacity(items.count)
      for x in items { l.items.append(try fromJSON(x, vm)) }
      return Value(l)
    case .object(let obj):
      let m = vm.newMap()
      vm.tempRoots.append(Value(m))
      defer { vm.tempRoots.removeLast() }
      for (k, v) in obj { m.set(vm.string(k), try fromJSON(v, vm)) }
      return Value(m)
    }
  }

  /// A JSON tree from a value (cycles and unsupported types are errors).
  static func toJSON(_ v: Value, _ c: NativeCall, depth: Int = 0) throws -> JSON {
    guard depth < JSON.maxDepth else { throw c.error("value is nested too deeply for JSON (a list or map containing itself?)") }
    switch v {
    case .null, .undef: return .null
    case .bool(let b): return .bool(b)
    case .number(let d): return d.isFinite ? .number(d) : .null
    case .object(let u):
      let o = u.takeUnretainedValue()
      switch o.kind {
      case .string: return .string(unsafeDowncast(o, to: ObjString.self).value)
      case .list: return .array(try unsafeDowncast(o, to: ObjList.self).items.map { try toJSON($0, c, depth: depth + 1) })
      case .map:
        var obj = JSONObject()
        for (k, x) in unsafeDowncast(o, to: ObjMap.self).entries {
          obj.append(c.vm.display(k), try toJSON(x, c, depth: depth + 1))
        }
        return .object(obj)
      case .tensor:
        let t = unsafeDowncast(o, to: ObjTensor.self).tensor
        let num: (Double) -> JSON = { $0.isFinite ? .number($0) : .null }
        if t.rank == 1 { return .array(t.storage.map(num)) }
        return .array((0..<t.rows).map { r in .array((0..<t.cols).map { num(t.storage[r * t.cols + $0]) }) })
      case .range:
        let r = unsafeDowncast(o, to: ObjRange.self)
        return .array((0..<r.count).map { .number(r.element($0)) })
      default:
        throw c.error("cannot convert a \(v.typeName) to JSON")
      }
    }
  }
}
