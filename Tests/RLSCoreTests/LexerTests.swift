import XCTest

@testable import RLSCore

final class LexerTests: XCTestCase {
  private func lex(_ text: String) -> Lexer { Lexer.tokenize(text) }

  /// Token kinds without the final `.eof`.
  private func kinds(_ text: String) -> [TokenKind] {
    lex(text).tokens.dropLast().map(\.kind)
  }

  private func messages(_ text: String) -> [String] {
    lex(text).diagnostics.map(\.message)
  }

  private func numbers(_ text: String) -> [Double] {
    lex(text).tokens.filter { $0.kind == .number }.map(\.number)
  }

  func testNumbers() {
    XCTAssertEqual(numbers("12 3.5 1e-3 2.5E+10 0x1F 1_000_000 0XfF 1e3 007"), [12, 3.5, 0.001, 2.5e10, 31, 1_000_000, 255, 1000, 7])
    XCTAssertEqual(numbers("1.5e2 0.25"), [150, 0.25])
    XCTAssertEqual(numbers("1e999"), [.infinity])
    XCTAssertEqual(numbers("1e-999"), [0])
    XCTAssertEqual(numbers("0xFFFFFFFFFFFFFFFFFFFFFFFF"), [Double(sign: .plus, exponent: 96, significand: 1) - 1])
    XCTAssertEqual(numbers(String(repeating: "9", count: 400)), [.infinity])
    XCTAssertTrue(lex("12 0x1F 1e3").diagnostics.isEmpty)
  }

  func testNumberFollowedByDotIsField() {
    // `1.foo` is the number 1 then a field; `1.5.2` is 1.5, '.', 2.
    XCTAssertEqual(kinds("1.foo"), [.number, .dot, .name])
    XCTAssertEqual(kinds("1.5.2"), [.number, .dot, .number])
    XCTAssertEqual(kinds("x[1:2]"), [.name, .lbracket, .number, .colon, .number, .rbracket])
  }

  func testInvalidNumbers() {
    XCTAssertEqual(messages("2x"), ["invalid number '2x'"])
    XCTAssertEqual(messages("1e"), ["invalid number '1e'"])
    XCTAssertEqual(messages("1__0"), ["invalid number '1__0'"])
    XCTAssertEqual(messages("1_"), ["invalid number '1_'"])
    XCTAssertEqual(messages("0x"), ["invalid number '0x': hex literal needs digits after '0x'"])
    XCTAssertEqual(messages("0x1G"), ["invalid number '0x1G'"])
    XCTAssertEqual(kinds("2x + 1"), [.error, .plus, .number])
  }

  func testKeywordsAndNames() {
    let all = "let fn if else for in while break continue return try catch import as and or not true false nil"
    let tokens = lex(all).tokens.dropLast()
    XCTAssertEqual(tokens.count, 20)
    XCTAssertTrue(tokens.allSatisfy { $0.kind.isKeyword })
    XCTAssertEqual(tokens.map(\.text).joined(separator: " "), all)
    XCTAssertEqual(kinds("letter _x x1 fnord"), [.name, .name, .name, .name])
    XCTAssertEqual(lex("α_2 = 1").tokens.first?.text, "α_2")
  }

  func testOperators() {
    XCTAssertEqual(
      kinds("+ - * / % ** @ == != < <= > >= = += -= *= /= |> ( ) [ ] { } , : ; ."),
      [
        .plus, .minus, .star, .slash, .percent, .starStar, .at, .eqEq, .bangEq, .less, .lessEq,
        .greater, .greaterEq, .assign, .plusAssign, .minusAssign, .starAssign, .slashAssign, .pipe,
        .lparen, .rparen, .lbracket, .rbracket, .lbrace, .rbrace, .comma, .colon, .semicolon, .dot,
      ])
  }

  func testPlainStringsAndEscapes() {
    let tokens = lex(#""a\n\t\r\"\\\$\0b" "\u{1F600}\u{e9}" "$x and $""#).tokens
    XCTAssertEqual(tokens.map(\.kind), [.string, .string, .string, .eof])
    XCTAssertEqual(tokens[0].text, "a\n\t\r\"\\$\u{0}b")
    XCTAssertEqual(tokens[1].text, "😀é")
    XCTAssertEqual(tokens[2].text, "$x and $")
    XCTAssertTrue(lex(#""\${not interpolated}""#).tokens[0].kind == .string)
    XCTAssertEqual(lex(#""\${x}""#).tokens[0].text, "${x}")
  }

  func testBadEscapes() {
    XCTAssertEqual(messages(#""a\qb""#).count, 1)
    XCTAssertTrue(messages(#""a\qb""#)[0].hasPrefix(#"unknown escape sequence '\q'"#))
    XCTAssertEqual(lex(#""a\qb""#).tokens[0].text, "aqb")
    XCTAssertEqual(messages(#""\u{D800}""#), ["invalid unicode escape: not a Unicode scalar value"])
    XCTAssertEqual(messages(#""\u{110000}""#), ["invalid unicode escape: not a Unicode scalar value"])
    XCTAssertEqual(messages(#""\u{123456789}""#), ["invalid unicode escape: not a Unicode scalar value"])
    XCTAssertEqual(messages(#""\u{}""#), ["invalid unicode escape: not a Unicode scalar value"])
    XCTAssertEqual(messages(#""\u41""#), [#"expected '{' after '\u' in unicode escape"#])
    XCTAssertEqual(messages(#""\u{41""#), [#"expected '}' to close unicode escape"#])
  }

  func testMultiLineStringKeepsLinesAndColumns() {
    let tokens = lex("\"a\r\nb\" x").tokens
    XCTAssertEqual(tokens[0].text, "a\nb")
    XCTAssertEqual(tokens[1].span, Span(line: 2, column: 4))
  }

  func testBackslashNewlineJoinsLines() {
    let tokens = lex("\"ab\\\n  cd\\\r\nef\" x").tokens
    XCTAssertEqual(tokens[0].text, "ab  cdef")
    XCTAssertEqual(tokens[1].span, Span(line: 3, column: 5))
  }

  func testUnterminatedString() {
    let lexer = lex("\"abc")
    XCTAssertEqual(lexer.diagnostics.map(\.message), ["unterminated string"])
    XCTAssertEqual(lexer.diagnostics[0].span, Span(line: 1, column: 1))
    XCTAssertTrue(lexer.endedInsideString)
    XCTAssertEqual(lexer.tokens.map(\.kind), [.string, .eof])
    XCTAssertTrue(lex("\"abc\\").endedInsideString)
  }

  func testInterpolationTokens() {
    XCTAssertEqual(
      kinds(#""a ${x} b""#),
      [.stringBegin, .stringText, .interpOpen, .name, .interpClose, .stringText, .stringEnd])
    XCTAssertEqual(kinds(#""${x}""#), [.stringBegin, .interpOpen, .name, .interpClose, .stringEnd])
    // Nested strings and braces inside the interpolation.
    XCTAssertEqual(
      kinds(#""${f("}", {a: "${y}"})}!""#),
      [
        .stringBegin, .interpOpen, .name, .lparen, .string, .comma, .lbrace, .name, .colon,
        .stringBegin, .interpOpen, .name, .interpClose, .stringEnd, .rbrace, .rparen, .interpClose,
        .stringText, .stringEnd,
      ])
    let tokens = lex(#""n = ${n}""#).tokens
    XCTAssertEqual(tokens[1].text, "n = ")
    XCTAssertEqual(tokens[3].span, Span(line: 1, column: 8))
  }

  func testInterpolationIgnoresNewlines() {
    XCTAssertEqual(kinds("\"${1 +\n 2\n}\""), [.stringBegin, .interpOpen, .number, .plus, .number, .interpClose, .stringEnd])
  }

  func testComments() {
    XCTAssertEqual(kinds("x # comment ( [ \"\n y"), [.name, .newline, .name])
    XCTAssertEqual(kinds("# only a comment"), [])
  }

  func testColumnsCountUnicodeScalars() {
    // é is one scalar (2 bytes), 😀 one scalar (4 bytes, 2 UTF-16 units),
    // 👍🏽 two scalars forming one grapheme.
    let tokens = lex("\"é😀👍🏽\" + x").tokens
    XCTAssertEqual(tokens[0].span, Span(line: 1, column: 1, length: 6))
    XCTAssertEqual(tokens[1].span, Span(line: 1, column: 8))
    XCTAssertEqual(tokens[2].span, Span(line: 1, column: 10))
    let named = lex("let straße = 1").tokens
    XCTAssertEqual(named[1].span, Span(line: 1, column: 5, length: 6))
    XCTAssertEqual(named[2].span, Span(line: 1, column: 12))
    let commented = lex("# ünïcödé\n  y").tokens
    XCTAssertEqual(commented[0].span, Span(line: 2, column: 3))
  }

  func testNewlinesSeparateStatements() {
    XCTAssertEqual(kinds("a\nb"), [.name, .newline, .name])
    XCTAssertEqual(kinds("\n\na\n\n\nb\n\n"), [.name, .newline, .name, .newline])
    XCTAssertEqual(kinds("a;b"), [.name, .semicolon, .name])
  }

  func testNewlineContinuations() {
    // Open ( and [ and trailing operators continue the line.
    XCTAssertEqual(kinds("f(1,\n2)"), [.name, .lparen, .number, .comma, .number, .rparen])
    XCTAssertEqual(kinds("[1\n,2]"), [.lbracket, .number, .comma, .number, .rbracket])
    XCTAssertEqual(kinds("a +\nb"), [.name, .plus, .name])
    XCTAssertEqual(kinds("a and # why\n b"), [.name, .kwAnd, .name])
    XCTAssertEqual(kinds("x =\n1"), [.name, .assign, .number])
    // Leading |> and . continue the previous line, even across comments.
    XCTAssertEqual(kinds("xs\n  |> mean\n# c\n  |> print"), [.name, .pipe, .name, .pipe, .name])
    XCTAssertEqual(kinds("obj\n  .field\n  .method()"), [.name, .dot, .name, .dot, .name, .lparen, .rparen])
    // Inside braces newlines are kept, even within parentheses.
    XCTAssertEqual(
      kinds("f(fn(x) {\na\nb\n})"),
      [
        .name, .lparen, .kwFn, .lparen, .name, .rparen, .lbrace, .newline, .name, .newline, .name,
        .newline, .rbrace, .rparen,
      ])
    // A `-` at the start of a line does not continue.
    XCTAssertEqual(kinds("a\n-b"), [.name, .newline, .minus, .name])
  }

  func testInvalidCharacters() {
    XCTAssertEqual(messages("a § b"), ["invalid character '§'"])
    XCTAssertEqual(kinds("a § b"), [.name, .error, .name])
    XCTAssertEqual(messages("a §§§ b"), ["invalid character '§'"])
    XCTAssertEqual(messages("a\u{0}b"), ["invalid character U+0000"])
    XCTAssertEqual(messages("a\u{7}b"), ["invalid character U+0007"])
    XCTAssertEqual(messages("a\u{A0}b"), ["invalid character U+00A0"])
    XCTAssertEqual(messages("!x"), ["invalid character '!'; use 'not' or '!='"])
    XCTAssertEqual(messages("\"a\u{0}b\""), ["invalid character U+0000 in string; use an escape such as \\n or \\u{...}"])
    XCTAssertEqual(messages("# a\u{1}b"), ["invalid character U+0001 in comment"])
    XCTAssertTrue(messages("\"tab\there\"").isEmpty)
  }

  func testCRLFAndBOM() {
    XCTAssertEqual(kinds("\u{FEFF}a\r\nb\r\n"), [.name, .newline, .name, .newline])
    XCTAssertEqual(lex("\u{FEFF}abc").tokens[0].span, Span(line: 1, column: 1, length: 3))
  }

  func testUnbalancedBracketsDoNotTrap() {
    for text in [")))", "]]]", "}}}", "(]", "[)", "\"${)}\"", "\"${]\"", "{(}", "\"${", "\"${\"${\"${"] {
      let lexer = lex(text)
      XCTAssertEqual(lexer.tokens.last?.kind, .eof, text)
    }
  }
}
