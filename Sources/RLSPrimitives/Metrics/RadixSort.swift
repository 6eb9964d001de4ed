/// LSD radix sort of 64-bit keys (8-bit digits, passes whose digit is the
/// same for every key skipped), optionally carrying `Int32` payloads; stable.
/// Doubles sort through `key(_:)`, an order-preserving map to `UInt64`.
enum RadixSort {
  /// The key of a non-`NaN` double: ascending key order is ascending
  /// numeric order, and −0 and +0 get the same key.
  @inline(__always)
  static func key(_ x: Double) -> UInt64 {
    let b = (x + 0).bitPattern
    return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
  }

  /// The double whose key is `k`.
  @inline(__always)
  static func double(_ k: UInt64) -> Double {
    Double(bitPattern: k & (1 << 63) != 0 ? k & ~(1 << 63) : ~k)
  }

  private static let bits = 8
  private static let passes = 8

  /// Sorts `keys` ascending, moving `values` (same count, or empty) along.
  static func sort(_ keys: inout [UInt64], _ values: inout [Int32]) {
    let n = keys.count
    guard n > 1 else { return }
    let carry = !values.isEmpty
    let radix = 1 << bits
    var counts = [Int](repeating: 0, count: radix * passes)
    keys.withUnsafeBufferPointer { k in
      counts.withUnsafeMutableBufferPointer { c in
        for i in 0..<n {
          var x = k[i]
          for p in 0..<passes {
            c[p * radix + Int(x & UInt64(radix - 1))] += 1
            x >>= UInt64(bits)
          }
        }
      }
    }
    var tmpKeys = [UInt64](repeating: 0, count: n)
    var tmpValues = [Int32](repeating: 0, count: carry ? n : 0)
    for p in 0..<passes {
      let base = p * radix
      // Skip a pass whose digit is the same for all keys.
      if counts[base..<(base + radix)].contains(n) { continue }
      var offset = 0
      for d in 0..<radix {
        let c = counts[base + d]
        counts[base + d] = offset
        offset += c
      }
      let shift = UInt64(p * bits)
      keys.withUnsafeBufferPointer { src in
        tmpKeys.withUnsafeMutableBufferPointer { dst in
          counts.withUnsafeMutableBufferPointer { c in
            if carry {
              values.withUnsafeBufferPointer { vs in
                tmpValues.withUnsafeMutableBufferPointer { vd in
                  for i in 0..<n {
                    let x = src[i]
                    let slot = base + Int((x >> shift) & UInt64(radix - 1))
                    let at = c[slot]
                    c[slot] = at + 1
                    dst[at] = x
                    vd[at] = vs[i]
                  }
                }
              }
            } else {
              for i in 0..<n {
                let x = src[i]
                let slot = base + Int((x >> shift) & UInt64(radix - 1))
                let at = c[slot]
                c[slot] = at + 1
                dst[at] = x
              }
            }
          }
        }
      }
      swap(&keys, &tmpKeys)
      if carry { swap(&values, &tmpValues) }
    }
  }

  /// `keys` sorted ascending.
  static func sorted(_ keys: [UInt64]) -> [UInt64] {
    var k = keys
    var none: [Int32] = []
    sort(&k, &none)
    return k
  }

  /// The keys of `x` sorted, with the indices that sort `x` (stable).
  static func argsort(_ x: UnsafeBufferPointer<Double>) -> (keys: [UInt64], order: [Int32]) {
    var keys = x.map(key)
    var order = (0..<Int32(truncatingIfNeeded: x.count)).map { $0 }
    sort(&keys, &order)
    return (keys, order)
  }

  /// Average ranks (1-based, ties get the mean of their positions), as
  /// `scipy.stats.rankdata(method="average")`.
  static func averageRanks(_ x: UnsafeBufferPointer<Double>) -> [Double] {
    let (keys, order) = argsort(x)
    var ranks = [Double](repeating: 0, count: x.count)
    var i = 0
    while i < keys.count {
      var j = i + 1
      while j < keys.count && keys[j] == keys[i] { j += 1 }
      let r = Double(i + 1 + j) / 2
      for t in i..<j { ranks[Int(order[t])] = r }
      i = j
    }
    return ranks
  }
}
