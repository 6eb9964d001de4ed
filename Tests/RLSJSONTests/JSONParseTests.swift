import XCTest

@testable import RLSJSON

final class JSONParseTests: XCTestCase {
  func testScalars() throws {
    XCTAssertEqual(try JSON.parse("null"), .null)
    XCTAssertEqual(try JSON.parse("true"), .bool(true))
    XCTAssertEqual(try JSON.parse(" false "), .bool(false))
    XCTAssertEqual(try JSON.parse("3"), .number(3))
    XCTAssertEqual(try JSON.parse("-2.5e3"), .number(-2500))
    XCTAssertEqual(try JSON.parse("0.1"), .number(0.1))
    XCTAssertEqual(try JSON.parse("\"hi\""), .string("hi"))
  }

  func testEveryNumberIsADouble() throws {
    XCTAssertEqual(try JSON.parse("[1, 1.0, 1e0, -0]"), [1, 1, 1, 0])
    XCTAssertEqual(try JSON.parse("9007199254740993"), .number(9_007_199_254_740_992))
    XCTAssertEqual(try JSON.parse("123456789012345678901234567890"), .number(1.2345678901234568e29))
    guard case .number(let negativeZero) = try JSON.parse("-0.0") else { return XCTFail() }
    XCTAssertEqual(negativeZero.sign, .minus)
  }

  func testNestedStructures() throws {
    let value = try JSON.parse(
      #"{"a": [1, {"b": null, "c": [true, false, []]}, {}], "d": {"e": {"f": "g"}}}"#)
    let expected: JSON = [
      "a": [1, ["b": nil, "c": [true, false, []]], [:]],
      "d": ["e": ["f": "g"]],
    ]
    XCTAssertEqual(value, expected)
  }

  func testObjectKeysKeepTheirOrder() throws {
    guard case .object(let object) = try JSON.parse(#"{"b": 1, "a": 2, "c": 3, "aa": 4}"#)
    else { return XCTFail("not an object") }
    XCTAssertEqual(object.keys, ["b", "a", "c", "aa"])
    XCTAssertEqual(object.map(\.key), ["b", "a", "c", "aa"])
    XCTAssertEqual(object.values, [1, 2, 3, 4])
    XCTAssertEqual(object["c"], 3)
    XCTAssertNil(object["z"])
  }

  func testRepeatedKeyKeepsFirstPositionAndLastValue() throws {
    guard case .object(let object) = try JSON.parse(#"{"a": 1, "b": 2, "a": 3}"#)
    else { return XCTFail("not an object") }
    XCTAssertEqual(object.keys, ["a", "b"])
    XCTAssertEqual(object["a"], 3)
  }

  func testUnicodeAndEscapes() throws {
    XCTAssertEqual(try JSON.parse(#""é😀 中文""#), .string("é😀 中文"))
    XCTAssertEqual(try JSON.parse(#""\u00e9\ud83d\ude00""#), .string("é😀"))
    XCTAssertEqual(
      try JSON.parse(#""\"\\\/\b\f\n\r\t""#), .string("\"\\/\u{8}\u{c}\n\r\t"))
    XCTAssertEqual(try JSON.parse(#""a\u0000b""#), .string("a\u{0}b"))
    XCTAssertEqual(try JSON.parse(#"{"é": "x"}"#), ["é": "x"])
  }

  func testNonStandardInputIsRejected() {
    let bad = [
      "", "   ", "NaN", "Infinity", "-Infinity", "[1,]", "{\"a\":1,}", "'a'", "[1] // c",
      "/* c */ 1", "01", "1.", ".5", "+1", "[1 2]", "{\"a\"}", "{a: 1}", "\"\\x41\"",
      "\"\\ud800\"", "\"tab\there\"", "1e400", "[", "{\"a\": [1, 2}", "true false",
      #"{"a\u0000b": 1}"#,
    ]
    for text in bad {
      XCTAssertThrowsError(try JSON.parse(text), "accepted \(text.debugDescription)")
    }
  }

  func testErrorPositions() {
    let cases: [(String, String)] = [
      ("", "invalid JSON at line 1, column 0: unexpected token near end of file"),
      ("{\"a\":1,\n \"b\": [1,}", "invalid JSON at line 2, column 10: unexpected token near '}'"),
      ("[1, 2", "invalid JSON at line 1, column 5: ']' expected near end of file"),
      ("{\"a\" 1}", "invalid JSON at line 1, column 6: ':' expected near '1'"),
      ("[1e400]", "invalid JSON at line 1, column 6: real number overflow near '1e400'"),
      ("NaN", "invalid JSON at line 1, column 3: invalid token near 'NaN'"),
      ("[1]\n\n  x", "invalid JSON at line 3, column 3: end of file expected near 'x'"),
    ]
    for (text, expected) in cases {
      XCTAssertThrowsError(try JSON.parse(text)) { error in
        XCTAssertEqual("\(error)", expected, "for \(text.debugDescription)")
      }
    }
    XCTAssertThrowsError(try JSON.parse("{\n  \"a\": 1\n  ]")) { error in
      guard let error = error as? JSONError else { return XCTFail("\(error)") }
      XCTAssertEqual(error.line, 3)
      XCTAssertEqual(error.column, 3)
      XCTAssertEqual(error.position, 14)
      XCTAssertEqual(error.message, "'}' expected near ']'")
      XCTAssertNil(error.path)
    }
  }

  func testDeepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    XCTAssertThrowsError(try JSON.parse(deep)) { error in
      XCTAssertTrue("\(error)".contains("maximum parsing depth reached"), "\(error)")
    }
    let unclosed = String(repeating: "{\"a\":", count: 100_000)
    XCTAssertThrowsError(try JSON.parse(unclosed))
  }

  func testNestingUpToTheLimitParses() throws {
    let limit = JSON.maxDepth
    let atLimit = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
    var value = try JSON.parse(atLimit)
    var depth = 1
    while case .array(let items) = value, let first = items.first {
      value = first
      depth += 1
    }
    XCTAssertEqual(depth, limit)
    XCTAssertThrowsError(
      try JSON.parse(
        String(repeating: "[", count: limit) + "1" + String(repeating: "]", count: limit)))
    let overLimit =
      String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
    XCTAssertThrowsError(try JSON.parse(overLimit))
  }

  func testLargeDocumentsParseQuickly() throws {
    let count = 100_000
    let numbers = "[" + (0..<count).map { "\(Double($0) * 0.5)" }.joined(separator: ",") + "]"
    let records =
      "["
      + (0..<count).map { #"{"id": \#($0), "name": "n\#($0)", "ok": true}"# }
      .joined(separator: ",") + "]"
    let start = ContinuousClock.now
    guard case .array(let items) = try JSON.parse(numbers) else { return XCTFail() }
    guard case .array(let rows) = try JSON.parse(records) else { return XCTFail() }
    let elapsed = ContinuousClock.now - start
    XCTAssertEqual(items.count, count)
    XCTAssertEqual(items.last, .number(Double(count - 1) * 0.5))
    XCTAssertEqual(rows.count, count)
    XCTAssertEqual(rows[123], ["id": 123, "name": "n123", "ok": true])
    XCTAssertLessThan(elapsed, .seconds(10))
  }
}
