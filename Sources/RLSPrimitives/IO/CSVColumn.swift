/// One column of a parsed CSV table, typed as `CSVTable.columns()` infers it.
public enum CSVColumn: Equatable, Sendable {
  /// Every non-empty cell is a number; empty cells are NaN.
  case numeric([Double])
  /// Any other column: the cells as they were written.
  case text([String])
}
