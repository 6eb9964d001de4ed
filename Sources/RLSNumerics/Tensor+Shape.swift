extension Tensor {
  /// The transpose of a matrix (`[r, c]` → `[c, r]`); a vector is returned
  /// unchanged.
  public func transposed() -> Tensor {
    if rank == 1 { return self }
    let r = rows
    let c = cols
    return storage.withUnsafeBufferPointer { src in
      Tensor.make(rank: 2, rows: c, cols: r) { dst in
        guard let s = src.baseAddress, let d = dst.baseAddress else { return }
        Tensor.transpose(s, rows: r, cols: c, into: d)
      }
    }
  }

  /// Writes the transpose of the row-major `rows×cols` matrix at `src` into
  /// `dst` (`cols×rows`), in cache-sized tiles.
  static func transpose(
    _ src: UnsafePointer<Double>, rows r: Int, cols c: Int, into dst: UnsafeMutablePointer<Double>
  ) {
    let tile = 32
    var i0 = 0
    while i0 < r {
      let i1 = Swift.min(i0 + tile, r)
      var j0 = 0
      while j0 < c {
        let j1 = Swift.min(j0 + tile, c)
        for i in i0..<i1 {
          for j in j0..<j1 { dst[j * r + i] = src[i * c + j] }
        }
        j0 = j1
      }
      i0 = i1
    }
  }

  /// The same elements (row-major order) in a new shape. One dimension may
  /// be `-1`, meaning "whatever makes the sizes agree". Throws if the sizes
  /// differ or the shape is invalid.
  public func reshaped(_ newShape: [Int]) throws -> Tensor {
    var shape = newShape
    let unknown = shape.indices.filter { shape[$0] == -1 }
    guard shape.count == 1 || shape.count == 2 else {
      throw TensorError(
        "a tensor has rank 1 or 2, but shape \(describe(shape)) has rank \(shape.count)")
    }
    if unknown.count > 1 {
      throw TensorError("reshape: only one dimension can be -1, got \(describe(newShape))")
    }
    if let u = unknown.first {
      let known = shape.enumerated().filter { $0.offset != u }.map(\.element)
      for d in known where d < 0 {
        throw TensorError("shape \(describe(newShape)) has a negative dimension \(d)")
      }
      let other = known.first ?? 1  // rank ≤ 2: at most one known dimension
      guard other != 0, count % other == 0 else {
        throw TensorError(
          "cannot reshape a tensor of shape \(describe(self.shape)) (\(count) elements)"
            + " into shape \(describe(newShape))")
      }
      shape[u] = count / other
    }
    let n = try Tensor.elementCount(shape)
    guard n == count else {
      throw TensorError(
        "cannot reshape a tensor of shape \(describe(self.shape)) (\(count) elements)"
          + " into shape \(describe(newShape))")
    }
    let d = Tensor.dims(shape)
    return Tensor(uncheckedRank: d.rank, rows: d.rows, cols: d.cols, storage: storage)
  }

  /// All elements as a vector, in row-major order.
  public func flattened() -> Tensor {
    Tensor(uncheckedRank: 1, rows: count, cols: 1, storage: storage)
  }

  /// Joins tensors along an existing axis, like `numpy.concatenate`: vectors
  /// along axis 0 (or -1); matrices along axis 0 (stacking rows; columns
  /// must agree) or axis 1 (side by side; rows must agree). All parts must
  /// have the same rank. Throws on an empty list, mixed ranks, a bad axis or
  /// mismatched sizes.
  public static func concat(_ parts: [Tensor], axis: Int = 0) throws -> Tensor {
    guard let first = parts.first else { throw TensorError("concat: no tensors given") }
    let rank = first.rank
    for (i, p) in parts.enumerated() where p.rank != rank {
      throw TensorError(
        "concat: part \(i) has shape \(describe(p.shape)), but part 0 has rank \(rank)")
    }
    let ax = try first.normalizedAxis(axis, "concat")
    if rank == 1 {
      let total = parts.reduce(0) { $0 + $1.count }
      _ = try elementCount([total])
      var storage: [Double] = []
      storage.reserveCapacity(total)
      for p in parts { storage.append(contentsOf: p.storage) }
      return Tensor(vector: storage)
    }
    if ax == 0 {
      let c = first.cols
      for (i, p) in parts.enumerated() where p.cols != c {
        throw TensorError(
          "concat along axis 0: part \(i) has shape \(describe(p.shape)), but part 0 has"
            + " \(c) columns")
      }
      let r = parts.reduce(0) { $0 + $1.rows }
      _ = try elementCount([r, c])
      var storage: [Double] = []
      storage.reserveCapacity(r * c)
      for p in parts { storage.append(contentsOf: p.storage) }
      return Tensor(uncheckedRank: 2, rows: r, cols: c, storage: storage)
    }
    let r = first.rows
    for (i, p) in parts.enumerated() where p.rows != r {
      throw TensorError(
        "concat along axis 1: part \(i) has shape \(describe(p.shape)), but part 0 has"
          + " \(r) rows")
    }
    let c = parts.reduce(0) { $0 + $1.cols }
    _ = try elementCount([r, c])
    var storage = [Double](repeating: 0, count: r * c)
    storage.withUnsafeMutableBufferPointer { dst in
      var offset = 0
      for p in parts {
        let pc = p.cols
        p.storage.withUnsafeBufferPointer { src in
          for i in 0..<r {
            for j in 0..<pc { dst[i * c + offset + j] = src[i * pc + j] }
          }
        }
        offset += pc
      }
    }
    return Tensor(uncheckedRank: 2, rows: r, cols: c, storage: storage)
  }

  /// A matrix whose rows are the given vectors (all of the same length),
  /// like `numpy.stack(rows)`. Throws on an empty list, a non-vector or
  /// mismatched lengths.
  public static func stack(rows parts: [Tensor]) throws -> Tensor {
    guard let first = parts.first else { throw TensorError("stack: no tensors given") }
    let n = first.count
    for (i, p) in parts.enumerated() {
      guard p.rank == 1 else {
        throw TensorError("stack: part \(i) has shape \(describe(p.shape)); expected a vector")
      }
      guard p.count == n else {
        throw TensorError("stack: part \(i) has \(p.count) elements, but part 0 has \(n)")
      }
    }
    _ = try elementCount([parts.count, n])
    var storage: [Double] = []
    storage.reserveCapacity(parts.count * n)
    for p in parts { storage.append(contentsOf: p.storage) }
    return Tensor(uncheckedRank: 2, rows: parts.count, cols: n, storage: storage)
  }

  /// Resolves an axis argument: 0 or 1 (also -2 or -1) for a matrix, 0 or -1
  /// for a vector; returns 0 or 1. Throws on anything else, naming `op`.
  func normalizedAxis(_ axis: Int, _ op: String) throws -> Int {
    if axis >= -rank && axis < rank { return axis < 0 ? axis + rank : axis }
    let allowed = rank == 1 ? "0 or -1" : "0, 1, -1 or -2"
    throw TensorError(
      "\(op): axis \(axis) is out of range for a tensor of rank \(rank) (use \(allowed))")
  }
}
