import XCTest

@testable import RLSJSON

final class JSONStringifyTests: XCTestCase {
  func testCompactOutput() throws {
    let value: JSON = ["b": [1, 2.5, "x", nil, true, false], "a": [:], "c": []]
    XCTAssertEqual(try JSON.stringify(value), #"{"b":[1,2.5,"x",null,true,false],"a":{},"c":[]}"#)
    XCTAssertEqual(try JSON.stringify("top"), #""top""#)
    XCTAssertEqual(try JSON.stringify(nil), "null")
    XCTAssertEqual(try JSON.stringify(7), "7")
  }

  func testIntegersAndReals() throws {
    let cases: [(Double, String)] = [
      (3, "3"), (-3, "-3"), (0, "0"), (-0.0, "-0.0"), (3.5, "3.5"), (0.1, "0.1"),
      (1e-7, "1e-07"), (1.5e-300, "1.5e-300"), (1e20, "1e+20"), (-1e20, "-1e+20"), (1e-4, "0.0001"), (1e-5, "1e-05"),
      (0x1p53 - 1, "9007199254740991"), (0x1p53, "9007199254740992.0"),
      (1.0 / 3, "0.3333333333333333"), (123456.789, "123456.789"),
      (.greatestFiniteMagnitude, "1.7976931348623157e+308"), (5e-324, "5e-324"), (1.5e16, "1.5e+16"),
      (0.6799999999999999, "0.6799999999999999"), (1234.5e-10, "1.2345e-07"),
    ]
    for (number, expected) in cases {
      XCTAssertEqual(try JSON.stringify(.number(number)), expected, "for \(number)")
    }
  }

  func testEveryNumberHasItsOwnShortestForm() throws {
    XCTAssertEqual(try JSON.stringify([0.1, 2.5]), "[0.1,2.5]")
    XCTAssertEqual(try JSON.stringify([0.1, 0.25, 1e-3, 1]), "[0.1,0.25,0.001,1]")
    XCTAssertEqual(try JSON.stringify([0.68, .number(1.0 / 3)]), "[0.68,0.3333333333333333]")
    let mixed = try JSON.stringify([0.5, .number(1.0 / 3)])
    XCTAssertEqual(try JSON.parse(mixed), [0.5, .number(1.0 / 3)])
  }

  func testNonFiniteNumbersBecomeNull() throws {
    let value: JSON = [.number(.nan), .number(.infinity), .number(-.infinity), 1]
    XCTAssertEqual(try JSON.stringify(value), "[null,null,null,1]")
  }

  func testStringsAndEscapes() throws {
    XCTAssertEqual(try JSON.stringify("é😀 中文"), #""é😀 中文""#)
    XCTAssertEqual(
      try JSON.stringify("\"\\/\u{8}\u{c}\n\r\t\u{1}"), #""\"\\/\b\f\n\r\t\u0001""#)
    XCTAssertEqual(try JSON.stringify("a\u{0}b"), #""a\u0000b""#)
    XCTAssertEqual(try JSON.stringify(["k\ney": "v"]), #"{"k\ney":"v"}"#)
  }

  func testEmbeddedNulRoundTrips() throws {
    let value: JSON = ["a\u{0}": ["x\u{0}y", "\u{0}"]]
    let text = try JSON.stringify(.array([.string("x\u{0}y\u{0}"), .string("\u{0}")]))
    XCTAssertEqual(try JSON.parse(text), [.string("x\u{0}y\u{0}"), .string("\u{0}")])
    // jansson's parser refuses NUL in object keys, so such keys do not come back.
    XCTAssertThrowsError(try JSON.parse(try JSON.stringify(value)))
  }

  func testIndent() throws {
    let value: JSON = ["a": [1, 2], "b": [:], "c": ["d": nil]]
    XCTAssertEqual(
      try JSON.stringify(value, indent: 2),
      """
      {
        "a": [
          1,
          2
        ],
        "b": {},
        "c": {
          "d": null
        }
      }
      """)
    XCTAssertEqual(try JSON.stringify([1], indent: 0), "[1]")
    XCTAssertEqual(
      try JSON.stringify([1], indent: 100), "[\n" + String(repeating: " ", count: 31) + "1\n]")
  }

  func testSortKeys() throws {
    let value: JSON = ["b": 1, "a": ["z": 1, "y": 2], "B": 3]
    XCTAssertEqual(try JSON.stringify(value), #"{"b":1,"a":{"z":1,"y":2},"B":3}"#)
    XCTAssertEqual(try JSON.stringify(value, sortKeys: true), #"{"B":3,"a":{"y":2,"z":1},"b":1}"#)
  }

  func testRoundTripsOfStructures() throws {
    let documents = [
      #"{"name": "x", "list": [1, 2.5, -3e-8, [], {}], "nested": {"a": {"b": [null, true]}}}"#,
      #"[[[[1]]], {"": ""}, "\u0000", "😀"]"#,
      #"{"z": 1, "y": 2, "x": 3}"#,
    ]
    for document in documents {
      let value = try JSON.parse(document)
      for indent in [nil, 2] {
        let text = try JSON.stringify(value, indent: indent)
        XCTAssertEqual(try JSON.parse(text), value, text)
        XCTAssertEqual(try JSON.stringify(try JSON.parse(text), indent: indent), text)
      }
    }
  }

  func testRandomDoublesRoundTripExactly() throws {
    var random = SplitMix64(seed: 20_240_601)
    var sample: [Double] = []
    while sample.count < 20_000 {
      let bits = Double(bitPattern: random.next())
      if bits.isFinite { sample.append(bits) }
      sample.append(Double(random.next() % 2_000_000) / 1000 - 1000)
      sample.append(Double(random.next() >> 11) * 0x1p-53)
    }
    sample += [
      0x1p-1022, 0x1p-1074, 0x1p1023, 0x1p-44, 0x1p54, 9_007_199_254_740_993, 0.3, 2.0 / 3,
    ]
    for start in stride(from: 0, to: sample.count, by: 1000) {
      let chunk = sample[start..<min(start + 1000, sample.count)]
      let text = try JSON.stringify(.array(chunk.map(JSON.number)))
      guard case .array(let back) = try JSON.parse(text) else { return XCTFail(text) }
      XCTAssertEqual(back.count, chunk.count)
      for (original, parsed) in zip(chunk, back) {
        guard case .number(let number) = parsed, number.bitPattern == original.bitPattern else {
          return XCTFail("\(original) came back as \(parsed)")
        }
      }
    }
    for value in sample.prefix(5000) {
      let text = try JSON.stringify(.number(value))
      XCTAssertEqual(try JSON.parse(text), .number(value), text)
      XCTAssertLessThanOrEqual(text.count, "\(value)".count + 3, "\(value) printed as \(text)")
    }
  }

  func testPowersOfTwoRoundTrip() throws {
    // Every power of two (the hardest cases for shortest printing) reads back exactly.
    var powers: [Double] = []
    var power = Double.leastNonzeroMagnitude
    while power.isFinite {
      powers.append(power)
      power *= 2
    }
    XCTAssertEqual(powers.count, 2098)
    for value in powers + powers.map({ -$0 }) where abs(value) >= 0x1p53 || value != value.rounded()
    {
      let text = try JSON.stringify(.number(value))
      XCTAssertEqual(try JSON.parse(text), .number(value), text)
    }
    XCTAssertEqual(try JSON.stringify(.number(0x1p-1017)), "7.120236347223045e-307")
  }

  func testTooDeepValuesAreAnErrorNotACrash() throws {
    var value: JSON = 1
    for _ in 1..<JSON.maxDepth { value = [value] }
    let text = try JSON.stringify(value)
    XCTAssertEqual(try JSON.parse(text), value)
    value = [value]
    XCTAssertThrowsError(try JSON.stringify(value)) { error in
      XCTAssertEqual(
        "\(error)", "cannot stringify a value nested deeper than \(JSON.maxDepth) levels")
    }
    for _ in 0..<3000 { value = ["k": value] }
    XCTAssertThrowsError(try JSON.stringify(value))
  }

  func testLargeDocumentsStringifyQuickly() throws {
    let value = JSON.array(
      (0..<100_000).map { ["i": .number(Double($0)), "x": .number(Double($0) / 8)] })
    let start = ContinuousClock.now
    let text = try JSON.stringify(value)
    XCTAssertEqual(try JSON.parse(text), value)
    XCTAssertLessThan(ContinuousClock.now - start, .seconds(10))
  }
}

/// A small deterministic generator for reproducible samples.
struct SplitMix64 {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
