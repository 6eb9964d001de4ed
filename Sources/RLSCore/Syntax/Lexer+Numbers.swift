/// Number literals: `12`, `3.5`, `1e-3`, `2.5E+10`, `0x1F`, `1_000_000`.
/// Every number is a Double; too-large literals become infinity.
extension Lexer {
  /// Lexes a number starting with a decimal digit at `i`.
  mutating func lexNumber() {
    let start = i
    let startCol = col
    let n = bytes.count
    var value: Double
    if bytes[i] == UInt8(ascii: "0"), i + 1 < n, bytes[i + 1] | 0x20 == UInt8(ascii: "x") {
      i += 2
      var digits = 0
      value = 0
      while i < n {
        if let d = Lexer.hexValue(bytes[i]) {
          value = value * 16 + Double(d)
          digits += 1
          i += 1
        } else if bytes[i] == UInt8(ascii: "_"), digits > 0, i + 1 < n, Lexer.hexValue(bytes[i + 1]) != nil {
          i += 1
        } else {
          break
        }
      }
      col += i - start
      if digits == 0 {
        invalidNumber(start: start, startCol: startCol, reason: "hex literal needs digits after '0x'")
        return
      }
    } else {
      var text: [UInt8] = []
      scanDigits(into: &text)
      if i + 1 < n, bytes[i] == UInt8(ascii: "."), Lexer.isDigit(bytes[i + 1]) {
        text.append(bytes[i])
        i += 1
        scanDigits(into: &text)
      }
      if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
        var j = i + 1
        if j < n, bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-") { j += 1 }
        if j < n, Lexer.isDigit(bytes[j]) {
          text.append(contentsOf: bytes[i..<j])
          i = j
          scanDigits(into: &text)
        }
      }
      col += i - start
      value = Double(String(decoding: text, as: UTF8.self)) ?? .nan
    }
    // A number must not run into a name: `2x`, `1e`, `0x1G`, `1__0`.
    if i < n, Lexer.isNameByte(bytes[i]) || (bytes[i] >= 0x80 && startsNameContinuation(at: i)) {
      skipNameCharacters()
      invalidNumber(start: start, startCol: startCol, reason: nil)
      return
    }
    let lexeme = String(decoding: bytes[start..<i], as: UTF8.self)
    emit(.number, line: line, column: startCol, text: lexeme, number: value)
  }

  /// Appends decimal digits at `i` to `text`, skipping single `_` separators
  /// that sit between two digits.
  mutating func scanDigits(into text: inout [UInt8]) {
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if Lexer.isDigit(b) {
        text.append(b)
        i += 1
      } else if b == UInt8(ascii: "_"), !text.isEmpty, i + 1 < n, Lexer.isDigit(bytes[i + 1]) {
        i += 1
      } else {
        return
      }
    }
  }

  /// True when the scalar at `index` can continue a name.
  func startsNameContinuation(at index: Int) -> Bool {
    guard let (scalar, _) = decodeScalar(at: index) else { return false }
    return scalar.properties.isXIDContinue
  }

  /// Advances over name characters (updating the column).
  mutating func skipNameCharacters() {
    let n = bytes.count
    while i < n {
      if Lexer.isNameByte(bytes[i]) {
        i += 1
        col += 1
      } else if bytes[i] >= 0x80, let (scalar, length) = decodeScalar(at: i), scalar.properties.isXIDContinue {
        i += length
        col += 1
      } else {
        return
      }
    }
  }

  /// Reports the text from `start` to `i` as an invalid number and emits an
  /// `.error` token for it.
  mutating func invalidNumber(start: Int, startCol: Int, reason: String?) {
    let lexeme = String(decoding: bytes[start..<i], as: UTF8.self)
    let message = "invalid number '\(lexeme)'" + (reason.map { ": \($0)" } ?? "")
    report(message, line: line, column: startCol, length: col - startCol)
    emit(.error, line: line, column: startCol, text: lexeme)
  }

  /// True for ASCII decimal digits.
  static func isDigit(_ b: UInt8) -> Bool {
    b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
  }
}
