/// Python's `difflib.SequenceMatcher(None, a, b, autojunk=...).ratio()`,
/// exactly: 2·M / (len(a) + len(b)) (1 when both are empty), where M is the
/// total size of the matching blocks found by difflib's recursive
/// longest-match search — including its "popular element" heuristic: with
/// `autojunk` (difflib's default) and `b` of 200 items or more, elements
/// occurring more than 1 + len(b)/100 times in `b` are left out of the
/// search index, then matches are extended over them.
///
/// Strings compare by Unicode code points (Python's `str` items); token
/// lists by element equality.
public enum SequenceMatcher {
  /// The similarity ratio of two strings.
  public static func ratio(_ a: String, _ b: String, autojunk: Bool = true) -> Double {
    (try? ratio(a, b, autojunk: autojunk, shouldStop: nil)) ?? 0
  }

  /// The similarity ratio of two sequences.
  public static func ratio<T: Hashable>(_ a: [T], _ b: [T], autojunk: Bool = true) -> Double {
    (try? ratio(a, b, autojunk: autojunk, shouldStop: nil)) ?? 0
  }

  /// The similarity ratio of two strings; `shouldStop` is polled every few
  /// thousand steps and makes it throw `MetricInterrupted`.
  public static func ratio(_ a: String, _ b: String, autojunk: Bool = true, shouldStop: (() -> Bool)?) throws -> Double {
    try ratio(
      a.unicodeScalars.map { Int($0.value) }, b.unicodeScalars.map { Int($0.value) }, autojunk: autojunk,
      shouldStop: shouldStop)
  }

  /// The similarity ratio of two sequences (see the string version).
  public static func ratio<T: Hashable>(_ a: [T], _ b: [T], autojunk: Bool = true, shouldStop: (() -> Bool)?) throws
    -> Double
  {
    let total = a.count + b.count
    guard total > 0 else { return 1 }
    return 2 * Double(try matches(a, b, autojunk: autojunk, shouldStop: shouldStop)) / Double(total)
  }

  /// M: the number of items in matching blocks.
  public static func matches<T: Hashable>(_ a: [T], _ b: [T], autojunk: Bool = true, shouldStop: (() -> Bool)? = nil)
    throws -> Int
  {
    // Compact codes: b's distinct elements numbered 0..<m, a's mapped to
    // them (-1 when absent from b).
    var codes: [T: Int32] = [:]
    codes.reserveCapacity(min(b.count, 1 << 16))
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
    let ac = a.map { codes[$0] ?? -1 }
    var matcher = Matcher(a: ac, b: bc, distinct: codes.count, autojunk: autojunk)
    matcher.shouldStop = shouldStop
    return try matcher.matchingSize()
  }

  /// difflib's matcher over compact codes.
  struct Matcher {
    let a: [Int32]
    let b: [Int32]
    /// b2j as CSR: the positions in `b` of code c (ascending) are
    /// `positions[start[c]..<start[c + 1]]`; empty for popular codes.
    var start: [Int]
    var positions: [Int32]
    // Match lengths ending at (previous row, j), stored at j + 1, and the
    // current row's; with the indices set, to clear them.
    var previous: [Int32]
    var current: [Int32]
    var previousSet: [Int32] = []
    var currentSet: [Int32] = []
    /// Polled about every 64k steps.
    var shouldStop: (() -> Bool)?
    private var steps = 0

    init(a: [Int32], b: [Int32], distinct: Int, autojunk: Bool) {
      self.a = a
      self.b = b
      var count = [Int](repeating: 0, count: distinct + 1)
      for c in b { count[Int(c)] += 1 }
      if autojunk && b.count >= 200 {
        let limit = b.count / 100 + 1
        for c in 0..<distinct where count[c] > limit { count[c] = 0 }
      }
      start = [Int](repeating: 0, count: distinct + 1)
      for c in 0..<distinct { start[c + 1] = start[c] + count[c] }
      positions = [Int32](repeating: 0, count: start[distinct])
      var fill = start
      for (j, c) in b.enumerated() where count[Int(c)] > 0 {
        positions[fill[Int(c)]] = Int32(j)
        fill[Int(c)] += 1
      }
      previous = [Int32](repeating: 0, count: b.count + 1)
      current = previous
    }

    /// The total size of difflib's matching blocks.
    mutating func matchingSize() throws -> Int {
      var total = 0
      var stack = [(a.startIndex, a.count, 0, b.count)]
      while let (alo, ahi, blo, bhi) = stack.popLast() {
        let (i, j, k) = try longestMatch(alo, ahi, blo, bhi)
        guard k > 0 else { continue }
        total += k
        if alo < i && blo < j { stack.append((alo, i, blo, j)) }
        if i + k < ahi && j + k < bhi { stack.append((i + k, ahi, j + k, bhi)) }
      }
      return total
    }

    /// difflib's `find_longest_match(alo, ahi, blo, bhi)` (no junk
    /// function): the longest block of indexed items, the earliest in `a`
    /// then in `b` among equals, then extended by equal items on both ends.
    mutating func longestMatch(_ alo: Int, _ ahi: Int, _ blo: Int, _ bhi: Int) throws -> (Int, Int, Int) {
      var besti = alo
      var bestj = blo
      var bestsize = 0
      for i in alo..<ahi {
        steps &+= 1 + currentSet.count
        if steps > 1 << 16 {
          steps = 0
          if let shouldStop, shouldStop() { throw MetricInterrupted() }
        }
        let c = a[i]
        if c >= 0 {
          let lo = start[Int(c)]
          let hi = start[Int(c) + 1]
          // The first position >= blo (positions are ascending).
          var l = lo
          var h = hi
          while l < h {
            let m = (l + h) / 2
            if Int(positions[m]) < blo { l = m + 1 } else { h = m }
          }
          var p = l
          while p < hi {
            let j = Int(positions[p])
            if j >= bhi { break }
            let k = previous[j] + 1
            current[j + 1] = k
            currentSet.append(Int32(j + 1))
            if Int(k) > bestsize {
              besti = i - Int(k) + 1
              bestj = j - Int(k) + 1
              bestsize = Int(k)
            }
            p += 1
          }
        }
        for x in previousSet { previous[Int(x)] = 0 }
        previousSet.removeAll(keepingCapacity: true)
        swap(&previous, &current)
        swap(&previousSet, &currentSet)
      }
      for x in previousSet { previous[Int(x)] = 0 }
      previousSet.removeAll(keepingCapacity: true)
      // Extend over items left out of the index (popular ones) on both ends.
      while besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1] {
        besti -= 1
        bestj -= 1
        bestsize += 1
      }
      while besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] == b[bestj + bestsize] {
        bestsize += 1
      }
      return (besti, bestj, bestsize)
    }
  }
}
