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
    var tmpKeys = [UInt64](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
    var tmpValues = [Int32](unsafeUninitializedCapacity: carry ? n : 0) { _, initialized in
      initialized = carry ? n : 0
    }
    keys.withUnsafeMutableBufferPointer { k in
      tmpKeys.withUnsafeMutableBufferPointer { tk in
        values.withUnsafeMutableBufferPointer { v in
          tmpValues.withUnsafeMutableBufferPointer { tv in
            guard let k = k.baseAddress, let tk = tk.baseAddress else { return }
            sort(k, carry ? v.baseAddress : nil, n, tk, carry ? tv.baseAddress : nil)
          }
        }
      }
    }
  }

  /// Sorts `n` keys at `keys` (and `values`, when given) in place, with
  /// scratch space of the same size.
  static func sort(
    _ keys: UnsafeMutablePointer<UInt64>, _ values: UnsafeMutablePointer<Int32>?, _ n: Int,
    _ tmpKeys: UnsafeMutablePointer<UInt64>, _ tmpValues: UnsafeMutablePointer<Int32>?
  ) {
    guard n > 1 else { return }
    withUnsafeTemporaryAllocation(of: Int.self, capacity: (1 << bits) * passes) { buffer in
      guard let c = buffer.baseAddress else { return }
      c.initialize(repeating: 0, count: (1 << bits) * passes)
      histogram(keys, n, c)
      var src = (keys, values)
      var dst = (tmpKeys, tmpValues)
      var inTemp = false
      for p in 0..<passes {
        let base = c + p * (1 << bits)
        // Skip a pass whose digit is the same for all keys.
        var same = false
        for d in 0..<(1 << bits) where base[d] == n { same = true }
        if same { continue }
        scatter(src.0, src.1, dst.0, dst.1, n, base, UInt64(p * bits))
        swap(&src, &dst)
        inTemp.toggle()
      }
      if inTemp {
        keys.update(from: tmpKeys, count: n)
        if let values, let tmpValues { values.update(from: tmpValues, count: n) }
      }
    }
  }

  /// The digit counts of every pass, in one read of the keys.
  private static func histogram(_ k: UnsafePointer<UInt64>, _ n: Int, _ c: UnsafeMutablePointer<Int>) {
    let mask = UInt64((1 << bits) - 1)
    for i in 0..<n {
      var x = k[i]
      for p in 0..<passes {
        c[p &* (1 << bits) &+ Int(x & mask)] &+= 1
        x >>= UInt64(bits)
      }
    }
  }

  /// One stable counting-sort pass on the digit at `shift`: `count` holds
  /// the pass's digit counts and is turned into running offsets.
  private static func scatter(
    _ src: UnsafeMutablePointer<UInt64>, _ srcValues: UnsafeMutablePointer<Int32>?,
    _ dst: UnsafeMutablePointer<UInt64>, _ dstValues: UnsafeMutablePointer<Int32>?, _ n: Int,
    _ count: UnsafeMutablePointer<Int>, _ shift: UInt64
  ) {
    var offset = 0
    for d in 0..<(1 << bits) {
      let c = count[d]
      count[d] = offset
      offset &+= c
    }
    let mask = UInt64((1 << bits) - 1)
    if let srcValues, let dstValues {
      for i in 0..<n {
        let x = src[i]
        let d = Int((x >> shift) & mask)
        let at = count[d]
        count[d] = at &+ 1
        dst[at] = x
        dstValues[at] = srcValues[i]
      }
    } else {
      for i in 0..<n {
        let x = src[i]
        let d = Int((x >> shift) & mask)
        let at = count[d]
        count[d] = at &+ 1
        dst[at] = x
      }
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
