/// An open-addressing hash table from 64-bit keys to dense `Int32` ids,
/// emptied in O(1) by bumping a stamp (a slot is live only when its stamp is
/// the current one), so one table serves sentence after sentence without
/// clearing or allocating.
///
/// Linear probing over a power-of-two array kept at most half full;
/// Fibonacci hashing (multiply by 2⁶⁴/φ, keep the top bits).
struct NGramTable {
  struct Slot {
    var key: UInt64
    var value: Int32
    var stamp: UInt32
  }

  private(set) var slots: UnsafeMutablePointer<Slot>
  private(set) var capacity: Int
  private(set) var shift: UInt64
  private(set) var stamp: UInt32 = 1

  init() {
    capacity = 16
    shift = 64 - 4
    slots = .allocate(capacity: capacity)
    slots.initialize(repeating: Slot(key: 0, value: 0, stamp: 0), count: capacity)
  }

  func deallocate() { slots.deallocate() }

  /// Empties the table and makes room for `entries` keys.
  mutating func reset(entries: Int) {
    var cap = capacity
    while cap < 2 * entries { cap *= 2 }
    if cap != capacity {
      slots.deallocate()
      capacity = cap
      shift = UInt64(64 - cap.trailingZeroBitCount)
      slots = .allocate(capacity: cap)
      slots.initialize(repeating: Slot(key: 0, value: 0, stamp: 0), count: cap)
      stamp = 1
      return
    }
    if stamp == UInt32.max {
      slots.update(repeating: Slot(key: 0, value: 0, stamp: 0), count: capacity)
      stamp = 1
    } else {
      stamp += 1
    }
  }

  @inline(__always)
  func home(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The id of `key`, inserting it with id `next` when absent; `inserted`
  /// tells which happened. The caller keeps the table at most half full.
  @inline(__always)
  func insert(_ key: UInt64, next: Int32) -> (id: Int32, inserted: Bool) {
    let mask = capacity - 1
    var i = home(key)
    while true {
      let s = slots[i]
      if s.stamp != stamp {
        slots[i] = Slot(key: key, value: next, stamp: stamp)
        return (next, true)
      }
      if s.key == key { return (s.value, false) }
      i = (i + 1) & mask
    }
  }

  /// The id of `key`, or -1 when absent.
  @inline(__always)
  func find(_ key: UInt64) -> Int32 {
    let mask = capacity - 1
    var i = home(key)
    while true {
      let s = slots[i]
      if s.stamp != stamp { return -1 }
      if s.key == key { return s.value }
      i = (i + 1) & mask
    }
  }
}
