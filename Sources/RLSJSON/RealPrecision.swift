import Glibc

/// Chooses the `%.Ng` precision jansson prints reals with.
///
/// jansson prints every real with one `printf` precision (17 by default, so
/// 0.1 prints as 0.10000000000000001). The smallest precision that still reads
/// back every real of a document exactly is the largest number of significant
/// digits their shortest round-trip forms need; it is checked against `strtod`
/// and raised if some value at a binary-exponent boundary needs more.
enum RealPrecision {
  /// The `%.Ng` precision (1...17) at which every value in `reals` (finite
  /// doubles) round-trips.
  static func forReals(_ reals: [Double]) -> Int {
    var precision = 1
    for value in reals { precision = max(precision, significantDigits(of: value)) }
    while precision < 17, !reals.allSatisfy({ roundTrips($0, precision: precision) }) {
      precision += 1
    }
    return precision
  }

  /// The number of significant digits in Swift's shortest round-trip form of
  /// `value` (finite), e.g. 1 for `0.1` and `1e+20`, 4 for `-12.75`.
  static func significantDigits(of value: Double) -> Int {
    let mantissa = "\(value)".utf8.prefix { $0 != UInt8(ascii: "e") }
    let digits = mantissa.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    let leading = digits.prefix { $0 == UInt8(ascii: "0") }.count
    let trailing = digits.reversed().prefix { $0 == UInt8(ascii: "0") }.count
    return max(1, digits.count - leading - trailing)
  }

  /// Whether `%.<precision>g` of `value` reads back as `value`.
  static func roundTrips(_ value: Double, precision: Int) -> Bool {
    var buffer = [CChar](repeating: 0, count: 40)
    let length = withVaList([Int32(precision), value]) { arguments in
      buffer.withUnsafeMutableBufferPointer {
        vsnprintf($0.baseAddress, $0.count, "%.*g", arguments)
      }
    }
    guard length > 0, length < buffer.count else { return false }
    return strtod(buffer, nil) == value
  }
}
