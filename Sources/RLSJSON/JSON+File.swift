import CJansson
import Glibc

extension JSON {
  /// Reads and parses the JSON file at `path` (see `parse` for the rules; the
  /// file must be UTF-8).
  ///
  /// - Throws: `JSONError`, e.g. `cannot open 'x.json': No such file or
  ///   directory`, `cannot read 'dir': Is a directory`, or a syntax error
  ///   naming the file: `invalid JSON in 'x.json' at line 3, column 7: ...`.
  public static func read(path: String) throws -> JSON {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw fileError("cannot open", path, errno) }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0 else { throw fileError("cannot read", path, errno) }
    guard status.st_mode & S_IFMT != S_IFDIR else { throw fileError("cannot read", path, EISDIR) }
    // Read the whole file, then parse the buffer (jansson's json_loadfd reads
    // one byte per system call).
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw fileError("cannot read", path, errno)
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
    }
    return try bytes.withUnsafeBytes { raw in
      try load(path: path) { error in
        json_loadb(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, parseFlags, &error)
      }
    }
  }

  /// Writes `value` to the file at `path` as `stringify(value, indent:)`
  /// followed by a newline, creating or replacing the file.
  ///
  /// - Throws: `JSONError`, e.g. `cannot open 'out/x.json' for writing: No
  ///   such file or directory`, or the errors of `stringify`.
  public static func write(_ value: JSON, path: String, indent: Int? = nil) throws {
    let text = try stringify(value, indent: indent) + "\n"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw fileError("cannot open", path, errno, suffix: " for writing") }
    var failure: Int32 = 0
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buffer in
      var done = 0
      while done < buffer.count {
        let count = Glibc.write(fd, buffer.baseAddress.map { $0 + done }, buffer.count - done)
        if count < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        done += count
      }
    }
    if close(fd) != 0, failure == 0 { failure = errno }
    guard failure == 0 else { throw fileError("cannot write", path, failure) }
  }

  /// A file error: `<action> '<path>'<suffix>: <strerror(code)>`.
  private static func fileError(
    _ action: String, _ path: String, _ code: Int32, suffix: String = ""
  ) -> JSONError {
    JSONError(
      message: "\(action) '\(path)'\(suffix): \(String(cString: strerror(code)))", path: path)
  }
}
