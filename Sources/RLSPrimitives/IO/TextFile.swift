import Glibc

/// Whole-file reading and writing of UTF-8 text, with POSIX calls.
public enum TextFile {
  /// The contents of the file at `path`, which must be UTF-8 text (a
  /// byte-order mark, if any, is kept).
  ///
  /// - Throws: `TextFileError`: `cannot open 'x.txt': No such file or
  ///   directory`, `cannot read 'dir': Is a directory`, or `'x.txt' is not
  ///   valid UTF-8 text (byte offset 12)`.
  public static func read(_ path: String) throws -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw failure("cannot open", path, errno) }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0 else { throw failure("cannot read", path, errno) }
    guard status.st_mode & S_IFMT != S_IFDIR else { throw failure("cannot read", path, EISDIR) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: max(65_536, Int(status.st_size) + 1))
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if count == 0 { break }
      if count < 0 {
        if errno == EINTR { continue }
        throw failure("cannot read", path, errno)
      }
      bytes.append(contentsOf: chunk[0..<count])
    }
    if let offset = bytes.withUnsafeBytes(UTF8Validation.firstInvalidOffset) {
      throw TextFileError(
        path: path, message: "'\(path)' is not valid UTF-8 text (byte offset \(offset))")
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Writes `text` as UTF-8 to the file at `path`, creating or replacing it.
  ///
  /// - Throws: `TextFileError`, e.g. `cannot open 'out/x.txt' for writing: No
  ///   such file or directory` or `cannot write 'x.txt': No space left on device`.
  public static func write(_ path: String, _ text: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw failure("cannot open", path, errno, suffix: " for writing") }
    var code: Int32 = 0
    var text = text
    text.withUTF8 { buffer in
      var done = 0
      while done < buffer.count, let base = buffer.baseAddress {
        let count = Glibc.write(fd, base + done, buffer.count - done)
        if count < 0 {
          if errno == EINTR { continue }
          code = errno
          return
        }
        done += count
      }
    }
    if close(fd) != 0, code == 0 { code = errno }
    guard code == 0 else { throw failure("cannot write", path, code) }
  }

  /// `<action> '<path>'<suffix>: <strerror(code)>`.
  private static func failure(
    _ action: String, _ path: String, _ code: Int32, suffix: String = ""
  ) -> TextFileError {
    TextFileError(
      path: path, message: "\(action) '\(path)'\(suffix): \(String(cString: strerror(code)))")
  }
}
