/// Sequences of integer token ids stored back to back: sequence `i` is
/// `ids[offsets[i]..<offsets[i + 1]]`. One allocation for a whole batch, so
/// the BLEU kernels never allocate per sentence.
public struct TokenSequences: Sendable, Equatable {
  /// All ids, sequence after sequence.
  public private(set) var ids: [Int]
  /// Where each sequence starts in `ids`, plus the end (`count + 1` entries).
  public private(set) var offsets: [Int]
  /// The smallest and largest id (0 and -1 when there are none).
  public private(set) var minID = 0
  public private(set) var maxID = -1

  /// No sequences.
  public init() {
    ids = []
    offsets = [0]
  }

  /// The given sequences.
  public init(_ sequences: [[Int]]) {
    self.init()
    for s in sequences { append(s) }
  }

  /// The number of sequences.
  public var count: Int { offsets.count - 1 }

  /// The length of sequence `i` (which must be in range).
  @inline(__always)
  public func length(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }

  /// Sequence `i` as an array (for tests and small inputs).
  public func sequence(_ i: Int) -> [Int] { Array(ids[offsets[i]..<offsets[i + 1]]) }

  /// Reserves room for `sequences` more sequences of `ids` more ids in total
  /// (appending grows the storage geometrically anyway; this saves the
  /// copies when the sizes are known).
  public mutating func reserve(sequences: Int, ids n: Int) {
    ids.reserveCapacity(ids.count + n)
    offsets.reserveCapacity(offsets.count + sequences)
  }

  /// Appends one sequence.
  public mutating func append<S: Sequence>(_ sequence: S) where S.Element == Int {
    let start = ids.count
    ids.append(contentsOf: sequence)
    for i in start..<ids.count { note(ids[i]) }
    offsets.append(ids.count)
  }

  @inline(__always)
  private mutating func note(_ id: Int) {
    if maxID < minID {
      minID = id
      maxID = id
    } else {
      if id < minID { minID = id }
      if id > maxID { maxID = id }
    }
  }

  /// Appends one sequence given as numbers, each of which must be an integer
  /// (`what` names the sequence in the error, e.g. `cands[3]`).
  public mutating func append(numbers: UnsafeBufferPointer<Double>, what: String) throws {
    let n = numbers.count
    let start = ids.count
    ids.append(contentsOf: repeatElement(0, count: n))
    var lo = maxID < minID ? Int.max : minID
    var hi = maxID < minID ? Int.min : maxID
    let bad: Int? = ids.withUnsafeMutableBufferPointer { p in
      for j in 0..<n {
        guard let id = TokenSequences.tokenID(numbers[j]) else { return j }
        p[start + j] = id
        lo = Swift.min(lo, id)
        hi = Swift.max(hi, id)
      }
      return nil
    }
    if let j = bad {
      ids.removeLast(n)
      throw MetricError("\(what)[\(j)] is not an integer token id: \(describe(numbers[j]))")
    }
    if n > 0 {
      minID = lo
      maxID = hi
    }
    offsets.append(ids.count)
  }

  /// Appends one sequence from a number source: `number(j)` gives the `j`th
  /// element or nil when it is not a number (`what` names the sequence).
  public mutating func append(count: Int, what: String, _ number: (Int) -> Double?) throws {
    for j in 0..<count {
      guard let x = number(j), let id = TokenSequences.tokenID(x) else {
        let shown = number(j).map(describe) ?? "not a number"
        throw MetricError("\(what)[\(j)] is not an integer token id: \(shown)")
      }
      note(id)
      ids.append(id)
    }
    offsets.append(ids.count)
  }

  /// The number of distinct values a dense table indexed by id needs
  /// (`maxID + 1`), or nil when some id is negative or the range is too
  /// large for one (then the matchers hash the ids instead).
  var denseRange: Int? {
    if maxID < minID { return 0 }
    guard minID >= 0, maxID < NGramMatcher.denseLimit else { return nil }
    return maxID + 1
  }

  /// `x` as a token id when it is an integer of magnitude below 2⁶³.
  @inline(__always)
  static func tokenID(_ x: Double) -> Int? {
    // The usual case, a whole number in [0, 2⁵²): adding 2⁵² leaves its
    // value in the low mantissa bits (no call to trunc, no trap check).
    let t = x + 0x1p52
    if x >= 0 && x < 0x1p52 && t - 0x1p52 == x {
      return Int(bitPattern: UInt(t.bitPattern)) &- Int(bitPattern: UInt((0x1p52 as Double).bitPattern))
    }
    guard x == x.rounded(.towardZero), Swift.abs(x) < 9.2e18 else { return nil }
    return Int(x)
  }

  /// Calls `body` with sequence `i` (which must be in range) as a buffer.
  @inline(__always)
  func withSequence<R>(_ i: Int, _ body: (UnsafeBufferPointer<Int>) throws -> R) rethrows -> R {
    try ids.withUnsafeBufferPointer { p in
      try body(UnsafeBufferPointer(rebasing: p[offsets[i]..<offsets[i + 1]]))
    }
  }
}

/// The references of each candidate: candidate `i` has the reference
/// sequences `groupOffsets[i]..<groupOffsets[i + 1]` of `sequences`.
public struct ReferenceSets: Sendable, Equatable {
  /// All references, candidate after candidate.
  public private(set) var sequences: TokenSequences
  /// Where each candidate's references start, plus the end.
  public private(set) var groupOffsets: [Int]

  /// No candidates.
  public init() {
    sequences = TokenSequences()
    groupOffsets = [0]
  }

  /// The given reference lists, one per candidate.
  public init(_ groups: [[[Int]]]) {
    self.init()
    for g in groups {
      for r in g { sequences.append(r) }
      closeGroup()
    }
  }

  /// One reference per candidate.
  public init(single: TokenSequences) {
    sequences = single
    groupOffsets = Array(0...single.count)
  }

  /// The number of candidates covered.
  public var count: Int { groupOffsets.count - 1 }

  /// The number of references of candidate `i`.
  public func groupSize(_ i: Int) -> Int { groupOffsets[i + 1] - groupOffsets[i] }

  /// Appends a reference to the group being built.
  public mutating func append<S: Sequence>(_ reference: S) where S.Element == Int {
    sequences.append(reference)
  }

  /// Appends a reference given as numbers (see `TokenSequences.append(numbers:what:)`).
  public mutating func append(numbers: UnsafeBufferPointer<Double>, what: String) throws {
    try sequences.append(numbers: numbers, what: what)
  }

  /// Appends a reference from a number source (see `TokenSequences.append(count:what:_:)`).
  public mutating func append(count: Int, what: String, _ number: (Int) -> Double?) throws {
    try sequences.append(count: count, what: what, number)
  }

  /// Reserves room (see `TokenSequences.reserve`).
  public mutating func reserve(candidates: Int, references: Int, ids: Int) {
    sequences.reserve(sequences: references, ids: ids)
    groupOffsets.reserveCapacity(groupOffsets.count + candidates)
  }

  /// Ends the current candidate's group of references.
  public mutating func closeGroup() {
    groupOffsets.append(sequences.count)
  }
}
