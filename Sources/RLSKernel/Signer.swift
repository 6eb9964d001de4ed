import Crypto

/// HMAC-SHA256 signatures of Jupyter messages.
///
/// The signature is the lowercase hex digest of HMAC(key, header ‖ parent_header
/// ‖ metadata ‖ content) over the four frames as sent (buffers are not signed).
/// With an empty key messages are sent with an empty signature and every
/// incoming message is accepted, as the protocol says.
public struct Signer: @unchecked Sendable {
  private let key: SymmetricKey?

  /// A signer for `key` (empty: no signing).
  public init(key: String) {
    self.key = key.isEmpty ? nil : SymmetricKey(data: Array(key.utf8))
  }

  /// True when messages are signed and checked.
  public var isSigning: Bool { key != nil }

  /// The hex signature of the frames (empty when there is no key).
  public func sign(_ frames: ArraySlice<[UInt8]>) -> [UInt8] {
    guard let mac = digest(frames) else { return [] }
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for b in mac {
      out.append(hex[Int(b >> 4)])
      out.append(hex[Int(b & 15)])
    }
    return out
  }

  /// True when `signature` (hex) is the HMAC of the frames. The comparison
  /// takes the same time wherever the first differing byte is.
  public func verify(_ signature: [UInt8], _ frames: ArraySlice<[UInt8]>) -> Bool {
    guard let mac = digest(frames) else { return true }
    guard signature.count == 2 * mac.count else { return false }
    var difference: UInt8 = 0
    var valid = true
    for (i, b) in mac.enumerated() {
      guard let hi = Signer.nibble(signature[2 * i]), let lo = Signer.nibble(signature[2 * i + 1]) else {
        valid = false
        continue
      }
      difference |= (hi << 4 | lo) ^ b
    }
    return valid && difference == 0
  }

  private func digest(_ frames: ArraySlice<[UInt8]>) -> [UInt8]? {
    guard let key else { return nil }
    var h = HMAC<SHA256>(key: key)
    for f in frames { h.update(data: f) }
    return Array(h.finalize())
  }

  private static func nibble(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
