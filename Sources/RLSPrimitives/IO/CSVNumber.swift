/// How CSV cells are read as numbers and how numbers are written into cells.
enum CSVNumber {
  /// The number a cell holds, or `nil` when it holds something else (or
  /// nothing). Accepted, with optional spaces or tabs around: an optional sign
  /// then digits with an optional fraction (`12`, `1.`, `.5`, `+3.25`) and an
  /// optional exponent (`1e-3`, `2E+08`), or `nan`, `inf`, `infinity` in any
  /// letter case (`NaN`, `-inf`, `Infinity`). Hexadecimal, digit separators
  /// and other NA spellings are text.
  static func parse(_ cell: String) -> Double? {
    let bytes = Array(trimmed(cell))
    var index = 0
    if index < bytes.count, bytes[index] == plus || bytes[index] == minus { index += 1 }
    let negative = bytes.first == minus
    if bytes.count - index == 3 || bytes.count - index == 8 {
      switch lowercased(bytes[index...]) {
      case "nan": return .nan
      case "inf", "infinity": return negative ? -.infinity : .infinity
      default: break
      }
    }
    let integerDigits = digitRun(bytes, &index)
    var fractionDigits = 0
    if index < bytes.count, bytes[index] == dot {
      index += 1
      fractionDigits = digitRun(bytes, &index)
    }
    guard integerDigits + fractionDigits > 0 else { return nil }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == plus || bytes[index] == minus { index += 1 }
      guard digitRun(bytes, &index) > 0 else { return nil }
    }
    guard index == bytes.count else { return nil }
    return Double(String(decoding: bytes, as: UTF8.self))
  }

  /// Whether a cell is empty or holds only spaces and tabs.
  static func isBlank(_ cell: String) -> Bool {
    cell.utf8.allSatisfy(isSpace)
  }

  /// A number as a cell: shortest round-trip form, whole numbers without a
  /// fraction (`3`, `-0`, `1e+20`), `NaN`, `inf` and `-inf` (pandas' spelling).
  static func format(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let text = "\(value)"
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }

  private static let plus = UInt8(ascii: "+")
  private static let minus = UInt8(ascii: "-")
  private static let dot = UInt8(ascii: ".")

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
  }

  /// The cell's UTF-8 bytes without surrounding spaces and tabs.
  private static func trimmed(_ cell: String) -> ArraySlice<UInt8> {
    let bytes = Array(cell.utf8)[...]
    guard let first = bytes.firstIndex(where: { !isSpace($0) }),
      let last = bytes.lastIndex(where: { !isSpace($0) })
    else { return [] }
    return bytes[first...last]
  }

  /// The bytes as lower-case ASCII text.
  private static func lowercased(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
  }

  /// Skips the decimal digits at `index` and returns how many there were.
  private static func digitRun(_ bytes: [UInt8], _ index: inout Int) -> Int {
    let start = index
    while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
      index += 1
    }
    return index - start
  }
}
