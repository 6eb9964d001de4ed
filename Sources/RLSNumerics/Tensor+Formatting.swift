extension Tensor: CustomStringConvertible {
  /// Tensors with more elements than this print summarised (numpy's threshold).
  public static let summaryThreshold = 1000
  /// How many leading and trailing items per axis a summarised tensor shows.
  public static let summaryEdgeItems = 3

  /// numpy-like text with RLScript's number formatting (`formatNumber`):
  /// `tensor([1, 2.5, 3])`; a matrix one row per line with right-aligned
  /// columns, every element padded to the widest shown:
  /// ```
  /// tensor([[  1, 2.5],
  ///         [  3,   4]])
  /// ```
  /// Beyond `summaryThreshold` elements, each axis longer than twice
  /// `summaryEdgeItems` shows only its first and last 3 items around `...`.
  /// Empty: `tensor([])`, or `tensor([], shape: [0, 3])` for a matrix.
  public var description: String {
    if count == 0 {
      return rank == 1 ? "tensor([])" : "tensor([], shape: \(describe(shape)))"
    }
    let summarise = count > Tensor.summaryThreshold
    if rank == 1 {
      let items = Tensor.shownIndices(rows, summarise).map { i in
        i.map { formatNumber(storage[$0]) } ?? "..."
      }
      return "tensor([" + items.joined(separator: ", ") + "])"
    }
    let rowIndices = Tensor.shownIndices(rows, summarise)
    let colIndices = Tensor.shownIndices(cols, summarise)
    var cells: [[String]?] = []
    var width = 0
    for i in rowIndices {
      guard let i else {
        cells.append(nil)
        continue
      }
      let row = colIndices.map { j in j.map { formatNumber(storage[i * cols + $0]) } }
      for case let s? in row { width = Swift.max(width, s.count) }
      cells.append(row.map { $0 ?? "..." })
    }
    let lines = cells.map { row -> String in
      guard let row else { return "..." }
      let padded = row.map { s in
        s == "..." ? s : String(repeating: " ", count: width - s.count) + s
      }
      return "[" + padded.joined(separator: ", ") + "]"
    }
    return "tensor([" + lines.joined(separator: ",\n        ") + "])"
  }

  /// The indices shown along an axis of length `n`; nil marks the `...`.
  private static func shownIndices(_ n: Int, _ summarise: Bool) -> [Int?] {
    let e = summaryEdgeItems
    if summarise && n > 2 * e {
      return Array(0..<e) + [nil] + Array((n - e)..<n)
    }
    return Array(0..<n)
  }
}
