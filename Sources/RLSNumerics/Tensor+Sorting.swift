/// numpy's sort order: ascending, with `NaN`s last.
@inline(__always)
func sortsBefore(_ x: Double, _ y: Double) -> Bool {
  x < y || (y.isNaN && !x.isNaN)
}

extension Tensor {
  /// The elements in ascending order, `NaN`s last (numpy `sort`); a matrix
  /// has each row sorted (numpy's default last axis).
  public func sort() -> Tensor {
    var out = self
    let c = rank == 1 ? count : cols
    if c == 0 { return out }
    out.storage.withUnsafeMutableBufferPointer { p in
      var start = 0
      while start < p.count {
        var lane = UnsafeMutableBufferPointer(rebasing: p[start..<(start + c)])
        lane.sort(by: sortsBefore)
        start += c
      }
    }
    return out
  }

  /// The indices (as numbers) that sort the elements, stable (equal elements
  /// keep their order) with `NaN`s last (numpy `argsort(kind="stable")`); a
  /// matrix gives each row's sorting indices.
  public func argsort() -> Tensor {
    let c = rank == 1 ? count : cols
    if c == 0 { return self }
    var index = [Int](repeating: 0, count: c)
    return withBase { p in
      makeSameShape { out in
        var start = 0
        while start < out.count {
          for j in 0..<c { index[j] = j }
          let row = p + start
          index.sort { i, j in
            let x = row[i]
            let y = row[j]
            if sortsBefore(x, y) { return true }
            if sortsBefore(y, x) { return false }
            return i < j
          }
          for j in 0..<c { out[start + j] = Double(index[j]) }
          start += c
        }
      }
    }
  }
}
