/// Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates,
/// nothing above U+10FFFF).
enum UTF8Validation {
  /// The byte offset of the first byte that does not start a valid UTF-8
  /// sequence, or `nil` when all of `bytes` is valid.
  static func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
    var index = 0
    let count = bytes.count
    while index < count {
      let lead = bytes[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      // The sequence length and the allowed range of the second byte.
      let (length, low, high): (Int, UInt8, UInt8)
      switch lead {
      case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
      case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
      case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
      case 0xED: (length, low, high) = (3, 0x80, 0x9F)  // no surrogates
      case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
      case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
      case 0xF4: (length, low, high) = (4, 0x80, 0x8F)  // up to U+10FFFF
      default: return index
      }
      guard index + length <= count, bytes[index + 1] >= low, bytes[index + 1] <= high else {
        return index
      }
      for next in (index + 2)..<(index + length) where bytes[next] & 0xC0 != 0x80 {
        return index
      }
      index += length
    }
    return nil
  }
}
