/// One cell of a column to be written as CSV, when a column mixes kinds.
public enum CSVCell: Equatable, Sendable {
  /// A number, written in shortest round-trip form (see `CSV.format`).
  case number(Double)
  /// Text, quoted when it needs to be.
  case text(String)
  /// An empty cell.
  case empty
}
