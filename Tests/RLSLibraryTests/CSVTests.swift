import RLSPrimitives
import XCTest

final class CSVTests: XCTestCase {
  private func table(_ text: String) throws -> CSVTable { try CSV.parse(text) }

  func testSimpleTable() throws {
    let parsed = try table("a,b,c\n1,2,3\n4,5,6\n")
    XCTAssertEqual(parsed.header, ["a", "b", "c"])
    XCTAssertEqual(parsed.rows, [["1", "2", "3"], ["4", "5", "6"]])
  }

  func testLineEndings() throws {
    let expected = CSVTable(header: ["a", "b"], rows: [["1", "2"], ["3", "4"]])
    for text in [
      "a,b\n1,2\n3,4", "a,b\n1,2\n3,4\n", "a,b\r\n1,2\r\n3,4\r\n", "a,b\r1,2\r3,4\r",
      "a,b\n1,2\n\n3,4\n\n\n", "\u{FEFF}a,b\r\n1,2\r\n3,4",
    ] {
      XCTAssertEqual(try table(text), expected, text.debugDescription)
    }
  }

  func testQuoting() throws {
    let parsed = try table(
      "name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"two\nlines\",\"\"\n\"crlf\r\ninside\",plain\n,\n"
    )
    XCTAssertEqual(
      parsed.rows,
      [["Smith, J", "said \"hi\""], ["two\nlines", ""], ["crlf\r\ninside", "plain"], ["", ""]])
    XCTAssertEqual(try table("\"a\"\n\"\"\n\"\"\"\"\n").rows, [[""], ["\""]])
    XCTAssertEqual(try table("a,b\n\"x\",\n").rows, [["x", ""]])
    XCTAssertEqual(try table("a,b,c\n,,\n").rows, [["", "", ""]])
    XCTAssertEqual(try table("é,ü\n中,😀\n").rows, [["中", "😀"]])
    XCTAssertEqual(try table("a, b\n 1 ,2\n").header, ["a", " b"])
  }

  func testErrors() {
    let cases: [(String, String)] = [
      ("", "<string>:1:1: empty input: there is no header row"),
      ("\n\n", "<string>:3:1: empty input: there is no header row"),
      (
        "a,b\n1,\"2\n3,4\n",
        "<string>:2:3: unterminated quoted field (the quote opening it is here)"
      ),
      (
        "a,b\n1,x\"y\n",
        "<string>:2:4: quote inside an unquoted field (enclose the field in quotes and double the quote)"
      ),
      (
        "a,b\n\"x\"y,1\n",
        "<string>:2:4: expected a comma or the end of the line after a closing quote"
      ),
      (
        "a,b,c,d\n1,2,3,4\n1,2,3,4\n\"m\nl\",2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3\n",
        "<string>:9:1: row 7 has 3 fields but the header has 4"
      ),
      ("a,b\n1,2,3\n", "<string>:2:5: row 1 has 3 fields but the header has 2"),
      ("a,b\n1\n", "<string>:2:1: row 1 has 1 field but the header has 2"),
      ("a,b,é,b\n", "<string>:1:7: duplicate column name 'b' (columns 2 and 4)"),
    ]
    for (text, expected) in cases {
      XCTAssertThrowsError(try table(text), text.debugDescription) { error in
        XCTAssertEqual("\(error)", expected, text.debugDescription)
      }
    }
    XCTAssertThrowsError(try CSV.parse("a\n\"", path: "data.csv")) { error in
      guard let error = error as? CSVError else { return XCTFail("\(error)") }
      XCTAssertEqual(error.path, "data.csv")
      XCTAssertEqual(error.line, 2)
      XCTAssertEqual(error.column, 1)
      XCTAssertEqual(
        "\(error)", "data.csv:2:1: unterminated quoted field (the quote opening it is here)")
    }
  }

  func testNumericDetection() throws {
    let parsed = try table(
      "int,real,mixed,special,blank,spaces,text,empty\n"
        + "1,1.5,1,nan,,\" 7 \",a,\n"
        + "-2,-.5e3,x,-inf,3,8,b,\n"
        + "+3,1E+2,2,Infinity,, ,c,\n")
    let columns = parsed.columns()
    XCTAssertEqual(columns.map(\.name), parsed.header)
    XCTAssertEqual(columns[0].column, .numeric([1, -2, 3]))
    XCTAssertEqual(columns[1].column, .numeric([1.5, -500, 100]))
    XCTAssertEqual(columns[2].column, .text(["1", "x", "2"]))
    guard case .numeric(let special) = columns[3].column else { return XCTFail() }
    XCTAssertTrue(special[0].isNaN)
    XCTAssertEqual(Array(special[1...]), [-.infinity, .infinity])
    guard case .numeric(let blank) = columns[4].column else { return XCTFail() }
    XCTAssertTrue(blank[0].isNaN && blank[2].isNaN)
    XCTAssertEqual(blank[1], 3)
    guard case .numeric(let spaces) = columns[5].column else { return XCTFail() }
    XCTAssertEqual(spaces[0], 7)
    XCTAssertEqual(spaces[1], 8)
    XCTAssertTrue(spaces[2].isNaN)
    XCTAssertEqual(columns[6].column, .text(["a", "b", "c"]))
    XCTAssertEqual(columns[7].column, .text(["", "", ""]))
  }

  func testWhatIsNotANumber() throws {
    for cell in [
      "0x10", "1_000", "1,000", "1e", "e5", ".", "-", "+", "1.2.3", "NA", "null", "infinit", "1 2",
      "--1", "١",
    ] {
      let parsed = try CSV.parse("a\n\"\(cell)\"\n")
      XCTAssertEqual(parsed.columns()[0].column, .text([cell]), cell)
    }
    for (cell, value) in [
      ("1.", 1.0), (".5", 0.5), ("-0", -0.0), ("00012", 12), ("1e-3", 0.001), ("\t4\t", 4),
    ] {
      XCTAssertEqual(try CSV.parse("a\n\(cell)\n").columns()[0].column, .numeric([value]), cell)
    }
  }

  func testFormat() throws {
    let text = try CSV.format(
      header: ["x", "name, full", "mixed"],
      columns: [
        .numeric([1, 0.1, -2.5e-7, 1e20, .nan, .infinity, -.infinity]),
        .text(["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "", " sp "]),
        .cells([.number(3), .text("t"), .empty, .number(-0.0), .text("x"), .empty, .number(0.5)]),
      ])
    XCTAssertEqual(
      text,
      """
      x,"name, full",mixed
      1,plain,3
      0.1,"a,b",t
      -2.5e-07,"say ""hi\""",
      1e+20,"two
      lines",-0
      NaN,"cr\r",x
      inf,,
      -inf, sp ,0.5

      """)
    XCTAssertEqual(try CSV.format(header: [""], columns: [.text(["", "a"])]), "\"\"\n\"\"\na\n")
  }

  func testFormatErrors() {
    XCTAssertThrowsError(
      try CSV.format(header: ["a", "b"], columns: [.numeric([1, 2]), .text(["x"])])
    ) {
      XCTAssertEqual("\($0)", "column 'b' has 1 values but column 'a' has 2")
    }
    XCTAssertThrowsError(try CSV.format(header: ["a"], columns: [])) {
      XCTAssertEqual("\($0)", "1 column names but 0 columns")
    }
    XCTAssertThrowsError(
      try CSV.format(header: ["a", "a"], columns: [.numeric([]), .numeric([])])
    ) {
      XCTAssertEqual("\($0)", "duplicate column name 'a'")
    }
    XCTAssertThrowsError(try CSV.format(header: [], columns: []))
  }

  func testRoundTrip() throws {
    var random = UInt64(12345)
    func next() -> UInt64 {
      random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return random >> 11
    }
    let numbers =
      (0..<500).map { _ in Double(bitPattern: next() << 11 | next() & 0x7FF) }
      .filter(\.isFinite) + [0, -0.0, 1, 1e-300, .infinity, -.infinity, 3.25]
    let words = numbers.indices.map { index in
      ["a", "b,c", "\"q\"", "line\nbreak", "crlf\r\nx", "", " pad ", "é😀"][index % 8]
    }
    let written = try CSV.format(
      header: ["n", "w", "only, nan"],
      columns: [
        .numeric(numbers), .text(words), .numeric(numbers.map { _ in .nan }),
      ])
    let parsed = try CSV.parse(written)
    XCTAssertEqual(parsed.header, ["n", "w", "only, nan"])
    let columns = parsed.columns()
    guard case .numeric(let back) = columns[0].column else { return XCTFail("\(columns[0])") }
    XCTAssertEqual(back.map(\.bitPattern), numbers.map(\.bitPattern))
    XCTAssertEqual(columns[1].column, .text(words))
    guard case .numeric(let nans) = columns[2].column else { return XCTFail("\(columns[2])") }
    XCTAssertTrue(nans.allSatisfy(\.isNaN))
  }

  func testLargeTableParsesQuickly() throws {
    var text = "id,x,label\n"
    for index in 0..<100_000 { text += "\(index),\(Double(index) / 4),\"item \(index)\"\n" }
    let start = ContinuousClock.now
    let parsed = try CSV.parse(text)
    let columns = parsed.columns()
    XCTAssertLessThan(ContinuousClock.now - start, .seconds(20))
    XCTAssertEqual(parsed.rows.count, 100_000)
    guard case .numeric(let x) = columns[1].column else { return XCTFail() }
    XCTAssertEqual(x[99_999], 24_999.75)
  }
}
