import Glibc
import RLSPrimitives
import XCTest

final class TextFileTests: XCTestCase {
  private var directory = ""

  override func setUpWithError() throws {
    var template = Array("/tmp/rls-text-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
      throw TextFileError(path: "/tmp", message: "mkdtemp")
    }
    directory = String(cString: made)
  }

  override func tearDown() {
    _ = system("rm -rf '\(directory)'")
  }

  private func rawFile(_ name: String, _ bytes: [UInt8]) -> String {
    let path = directory + "/" + name
    let handle = fopen(path, "wb")
    _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, handle) }
    fclose(handle)
    return path
  }

  func testWriteThenRead() throws {
    let path = directory + "/a.txt"
    for text in ["", "hello\n", "é😀 中文\r\n\u{0}tail", String(repeating: "line\n", count: 50_000)] {
      try TextFile.write(path, text)
      XCTAssertEqual(try TextFile.read(path), text)
    }
    try TextFile.write(path, "long text that will be replaced")
    try TextFile.write(path, "short")
    XCTAssertEqual(try TextFile.read(path), "short")
  }

  func testByteOrderMarkIsKept() throws {
    let path = rawFile("bom.csv", [0xEF, 0xBB, 0xBF, 0x61, 0x0A])
    XCTAssertEqual(try TextFile.read(path), "\u{FEFF}a\n")
    XCTAssertEqual(try CSV.parse(try TextFile.read(path)).header, ["a"])
  }

  func testMissingFile() {
    XCTAssertThrowsError(try TextFile.read(directory + "/none.txt")) { error in
      XCTAssertEqual("\(error)", "cannot open '\(directory)/none.txt': No such file or directory")
      XCTAssertEqual((error as? TextFileError)?.path, directory + "/none.txt")
    }
    XCTAssertThrowsError(try TextFile.write(directory + "/no/such/x.txt", "x")) { error in
      XCTAssertEqual(
        "\(error)",
        "cannot open '\(directory)/no/such/x.txt' for writing: No such file or directory")
    }
  }

  func testDirectory() {
    XCTAssertThrowsError(try TextFile.read(directory)) { error in
      XCTAssertEqual("\(error)", "cannot read '\(directory)': Is a directory")
    }
    XCTAssertThrowsError(try TextFile.write(directory, "x")) { error in
      XCTAssertEqual("\(error)", "cannot open '\(directory)' for writing: Is a directory")
    }
  }

  func testInvalidUTF8() {
    let cases: [([UInt8], Int)] = [
      ([0x61, 0x62, 0xFF], 2),
      (Array("café ".utf8) + [0xE9, 0x20], 6),
      ([0xC0, 0x80], 0),  // overlong NUL
      ([0x61, 0xED, 0xA0, 0x80], 1),  // surrogate
      ([0xF4, 0x90, 0x80, 0x80], 0),  // above U+10FFFF
      ([0x61, 0xE2, 0x82], 1),  // truncated
      ([0x80], 0),  // lone continuation byte
    ]
    for (bytes, offset) in cases {
      let path = rawFile("bad.txt", bytes)
      XCTAssertThrowsError(try TextFile.read(path), "\(bytes)") { error in
        XCTAssertEqual("\(error)", "'\(path)' is not valid UTF-8 text (byte offset \(offset))")
      }
    }
    let good = rawFile(
      "good.txt", [0xF0, 0x9F, 0x98, 0x80, 0xF4, 0x8F, 0xBF, 0xBF, 0xEF, 0xBF, 0xBF])
    XCTAssertEqual(
      try TextFile.read(good).unicodeScalars.map(\.value), [0x1F600, 0x10FFFF, 0xFFFF])
  }

  func testUnreadableFile() throws {
    guard getuid() != 0 else { return }  // root reads anything
    let path = rawFile("secret.txt", [0x61])
    chmod(path, 0)
    XCTAssertThrowsError(try TextFile.read(path)) { error in
      XCTAssertEqual("\(error)", "cannot open '\(path)': Permission denied")
    }
  }
}
