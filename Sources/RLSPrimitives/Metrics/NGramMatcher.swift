import Foundation

/// Counts the n-grams (orders 1…`maxOrder`) of one candidate sequence and
/// matches references against them, for BLEU and chrF.
///
/// Only n-grams that occur in the candidate get an id (dense, whatever the
/// vocabulary and the order). Unigrams get theirs through a table indexed by
/// the token when the candidate's ids are small non-negative integers (one
/// vocabulary-sized array per matcher, zeroed lazily by the OS — never
/// vocabulary^n), or else through a hash table keyed by the token. An n-gram
/// of order n ≥ 2 is its (n − 1)-gram prefix extended by one token. When the
/// prefix occurs once in the candidate (most n-grams of order ≥ 2 in real
/// text), so does the extension, and it needs no table: the prefix records
/// its one extension and the token that follows it. Otherwise the n-gram is
/// found through a per-order hash table keyed by (prefix id, last unigram
/// id) packed into 64 bits.
///
/// Per id the matcher keeps the candidate count, the running maximum over
/// references and the count in the current reference; the clipped match
/// count `Σ min(count, max over references)` is updated incrementally as
/// reference n-grams arrive, without data-dependent branches, and each order
/// looks only at the reference positions whose shorter n-gram matched. All scratch
/// memory is owned by the matcher and grows on demand, so matching a batch
/// allocates nothing per sentence.
final class NGramMatcher {
  /// What the matcher knows of one id, in one place for locality.
  struct Info {
    /// Occurrences in the candidate.
    var count: Int32
    /// The largest count in one reference so far.
    var maxRef: Int32
    /// The count in the current reference.
    var refCount: Int32
    /// For an id occurring once: the id of its extension by one token
    /// (-1 when it ends the candidate), and that token's unigram id (-2).
    var extensionID: Int32
    var extensionToken: Int32
  }

  /// The largest id range served by the token-indexed table (16 MB per
  /// matcher at most, of which only touched pages are ever materialised).
  static let denseLimit = 1 << 21

  /// Index n − 1 maps (id of an (n − 1)-gram occurring more than once,
  /// unigram id) to n-gram ids; index 0 maps tokens to unigram ids when the
  /// token-indexed table is not used. One small table per order keeps each
  /// pass's working set in the L1 cache.
  private var tables: [NGramTable] = []
  /// Token-indexed unigram table: (stamp << 32 | id) per token, live when
  /// its stamp is `denseStamp`. Used when `denseSize > 0`.
  private var dense: UnsafeMutablePointer<UInt64>?
  private var denseCapacity = 0
  private var denseSize = 0
  private var denseStamp: UInt64 = 0

  // Per candidate position (plus `order` padding entries of -2): its unigram
  // id, and the id of the n-gram starting there at the current order.
  private var candUnigram: UnsafeMutablePointer<Int32>
  private var candLevel: UnsafeMutablePointer<Int32>
  private var candCapacity = 0
  private var info: UnsafeMutablePointer<Info>
  private var infoCapacity = 0
  // Per reference position, and the ids touched by the current reference.
  private var refUnigram: UnsafeMutablePointer<Int32>
  private var refLevel: UnsafeMutablePointer<Int32>
  private var refActive: UnsafeMutablePointer<Int32>
  private var refCapacity = 0
  private var touched: UnsafeMutablePointer<Int32>
  private var touchedCapacity = 0

  /// The highest order counted by the last `load`.
  private(set) var order = 0
  /// The candidate's length at the last `load`.
  private(set) var candidateLength = 0
  /// Per order (index n − 1): `Σ min(candidate count, max over the
  /// references added so far)` over the candidate's n-grams.
  private(set) var clipped: [Int] = []

  init() {
    candUnigram = .allocate(capacity: 1)
    candLevel = .allocate(capacity: 1)
    info = .allocate(capacity: 1)
    refUnigram = .allocate(capacity: 1)
    refLevel = .allocate(capacity: 1)
    refActive = .allocate(capacity: 1)
    touched = .allocate(capacity: 1)
  }

  deinit {
    free(dense)
    for t in tables { t.deallocate() }
    for p in [candUnigram, candLevel, refUnigram, refLevel, refActive, touched] { p.deallocate() }
    info.deallocate()
  }

  /// The number of n-grams of order `n` in a sequence of length `length`.
  @inline(__always)
  static func ngramCount(_ length: Int, _ n: Int) -> Int { max(0, length - n + 1) }

  /// A buffer of at least `needed` elements: `p` itself or a new one (the
  /// contents are not kept); `capacity` is updated.
  private static func ensure<T>(_ p: inout UnsafeMutablePointer<T>, _ capacity: inout Int, _ needed: Int) {
    guard needed > capacity else { return }
    var c = max(capacity, 64)
    while c < needed { c *= 2 }
    p.deallocate()
    p = .allocate(capacity: c)
    capacity = c
  }

  /// Index unigrams through a token-indexed table of `range` entries (every
  /// candidate token in `0..<range`, `range <= denseLimit`), or hash them
  /// (`nil`).
  func useTokenRange(_ range: Int?) {
    guard let range, range > 0, range <= NGramMatcher.denseLimit else {
      denseSize = 0
      return
    }
    if range > denseCapacity {
      free(dense)
      // calloc: large blocks come zeroed from the OS page by page.
      dense = calloc(range, MemoryLayout<UInt64>.stride)?.assumingMemoryBound(to: UInt64.self)
      denseCapacity = dense == nil ? 0 : range
      denseStamp = 0
    }
    denseSize = dense == nil ? 0 : range
  }

  /// Counts the n-grams of `candidate` up to order `maxOrder` (≥ 1) and
  /// forgets earlier references. With a token range set, every candidate
  /// token must lie in it.
  func load(_ candidate: UnsafeBufferPointer<Int>, maxOrder: Int) {
    let length = candidate.count
    order = maxOrder
    candidateLength = length
    if clipped.count != maxOrder {
      clipped = [Int](repeating: 0, count: maxOrder)
    } else {
      for i in 0..<maxOrder { clipped[i] = 0 }
    }
    var cc = candCapacity
    NGramMatcher.ensure(&candUnigram, &cc, length + maxOrder)
    cc = candCapacity
    NGramMatcher.ensure(&candLevel, &cc, length + maxOrder)
    candCapacity = cc
    NGramMatcher.ensure(&info, &infoCapacity, length * maxOrder)
    while tables.count < maxOrder { tables.append(NGramTable()) }

    let unigram = candUnigram
    let level = candLevel
    let info = info
    for i in length..<(length + maxOrder) { unigram[i] = -2 }
    var next: Int32 = 0
    @inline(__always) func create() -> Int32 {
      info[Int(next)] = Info(count: 1, maxRef: 0, refCount: 0, extensionID: -1, extensionToken: -2)
      next += 1
      return next - 1
    }

    if denseSize > 0, let table = dense {
      if denseStamp == UInt64(UInt32.max) {
        table.update(repeating: 0, count: denseCapacity)
        denseStamp = 0
      }
      denseStamp += 1
      let stamp = denseStamp << 32
      for i in 0..<length {
        let t = candidate[i]
        let slot = table[t]
        var id = Int32(truncatingIfNeeded: slot)
        if slot & 0xFFFF_FFFF_0000_0000 != stamp {
          id = create()
          table[t] = stamp | UInt64(UInt32(bitPattern: id))
        } else {
          info[Int(id)].count += 1
        }
        unigram[i] = id
        level[i] = id
      }
    } else {
      tables[0].reset(entries: length)
      let uni = tables[0]
      for i in 0..<length {
        let r = uni.insert(UInt64(bitPattern: Int64(candidate[i])), next: next)
        if r.inserted {
          _ = create()
        } else {
          info[Int(r.id)].count += 1
        }
        unigram[i] = r.id
        level[i] = r.id
      }
    }
    if maxOrder >= 2 {
      for n in 2...maxOrder where length >= n {
        tables[n - 1].reset(entries: length - n + 1)
        let table = tables[n - 1]
        for i in 0...(length - n) {
          let p = Int(level[i])
          let u = unigram[i + n - 1]
          let id: Int32
          if info[p].count == 1 {
            id = create()
            info[p].extensionID = id
            info[p].extensionToken = u
          } else {
            let key = UInt64(UInt32(bitPattern: Int32(truncatingIfNeeded: p))) << 32 | UInt64(UInt32(bitPattern: u))
            let r = table.insert(key, next: next)
            if r.inserted {
              id = create()
            } else {
              id = r.id
              info[Int(id)].count += 1
            }
          }
          level[i] = id
        }
      }
    }
  }

  /// Matches one reference against the loaded candidate: updates `clipped`
  /// and, when `perReference` is given (room for `order` counts), writes per
  /// order `Σ min(candidate count, count in this reference)` into it.
  func add(reference: UnsafeBufferPointer<Int>, perReference: UnsafeMutablePointer<Int>? = nil) {
    let length = reference.count
    var rc = refCapacity
    NGramMatcher.ensure(&refUnigram, &rc, length)
    rc = refCapacity
    NGramMatcher.ensure(&refLevel, &rc, length)
    rc = refCapacity
    NGramMatcher.ensure(&refActive, &rc, length)
    refCapacity = rc
    NGramMatcher.ensure(&touched, &touchedCapacity, length * order)

    let unigram = refUnigram
    let level = refLevel
    let active = refActive
    let info = info
    let touch = touched
    let denseTable = denseSize > 0 ? dense : nil
    let denseRange = UInt(denseSize)
    let denseKey = denseStamp << 32
    var touchedCount = 0
    if let perReference { for n in 0..<order { perReference[n] = 0 } }

    // `active` lists the positions whose n-gram of the current order occurs
    // in the candidate; only they can start a matching (n + 1)-gram, so each
    // order looks only at the survivors of the one before.
    var activeCount = 0
    for n in 1...order where length >= n {
      let table = tables[n - 1]
      if n == 1 {
        if let denseTable {
          for j in 0..<length {
            // A token outside the range cannot be in the candidate.
            let t = reference[j]
            let slot = UInt(bitPattern: t) < denseRange ? denseTable[t] : 0
            let id = slot & 0xFFFF_FFFF_0000_0000 == denseKey ? Int32(truncatingIfNeeded: slot) : -1
            unigram[j] = id
            level[j] = id
            active[activeCount] = Int32(truncatingIfNeeded: j)
            activeCount &+= id >= 0 ? 1 : 0
          }
        } else {
          for j in 0..<length {
            let id = table.find(UInt64(bitPattern: Int64(reference[j])))
            unigram[j] = id
            level[j] = id
            active[activeCount] = Int32(truncatingIfNeeded: j)
            activeCount &+= id >= 0 ? 1 : 0
          }
        }
      } else {
        // Extend each surviving position by one token (in place: the list
        // only shrinks); positions too close to the end drop out.
        let last = Int32(truncatingIfNeeded: length - n)
        var kept = 0
        for a in 0..<activeCount {
          let j = active[a]
          if j > last { break }
          let p = level[Int(j)]
          let u = unigram[Int(j) &+ n &- 1]
          let prefix = info[Int(p)]
          var id: Int32
          if prefix.count > 1 {
            id = u >= 0 ? table.find(UInt64(UInt32(bitPattern: p)) << 32 | UInt64(UInt32(bitPattern: u))) : -1
          } else {
            // The prefix occurs once in the candidate: compare the one token
            // that follows it there (-1 on a mismatch), without a branch.
            let d = prefix.extensionToken ^ u
            id = prefix.extensionID | ((d | (0 &- d)) >> 31)
          }
          level[Int(j)] = id
          active[kept] = j
          kept &+= id >= 0 ? 1 : 0
        }
        activeCount = kept
      }
      // Count the matching n-grams, branch-free.
      var clippedGain = 0
      var ownMatches = 0
      for a in 0..<activeCount {
        let k = Int(level[Int(active[a])])
        let c = info[k].refCount &+ 1
        info[k].refCount = c
        touch[touchedCount] = Int32(truncatingIfNeeded: k)
        touchedCount &+= c == 1 ? 1 : 0
        let cand = info[k].count
        ownMatches &+= c <= cand ? 1 : 0
        let m = info[k].maxRef
        clippedGain &+= (c > m && m < cand) ? 1 : 0
        info[k].maxRef = max(m, c)
      }
      clipped[n - 1] += clippedGain
      perReference?[n - 1] = ownMatches
    }
    for t in 0..<touchedCount { info[Int(touch[t])].refCount = 0 }
  }

}
