/// One column to be written by `CSV.format`.
public enum CSVColumnOut: Equatable, Sendable {
  /// Numbers, written in shortest round-trip form (`3`, `0.1`, `NaN`, `inf`).
  case numeric([Double])
  /// Text cells, quoted when they contain a comma, a quote, CR or LF.
  case text([String])
  /// Cells of mixed kinds.
  case cells([CSVCell])

  /// The number of cells.
  public var count: Int {
    switch self {
    case .numeric(let values): return values.count
    case .text(let values): return values.count
    case .cells(let values): return values.count
    }
  }

  /// The cell at `row`, as CSV text before quoting.
  func field(_ row: Int) -> String {
    switch self {
    case .numeric(let values): return CSVNumber.format(values[row])
    case .text(let values): return values[row]
    case .cells(let values):
      switch values[row] {
      case .number(let number): return CSVNumber.format(number)
      case .text(let text): return text
      case .empty: return ""
      }
    }
  }
}
