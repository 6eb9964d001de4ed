/// A minimal PNG encoder (8-bit RGBA, zlib "stored" blocks) for the kernel's
/// logo files, so the kernelspec needs no image files or image library.
enum PNG {
  /// Encodes `width`×`height` RGBA pixels (row-major, 4 bytes each).
  static func encode(width: Int, height: Int, rgba: [UInt8]) -> [UInt8] {
    precondition(rgba.count == width * height * 4)
    var raw: [UInt8] = []
    raw.reserveCapacity((width * 4 + 1) * height)
    for y in 0..<height {
      raw.append(0)  // filter: none
      raw += rgba[(y * width * 4)..<((y + 1) * width * 4)]
    }
    var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    out += chunk("IHDR", be32(width) + be32(height) + [8, 6, 0, 0, 0])
    out += chunk("IDAT", zlibStored(raw))
    out += chunk("IEND", [])
    return out
  }

  static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }

  static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let body = Array(type.utf8) + data
    return be32(data.count) + body + be32(Int(crc32(body)))
  }

  /// zlib stream of uncompressed deflate blocks.
  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var i = 0
    repeat {
      let n = min(65535, data.count - i)
      let last: UInt8 = i + n == data.count ? 1 : 0
      out += [last, UInt8(n & 255), UInt8(n >> 8), UInt8(~n & 255), UInt8((~n >> 8) & 255)]
      out += data[i..<(i + n)]
      i += n
    } while i < data.count
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in data {
      a = (a + UInt32(byte)) % 65521
      b = (b + a) % 65521
    }
    return out + be32(Int(b << 16 | a))
  }

  static func crc32(_ data: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for byte in data {
      c ^= UInt32(byte)
      for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }
    return ~c
  }

  /// The RLScript logo: white "RL" on a rounded teal square.
  static func logo(size: Int) -> [UInt8] {
    let glyphs = [
      ["11110", "10001", "10001", "11110", "10100", "10010", "10001"],  // R
      ["10000", "10000", "10000", "10000", "10000", "10000", "11111"],  // L
    ]
    let scale = max(1, size / 16)
    let textWidth = (5 * 2 + 2) * scale
    let x0 = (size - textWidth) / 2
    let y0 = (size - 7 * scale) / 2
    let radius = Double(size) / 5
    var px = [UInt8](repeating: 0, count: size * size * 4)
    for y in 0..<size {
      for x in 0..<size {
        // Distance outside the rounded corner, if any.
        let cx = min(max(Double(x) + 0.5, radius), Double(size) - radius)
        let cy = min(max(Double(y) + 0.5, radius), Double(size) - radius)
        let d = ((Double(x) + 0.5 - cx) * (Double(x) + 0.5 - cx) + (Double(y) + 0.5 - cy) * (Double(y) + 0.5 - cy)).squareRoot()
        let alpha = max(0, min(1, radius - d + 0.5))
        var color: (UInt8, UInt8, UInt8) = (0x1B, 0x6F, 0x7A)
        let gx = (x - x0) / scale
        let gy = (y - y0) / scale
        if x >= x0, y >= y0, gy < 7, gx < 12 {
          let letter = gx / 6
          let col = gx % 6
          if col < 5, Array(glyphs[letter][gy])[col] == "1" { color = (0xFF, 0xFF, 0xFF) }
        }
        let i = (y * size + x) * 4
        px[i] = color.0
        px[i + 1] = color.1
        px[i + 2] = color.2
        px[i + 3] = UInt8((alpha * 255).rounded())
      }
    }
    return encode(width: size, height: size, rgba: px)
  }
}
