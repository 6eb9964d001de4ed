/// Reading and writing comma-separated values (RFC 4180).
public enum CSV {
  /// Parses CSV text whose first row is the header.
  ///
  /// See `CSVReader` for the syntax: quoted fields may hold commas, line
  /// breaks and doubled quotes; LF, CRLF and CR end lines; a byte-order mark
  /// is skipped; empty lines are skipped.
  ///
  /// - Parameter path: names the source in error messages.
  /// - Throws: `CSVError` with the line and column, for an unterminated quote
  ///   (where it opened), a quote inside an unquoted field, text after a
  ///   closing quote, a row whose field count differs from the header's
  ///   (`row 7 has 3 fields but the header has 4`; rows count from 1 after the
  ///   header), a repeated column name, or text without a header row.
  public static func parse(_ text: String, path: String = "<string>") throws -> CSVTable {
    var text = text
    return try text.withUTF8 { bytes in
      var reader = CSVReader(bytes, path: path)
      guard let header = try reader.next() else {
        throw reader.error("empty input: there is no header row", at: reader.place)
      }
      try checkNames(header, reader)
      var rows: [[String]] = []
      while let record = try reader.next() {
        try checkWidth(record, row: rows.count + 1, header: header.fields.count, reader)
        rows.append(record.fields)
      }
      return CSVTable(header: header.fields, rows: rows)
    }
  }

  /// Writes columns as CSV text: the header line, then one line per row, each
  /// ending with LF.
  ///
  /// Numbers are written in shortest round-trip form with whole numbers
  /// bare (`3`, `0.1`, `1e-05`, `1e+20`), NaN as `NaN`, infinities as `inf` and
  /// `-inf` (so `CSV.parse` and pandas read them back). A field is quoted when
  /// it contains a comma, a quote, CR or LF (quotes doubled), and when it is
  /// the only, empty, field of its line.
  ///
  /// - Throws: `CSVError` when there are no columns, when the names and
  ///   columns differ in number, when a name repeats, or when the columns
  ///   differ in length (`column 'b' has 3 values but column 'a' has 4`).
  public static func format(header: [String], columns: [CSVColumnOut]) throws -> String {
    guard !header.isEmpty else { throw CSVError("cannot write a CSV table with no columns") }
    guard header.count == columns.count else {
      throw CSVError("\(header.count) column names but \(columns.count) columns")
    }
    var seen: Set<String> = []
    for name in header where !seen.insert(name).inserted {
      throw CSVError("duplicate column name '\(name)'")
    }
    let rowCount = columns[0].count
    for (name, column) in zip(header, columns) where column.count != rowCount {
      throw CSVError(
        "column '\(name)' has \(column.count) values but column '\(header[0])' has \(rowCount)")
    }
    var out = ""
    appendLine(header, to: &out)
    for row in 0..<rowCount {
      appendLine(columns.map { $0.field(row) }, to: &out)
    }
    return out
  }

  /// Fails on a repeated column name, pointing at its second use.
  private static func checkNames(_ header: CSVReader.Record, _ reader: CSVReader) throws {
    var first: [String: Int] = [:]
    for (index, name) in header.fields.enumerated() {
      if let earlier = first[name] {
        throw reader.error(
          "duplicate column name '\(name)' (columns \(earlier + 1) and \(index + 1))",
          at: header.starts[index])
      }
      first[name] = index
    }
  }

  /// Fails on a data row with the wrong number of fields, pointing at the
  /// first extra field or at the start of a short row.
  private static func checkWidth(
    _ record: CSVReader.Record, row: Int, header: Int, _ reader: CSVReader
  ) throws {
    let count = record.fields.count
    guard count != header else { return }
    let place = count > header ? record.starts[header] : record.starts[0]
    throw reader.error(
      "row \(row) has \(count) field\(count == 1 ? "" : "s") but the header has \(header)",
      at: place)
  }

  /// Appends one line of fields, quoted where needed.
  private static func appendLine(_ fields: [String], to out: inout String) {
    if fields.count == 1, fields[0].isEmpty {
      out += "\"\"\n"
      return
    }
    for (index, field) in fields.enumerated() {
      if index > 0 { out += "," }
      if field.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 13 || $0 == 10 }) {
        out += "\"" + field.replacing("\"", with: "\"\"") + "\""
      } else {
        out += field
      }
    }
    out += "\n"
  }
}
