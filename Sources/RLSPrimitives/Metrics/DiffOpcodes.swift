/// One of difflib's edit operations: `a[i1..<i2]` becomes `b[j1..<j2]`.
public struct DiffOpcode: Equatable, Sendable {
  /// What the operation does.
  public enum Tag: String, Sendable {
    case equal, replace, delete, insert
  }

  /// The kind of operation.
  public var tag: Tag
  /// The range in the first sequence.
  public var i1: Int, i2: Int
  /// The range in the second sequence.
  public var j1: Int, j2: Int

  /// An operation over `a[i1..<i2]` and `b[j1..<j2]`.
  public init(_ tag: Tag, _ i1: Int, _ i2: Int, _ j1: Int, _ j2: Int) {
    (self.tag, self.i1, self.i2, self.j1, self.j2) = (tag, i1, i2, j1, j2)
  }
}

extension SequenceMatcher {
  /// Python's `SequenceMatcher(None, a, b, autojunk=...).get_matching_blocks()`:
  /// the matching blocks `(i, j, size)` in increasing order, adjacent blocks
  /// merged, ending with the sentinel `(len(a), len(b), 0)`.
  public static func matchingBlocks<T: Hashable>(
    _ a: [T], _ b: [T], autojunk: Bool = true, shouldStop: (() -> Bool)? = nil
  ) throws -> [(i: Int, j: Int, size: Int)] {
    var codes: [T: Int32] = [:]
    var bc = [Int32](repeating: 0, count: b.count)
    for (j, x) in b.enumerated() {
      if let c = codes[x] {
        bc[j] = c
      } else {
        let c = Int32(codes.count)
        codes[x] = c
        bc[j] = c
      }
    }
    var matcher = Matcher(a: a.map { codes[$0] ?? -1 }, b: bc, distinct: codes.count, autojunk: autojunk)
    matcher.shouldStop = shouldStop
    var blocks: [(i: Int, j: Int, size: Int)] = []
    var stack = [(0, a.count, 0, b.count)]
    while let (alo, ahi, blo, bhi) = stack.popLast() {
      let (i, j, k) = try matcher.longestMatch(alo, ahi, blo, bhi)
      guard k > 0 else { continue }
      blocks.append((i, j, k))
      if alo < i && blo < j { stack.append((alo, i, blo, j)) }
      if i + k < ahi && j + k < bhi { stack.append((i + k, ahi, j + k, bhi)) }
    }
    // Blocks never overlap, so ordering by i orders by j too.
    blocks.sort { $0.i < $1.i }
    var merged: [(i: Int, j: Int, size: Int)] = []
    var (i1, j1, k1) = (0, 0, 0)
    for (i2, j2, k2) in blocks {
      if i1 + k1 == i2 && j1 + k1 == j2 {
        k1 += k2
      } else {
        if k1 > 0 { merged.append((i1, j1, k1)) }
        (i1, j1, k1) = (i2, j2, k2)
      }
    }
    if k1 > 0 { merged.append((i1, j1, k1)) }
    merged.append((a.count, b.count, 0))
    return merged
  }

  /// Python's `get_opcodes()`: the operations turning `a` into `b`, from
  /// the matching blocks.
  public static func opcodes<T: Hashable>(
    _ a: [T], _ b: [T], autojunk: Bool = true, shouldStop: (() -> Bool)? = nil
  ) throws -> [DiffOpcode] {
    var (i, j) = (0, 0)
    var out: [DiffOpcode] = []
    for (ai, bj, size) in try matchingBlocks(a, b, autojunk: autojunk, shouldStop: shouldStop) {
      if i < ai && j < bj {
        out.append(DiffOpcode(.replace, i, ai, j, bj))
      } else if i < ai {
        out.append(DiffOpcode(.delete, i, ai, j, bj))
      } else if j < bj {
        out.append(DiffOpcode(.insert, i, ai, j, bj))
      }
      (i, j) = (ai + size, bj + size)
      if size > 0 { out.append(DiffOpcode(.equal, ai, i, bj, j)) }
    }
    return out
  }

  /// Python's `get_grouped_opcodes(n)`: the changes in groups ("hunks")
  /// with up to `n` lines of context each side; equal runs longer than 2n
  /// split groups. Identical sequences give no group.
  public static func groupedOpcodes<T: Hashable>(
    _ a: [T], _ b: [T], context n: Int = 3, autojunk: Bool = true, shouldStop: (() -> Bool)? = nil
  ) throws -> [[DiffOpcode]] {
    var codes = try opcodes(a, b, autojunk: autojunk, shouldStop: shouldStop)
    if codes.isEmpty { codes = [DiffOpcode(.equal, 0, 1, 0, 1)] }
    let n = max(n, 0)
    if let first = codes.first, first.tag == .equal {
      codes[0] = DiffOpcode(.equal, max(first.i1, first.i2 - n), first.i2, max(first.j1, first.j2 - n), first.j2)
    }
    if let last = codes.last, last.tag == .equal {
      codes[codes.count - 1] = DiffOpcode(
        .equal, last.i1, min(last.i2, last.i1 + n), last.j1, min(last.j2, last.j1 + n))
    }
    var groups: [[DiffOpcode]] = []
    var group: [DiffOpcode] = []
    for var op in codes {
      if op.tag == .equal && op.i2 - op.i1 > 2 * n {
        group.append(DiffOpcode(.equal, op.i1, min(op.i2, op.i1 + n), op.j1, min(op.j2, op.j1 + n)))
        groups.append(group)
        group = []
        (op.i1, op.j1) = (max(op.i1, op.i2 - n), max(op.j1, op.j2 - n))
      }
      group.append(op)
    }
    if !group.isEmpty && !(group.count == 1 && group[0].tag == .equal) { groups.append(group) }
    return groups
  }
}
