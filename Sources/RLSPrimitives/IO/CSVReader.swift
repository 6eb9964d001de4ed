/// Splits CSV text (RFC 4180) into records of fields, tracking lines and
/// columns for error messages.
///
/// Fields are separated by commas; a field may be enclosed in double quotes,
/// and then may contain commas, line breaks and doubled quotes (`""` is one
/// `"`). Lines end with LF, CRLF or CR. A leading UTF-8 byte-order mark is
/// skipped. Empty lines are skipped (a one-column file writes an empty cell
/// as `""`), so a trailing line break makes no extra row.
struct CSVReader {
  /// A place in the text: its line, the offset where that line starts, and the
  /// byte offset itself (the column is computed only when an error needs it).
  struct Place {
    let line: Int
    let lineStart: Int
    let offset: Int
  }

  /// One record: its fields and where each field starts.
  struct Record {
    var fields: [String] = []
    var starts: [Place] = []
  }

  private let bytes: UnsafeBufferPointer<UInt8>
  private let path: String
  private var offset = 0
  private var line = 1
  private var lineStart = 0

  private static let comma = UInt8(ascii: ",")
  private static let quote = UInt8(ascii: "\"")
  private static let lf = UInt8(ascii: "\n")
  private static let cr = UInt8(ascii: "\r")

  /// A reader of the UTF-8 text `bytes`, which came from `path`.
  init(_ bytes: UnsafeBufferPointer<UInt8>, path: String) {
    self.bytes = bytes
    self.path = path
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      offset = 3
      lineStart = 3
    }
  }

  /// The current place.
  var place: Place { Place(line: line, lineStart: lineStart, offset: offset) }

  /// An error at `place`.
  func error(_ message: String, at place: Place) -> CSVError {
    var column = 1
    var index = place.lineStart
    while index < place.offset {
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return CSVError(message, path: path, line: place.line, column: column)
  }

  /// The next record, or `nil` at the end of the text.
  mutating func next() throws -> Record? {
    while offset < bytes.count, bytes[offset] == Self.lf || bytes[offset] == Self.cr {
      skipLineBreak()
    }
    guard offset < bytes.count else { return nil }
    var record = Record()
    while true {
      record.starts.append(place)
      record.fields.append(
        offset < bytes.count && bytes[offset] == Self.quote ? try quotedField() : try plainField())
      guard offset < bytes.count else { return record }
      if bytes[offset] == Self.comma {
        offset += 1
      } else {
        skipLineBreak()
        return record
      }
    }
  }

  /// A field without quotes, up to a comma, a line break or the end.
  private mutating func plainField() throws -> String {
    let start = offset
    while offset < bytes.count {
      let byte = bytes[offset]
      if byte == Self.comma || byte == Self.lf || byte == Self.cr { break }
      if byte == Self.quote {
        throw error(
          "quote inside an unquoted field (enclose the field in quotes and double the quote)",
          at: place)
      }
      offset += 1
    }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
  }

  /// A field in quotes, which must be followed by a comma, a line break or the end.
  private mutating func quotedField() throws -> String {
    let opening = place
    offset += 1
    var content: [UInt8] = []
    while true {
      guard offset < bytes.count else {
        throw error("unterminated quoted field (the quote opening it is here)", at: opening)
      }
      let byte = bytes[offset]
      if byte == Self.quote {
        if offset + 1 < bytes.count, bytes[offset + 1] == Self.quote {
          content.append(Self.quote)
          offset += 2
          continue
        }
        offset += 1
        break
      }
      content.append(byte)
      if byte == Self.lf
        || (byte == Self.cr && !(offset + 1 < bytes.count && bytes[offset + 1] == Self.lf))
      {
        offset += 1
        line += 1
        lineStart = offset
      } else {
        offset += 1
      }
    }
    if offset < bytes.count {
      let byte = bytes[offset]
      guard byte == Self.comma || byte == Self.lf || byte == Self.cr else {
        throw error("expected a comma or the end of the line after a closing quote", at: place)
      }
    }
    return String(decoding: content, as: UTF8.self)
  }

  /// Skips one line break (LF, CRLF or CR) at the current offset.
  private mutating func skipLineBreak() {
    if bytes[offset] == Self.cr, offset + 1 < bytes.count, bytes[offset + 1] == Self.lf {
      offset += 1
    }
    offset += 1
    line += 1
    lineStart = offset
  }
}
