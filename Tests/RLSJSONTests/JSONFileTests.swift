import Glibc
import XCTest

@testable import RLSJSON

final class JSONFileTests: XCTestCase {
  private var directory = ""

  override func setUpWithError() throws {
    var template = Array("/tmp/rls-json-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw JSONError(message: "mkdtemp failed") }
    directory = String(cString: made)
  }

  override func tearDown() {
    _ = system("rm -rf '\(directory)'")
  }

  private func file(_ name: String, _ bytes: [UInt8]) -> String {
    let path = directory + "/" + name
    let handle = fopen(path, "wb")
    _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, handle) }
    fclose(handle)
    return path
  }

  func testWriteThenRead() throws {
    let path = directory + "/x.json"
    let value: JSON = ["name": "é", "values": [1, 0.1, nil], "nested": ["b": 2, "a": 1]]
    try JSON.write(value, path: path)
    XCTAssertEqual(try JSON.read(path: path), value)
    try JSON.write(value, path: path, indent: 2)
    XCTAssertEqual(try JSON.read(path: path), value)
    guard case .object(let object) = try JSON.read(path: path),
      case .object(let nested) = object["nested"]
    else { return XCTFail() }
    XCTAssertEqual(nested.keys, ["b", "a"])
  }

  func testMissingFile() {
    XCTAssertThrowsError(try JSON.read(path: directory + "/none.json")) { error in
      XCTAssertEqual("\(error)", "cannot open '\(directory)/none.json': No such file or directory")
    }
    XCTAssertThrowsError(try JSON.write(1, path: directory + "/no/x.json")) { error in
      XCTAssertEqual(
        "\(error)", "cannot open '\(directory)/no/x.json' for writing: No such file or directory")
    }
  }

  func testDirectory() {
    XCTAssertThrowsError(try JSON.read(path: directory)) { error in
      XCTAssertEqual("\(error)", "cannot read '\(directory)': Is a directory")
    }
    XCTAssertThrowsError(try JSON.write(1, path: directory)) { error in
      XCTAssertEqual("\(error)", "cannot open '\(directory)' for writing: Is a directory")
    }
  }

  func testSyntaxErrorNamesTheFile() {
    let path = file("bad.json", Array("{\n  \"a\": 1,\n}\n".utf8))
    XCTAssertThrowsError(try JSON.read(path: path)) { error in
      XCTAssertEqual(
        "\(error)", "invalid JSON in '\(path)' at line 3, column 1: string or '}' expected near '}'"
      )
      XCTAssertEqual((error as? JSONError)?.path, path)
    }
  }

  func testInvalidUTF8IsAnError() {
    let path = file("latin1.json", [0x22, 0x63, 0x61, 0x66, 0xE9, 0x22])
    XCTAssertThrowsError(try JSON.read(path: path)) { error in
      XCTAssertTrue("\(error)".contains("'\(path)'"), "\(error)")
    }
  }

  func testEmptyFile() {
    let path = file("empty.json", [])
    XCTAssertThrowsError(try JSON.read(path: path)) { error in
      XCTAssertTrue("\(error)".contains("near end of file"), "\(error)")
    }
  }
}
