import RLSCore
import RLSNumerics
import RLSPrimitives

/// Argument conversion for the `metrics` namespace: token sequences, groups
/// of references, text streams, relevance lists and sequence items, with
/// errors that name the argument and the position.
enum MetricsArguments {
  /// Runs a primitive, turning its `MetricError` into an error of the call
  /// (pointing at `argument` when given).
  static func run<T>(_ c: NativeCall, argument: Int? = nil, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as MetricError {
      throw c.error(e.message, argument: argument)
    } catch let e as TensorError {
      throw c.error(e.message, argument: argument)
    } catch is MetricInterrupted {
      try Interrupt.check()
      throw c.error("interrupted", kind: .interrupt)
    }
  }

  /// The interrupt flag, for primitives that poll it.
  static let shouldStop: @Sendable () -> Bool = { Interrupt.isRequested }

  /// A number or a vector of counts as a vector (a number gives one
  /// element, which the pass@k functions broadcast).
  static func counts(_ c: NativeCall, _ i: Int, _ name: String) throws -> Tensor {
    if let x = c[i].number { return Tensor(vector: [x]) }
    return try c.vector(i, name)
  }

  /// The tensor held by a value, if it is one.
  static func tensor(_ v: Value) -> Tensor? { v.cast(.tensor, ObjTensor.self)?.tensor }

  /// Whether `v` is one token sequence: a list of numbers (or empty list) or
  /// a vector.
  static func isSequence(_ v: Value) -> Bool {
    if let t = tensor(v) { return t.rank == 1 }
    guard let l = v.list else { return false }
    guard let first = l.items.first else { return true }
    return first.number != nil
  }

  /// The numbers of a list into `scratch` (reused between calls), or the
  /// index of the first item that is not a number.
  static func numbers(_ l: ObjList, into scratch: inout [Double]) -> Int? {
    let n = l.items.count
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: repeatElement(0, count: n))
    return l.items.withUnsafeBufferPointer { items in
      scratch.withUnsafeMutableBufferPointer { out in
        for j in 0..<n {
          guard case .number(let d) = items[j] else { return j }
          out[j] = d
        }
        return nil
      }
    }
  }

  /// Appends the token sequence `v` (a list of integers or a vector).
  static func appendSequence(
    _ v: Value, to seqs: inout TokenSequences, _ what: String, _ c: NativeCall, _ arg: Int, _ scratch: inout [Double]
  ) throws {
    if let t = tensor(v), t.rank == 1 {
      try run(c, argument: arg) { try t.withUnsafeBufferPointer { try seqs.append(numbers: $0, what: what) } }
    } else if let l = v.list {
      if let j = numbers(l, into: &scratch) {
        throw c.error(
          "\(what)[\(j)] is not an integer token id: got \(l.items[j].typeName)", argument: arg, kind: .type)
      }
      try run(c, argument: arg) { try scratch.withUnsafeBufferPointer { try seqs.append(numbers: $0, what: what) } }
    } else {
      throw c.error("\(what) must be a list of token ids, got \(v.typeName)", argument: arg, kind: .type)
    }
  }

  /// Token sequences from a list of sequences or a matrix (one per row).
  static func sequences(_ c: NativeCall, _ i: Int, _ name: String) throws -> TokenSequences {
    var out = TokenSequences()
    if let t = tensor(c[i]) {
      guard t.rank == 2 else { throw c.error("\(name) must be a list of token lists or a matrix, got a vector", argument: i) }
      out.reserve(sequences: t.rows, ids: t.count)
      try t.withUnsafeBufferPointer { p in
        for r in 0..<t.rows {
          let row = UnsafeBufferPointer(rebasing: p[(r * t.cols)..<((r + 1) * t.cols)])
          try run(c, argument: i) { try out.append(numbers: row, what: "\(name)[\(r)]") }
        }
      }
      return out
    }
    let l = try c.list(i, name)
    out.reserve(sequences: l.items.count, ids: l.items.reduce(0) { $0 + ($1.list?.items.count ?? 0) })
    var scratch: [Double] = []
    for (j, v) in l.items.enumerated() { try appendSequence(v, to: &out, "\(name)[\(j)]", c, i, &scratch) }
    return out
  }

  /// Appends one candidate's references: a list of sequences, a matrix (one
  /// per row), or a single sequence (one reference).
  static func appendGroup(
    _ v: Value, to refs: inout ReferenceSets, _ what: String, _ c: NativeCall, _ arg: Int, _ scratch: inout [Double]
  ) throws {
    if let t = tensor(v) {
      if t.rank == 1 {
        try run(c, argument: arg) { try t.withUnsafeBufferPointer { try refs.append(numbers: $0, what: what) } }
      } else {
        try t.withUnsafeBufferPointer { p in
          for r in 0..<t.rows {
            let row = UnsafeBufferPointer(rebasing: p[(r * t.cols)..<((r + 1) * t.cols)])
            try run(c, argument: arg) { try refs.append(numbers: row, what: "\(what)[\(r)]") }
          }
        }
      }
    } else if let l = v.list {
      if let first = l.items.first, first.number != nil {
        if let j = numbers(l, into: &scratch) {
          throw c.error(
            "\(what)[\(j)] is not an integer token id: got \(l.items[j].typeName)", argument: arg, kind: .type)
        }
        try run(c, argument: arg) { try scratch.withUnsafeBufferPointer { try refs.append(numbers: $0, what: what) } }
      } else {
        for (j, r) in l.items.enumerated() {
          let item = "\(what)[\(j)]"
          if let t = tensor(r), t.rank == 1 {
            try run(c, argument: arg) { try t.withUnsafeBufferPointer { try refs.append(numbers: $0, what: item) } }
          } else if let rl = r.list {
            if let k = numbers(rl, into: &scratch) {
              throw c.error(
                "\(item)[\(k)] is not an integer token id: got \(rl.items[k].typeName)", argument: arg, kind: .type)
            }
            try run(c, argument: arg) { try scratch.withUnsafeBufferPointer { try refs.append(numbers: $0, what: item) } }
          } else {
            throw c.error("\(item) must be a list of token ids, got \(r.typeName)", argument: arg, kind: .type)
          }
        }
      }
    } else {
      throw c.error("\(what) must be a list of reference token lists, got \(v.typeName)", argument: arg, kind: .type)
    }
    refs.closeGroup()
  }

  /// The references of each candidate: a list with one entry per candidate
  /// (see `appendGroup`), or a matrix whose row i is candidate i's only
  /// reference.
  static func referenceSets(_ c: NativeCall, _ i: Int, _ name: String) throws -> ReferenceSets {
    if let t = tensor(c[i]), t.rank == 2 {
      var seqs = TokenSequences()
      seqs.reserve(sequences: t.rows, ids: t.count)
      try t.withUnsafeBufferPointer { p in
        for r in 0..<t.rows {
          let row = UnsafeBufferPointer(rebasing: p[(r * t.cols)..<((r + 1) * t.cols)])
          try run(c, argument: i) { try seqs.append(numbers: row, what: "\(name)[\(r)]") }
        }
      }
      return ReferenceSets(single: seqs)
    }
    let l = try c.list(i, name)
    var refs = ReferenceSets()
    var total = 0
    var count = 0
    for g in l.items {
      guard let gl = g.list else { continue }
      if gl.items.first?.number != nil {
        total += gl.items.count
        count += 1
      } else {
        for r in gl.items { total += r.list?.items.count ?? 0 }
        count += gl.items.count
      }
    }
    refs.reserve(candidates: l.items.count, references: count, ids: total)
    var scratch: [Double] = []
    for (j, v) in l.items.enumerated() { try appendGroup(v, to: &refs, "\(name)[\(j)]", c, i, &scratch) }
    return refs
  }

  /// A list of strings.
  static func strings(_ c: NativeCall, _ i: Int, _ name: String) throws -> [String] {
    let l = try c.list(i, name)
    return try l.items.enumerated().map { j, v in
      guard let s = v.string else { throw c.error("\(name)[\(j)] must be a string, got \(v.typeName)", argument: i, kind: .type) }
      return s.value
    }
  }

  /// Reference streams: a list of streams, each a list of strings (or nil)
  /// with one entry per hypothesis; a list of strings is one stream.
  static func streams(_ c: NativeCall, _ i: Int, _ name: String) throws -> [[String?]] {
    let l = try c.list(i, name)
    if let first = l.items.first, first.string != nil {
      return [try strings(c, i, name)]
    }
    return try l.items.enumerated().map { s, stream in
      guard let sl = stream.list else {
        throw c.error("\(name)[\(s)] must be a list of strings, got \(stream.typeName)", argument: i, kind: .type)
      }
      return try sl.items.enumerated().map { j, v in
        if v.isNil { return nil }
        guard let str = v.string else {
          throw c.error("\(name)[\(s)][\(j)] must be a string or nil, got \(v.typeName)", argument: i, kind: .type)
        }
        return str.value
      }
    }
  }

  /// Relevance lists: a list of lists of numbers (lengths may differ) or a
  /// matrix (one query per row).
  static func relevances(_ c: NativeCall, _ i: Int) throws -> [[Double]] {
    if let t = tensor(c[i]) {
      guard t.rank == 2 else { throw c.error("rels must be a list of relevance lists or a matrix, got a vector", argument: i) }
      return (0..<t.rows).map { r in Array(t.storage[(r * t.cols)..<((r + 1) * t.cols)]) }
    }
    let l = try c.list(i, "rels")
    return try l.items.enumerated().map { q, v in
      if let t = tensor(v), t.rank == 1 { return t.storage }
      guard let ql = v.list else {
        throw c.error("rels[\(q)] must be a list of numbers, got \(v.typeName)", argument: i, kind: .type)
      }
      return try ql.items.enumerated().map { j, x in
        guard let d = x.number else {
          throw c.error("rels[\(q)][\(j)] must be a number, got \(x.typeName)", argument: i, kind: .type)
        }
        return d
      }
    }
  }

  /// A string compared as Python compares strings: by code points (equal
  /// UTF-8 bytes), not by Swift's canonical equivalence.
  struct CodePoints: Hashable {
    let value: String

    static func == (a: CodePoints, b: CodePoints) -> Bool { a.value.utf8.elementsEqual(b.value.utf8) }

    func hash(into hasher: inout Hasher) {
      var s = value
      s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
  }

  /// One item of a sequence compared by `similarity`: numbers by value (1
  /// and 1.0 are the same, −0 and 0 too), strings by code points.
  enum Item: Hashable {
    case number(UInt64)
    case text(CodePoints)
    case none
  }

  /// The items of `a` and `b` (lists or vectors) for `similarity`, as small
  /// integer codes (equal items, equal codes).
  static func itemCodes(_ c: NativeCall) throws -> ([Int], [Int]) {
    var codes: [Item: Int] = [:]
    func encode(_ i: Int, _ name: String) throws -> [Int] {
      func code(_ item: Item) -> Int {
        if let k = codes[item] { return k }
        let k = codes.count
        codes[item] = k
        return k
      }
      if let t = tensor(c[i]) {
        guard t.rank == 1 else { throw c.error("\(name) must be a string, a list or a vector", argument: i) }
        return t.storage.map { code(.number(($0 + 0).bitPattern)) }
      }
      guard let l = c[i].list else {
        throw c.error("\(name) must be a string or a list, got \(c[i].typeName)", argument: i, kind: .type)
      }
      return try l.items.enumerated().map { j, v in
        if let d = v.number { return code(.number((d + 0).bitPattern)) }
        if let s = v.string { return code(.text(CodePoints(value: s.value))) }
        if case .bool(let b) = v { return code(.number((b ? 1.0 : 0.0).bitPattern)) }
        if v.isNil { return code(.none) }
        throw c.error("\(name)[\(j)] must be a number or a string, got \(v.typeName)", argument: i, kind: .type)
      }
    }
    return (try encode(0, "a"), try encode(1, "b"))
  }
}
