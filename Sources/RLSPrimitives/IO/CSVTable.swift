/// A parsed CSV file: the header row and the data rows, as text.
///
/// Every row has as many fields as the header (`CSV.parse` checks this).
public struct CSVTable: Equatable, Sendable {
  /// The column names, from the first row.
  public var header: [String]
  /// The data rows, each with `header.count` fields.
  public var rows: [[String]]

  /// A table with the given header and rows.
  public init(header: [String], rows: [[String]]) {
    self.header = header
    self.rows = rows
  }

  /// The columns in header order, each typed: `.numeric` when every non-empty
  /// cell is a number (`1`, `-2.5e3`, ` 7 `, `nan`, `inf`, `-Infinity`, ...; see
  /// `CSVNumber.parse`) and at least one cell is non-empty, with empty cells
  /// (or cells of only spaces) as NaN, as pandas reads them; otherwise `.text`.
  public func columns() -> [(name: String, column: CSVColumn)] {
    header.indices.map { index in
      (header[index], Self.column(rows.map { $0.indices.contains(index) ? $0[index] : "" }))
    }
  }

  /// The typed form of one column's cells.
  private static func column(_ cells: [String]) -> CSVColumn {
    var numbers: [Double] = []
    numbers.reserveCapacity(cells.count)
    var sawValue = false
    for cell in cells {
      if let number = CSVNumber.parse(cell) {
        numbers.append(number)
        sawValue = true
      } else if CSVNumber.isBlank(cell) {
        numbers.append(.nan)
      } else {
        return .text(cells)
      }
    }
    return sawValue ? .numeric(numbers) : .text(cells)
  }
}
