import Foundation
import XCTest

@testable import RLSCore

/// Syntax errors, incomplete input, recovery and robustness.
final class ParserDiagnosticTests: XCTestCase {
  private func messages(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
    TestSupport.diagnostics(text, file: file, line: line).map(\.message)
  }

  func testIncompleteVersusFailure() {
    let table: [(String, String)] = [
      ("fn f() {", "incomplete"),
      ("fn f() {\n  let x = 1\n", "incomplete"),
      ("[1, 2", "incomplete"),
      ("[1, 2,\n", "incomplete"),
      ("f(1,", "incomplete"),
      ("{a: 1,", "incomplete"),
      ("{", "incomplete"),
      ("\"abc", "incomplete"),
      ("\"abc\n", "incomplete"),
      ("\"a ${x", "incomplete"),
      ("\"a ${x} b", "incomplete"),
      ("\"a ${\"b", "incomplete"),
      ("print(\"abc", "incomplete"),
      ("\"abc\\", "incomplete"),
      ("\"abc\\\n", "incomplete"),
      ("\"abc\\\ndef\"", "success"),
      ("1 +", "incomplete"),
      ("1 +\n", "incomplete"),
      ("x and", "incomplete"),
      ("xs |>", "incomplete"),
      ("let x = ", "incomplete"),
      ("let x =\n", "incomplete"),
      ("let", "incomplete"),
      ("x.", "incomplete"),
      ("x +=", "incomplete"),
      ("if x", "incomplete"),
      ("if x\n", "incomplete"),
      ("if x {} else", "incomplete"),
      ("if x {} else\n", "incomplete"),
      ("if x {} else if", "incomplete"),
      ("while x {", "incomplete"),
      ("for x in", "incomplete"),
      ("for x", "incomplete"),
      ("try { f() }", "incomplete"),
      ("try { f() }\n", "incomplete"),
      ("try { f() } catch e", "incomplete"),
      ("import", "incomplete"),
      ("import \"a.rls\" as", "incomplete"),
      ("fn", "incomplete"),
      ("fn f", "incomplete"),
      ("fn f(a,", "incomplete"),
      ("x[1:", "incomplete"),
      ("f(fn(x) {\n  x +", "incomplete"),
      ("print(1))", "failure"),
      ("let 5 = 3", "failure"),
      ("let = 5", "failure"),
      ("let = 5\nfn f() {", "failure"),
      ("print(1 2", "failure"),
      ("x = )", "failure"),
      ("}", "failure"),
      ("else { }", "failure"),
      ("§ (", "failure"),
      ("\"\\q", "failure"),
      ("1 2 +", "failure"),
      ("if x {} else {} else", "failure"),
      ("print(1)", "success"),
      ("if x {}", "success"),
      ("if x {}\n", "success"),
      ("let x", "success"),
      ("return", "success"),
      ("", "success"),
      ("\n\n", "success"),
      ("x # (", "success"),
    ]
    for (input, expected) in table {
      XCTAssertEqual(TestSupport.outcome(input), expected, input.debugDescription)
    }
  }

  func testIncompleteAsFileIsFailureWithDiagnostic() {
    func fileMessages(_ text: String) -> [String] {
      guard case .failure(let diags) = Parser.parse(Source(name: "f.rls", text: text), allowIncomplete: false) else {
        XCTFail("not a failure: \(text)")
        return []
      }
      return diags.map(\.message)
    }
    XCTAssertEqual(fileMessages("fn f() {\n  1\n"), ["expected '}' to close block, found end of input"])
    XCTAssertEqual(fileMessages("print(\"abc"), ["unterminated string"])
    XCTAssertEqual(fileMessages("1 +"), ["expected expression, found end of input"])
    XCTAssertEqual(fileMessages("\"a ${x"), ["expected '}' to end the interpolation, found end of input"])
    XCTAssertEqual(fileMessages("try { }\n"), ["expected 'catch' after try block, found end of input"])
    guard case .success = Parser.parse(Source(name: "f.rls", text: "x"), allowIncomplete: false) else {
      return XCTFail("x did not parse")
    }
  }

  func testMessages() {
    let cases: [(String, String)] = [
      ("print(1}", "expected ')' after arguments, found '}'"),
      ("else { }", "expected expression, found 'else'"),
      ("let x = if a b", "expected '{' after if condition, found 'b'"),
      ("while a b", "expected '{' after while condition, found 'b'"),
      ("fn f() x", "expected '{' after function parameters, found 'x'"),
      ("let 5 = 3", "expected name after 'let', found '5'"),
      ("let if = 3", "expected name after 'let', found 'if'"),
      ("print(1))", "unmatched ')'"),
      ("x]", "unmatched ']'"),
      ("}", "unmatched '}'"),
      ("let x = 5 5", "expected newline or ';' after statement, found '5'"),
      ("a + b = 3", "cannot assign to this expression"),
      ("f() = 3", "cannot assign to this expression"),
      ("1 += 3", "cannot assign to this expression"),
      ("for 1 in x {}", "expected loop variable name after 'for', found '1'"),
      ("for x of y {}", "expected 'in' after loop variable, found 'of'"),
      ("for k, k in m {}", "duplicate loop variable 'k'"),
      ("import 5", "expected module name or file path after 'import', found '5'"),
      ("import \"${x}\"", "an import path cannot contain '${...}'"),
      ("fn f(a, a) {}", "duplicate parameter 'a'"),
      ("fn f(a = 1, b) {}", "parameter 'b' without a default value follows a parameter with one"),
      ("fn f(1) {}", "expected parameter name, found '1'"),
      ("fn f(a b) {}", "expected ',' or ')' after parameter, found 'b'"),
      ("let f = fn g() {}", "expected '(' after 'fn', found 'g'"),
      ("try { } finally { }", "expected 'catch' after try block, found 'finally'"),
      ("\"${}\"", "expected expression, found '}'"),
      ("[1 2]", "expected ',' or ']' in list, found '2'"),
      ("(1 2)", "expected ')' after expression, found '2'"),
      ("x = \"a\" \"b\"", "expected newline or ';' after statement, found string"),
      ("a § b", "invalid character '§'"),
      ("x = y ! z", "invalid character '!'; use 'not' or '!='"),
    ]
    for (input, expected) in cases {
      XCTAssertEqual(TestSupport.diagnostics(input).first?.message, expected, input)
    }
  }

  func testInvalidCharacterIsReportedOnce() {
    XCTAssertEqual(messages("let x = §"), ["invalid character '§'"])
    XCTAssertEqual(messages("let x = 2y + 1"), ["invalid number '2y'"])
  }

  func testRecoveryReportsSeveralErrors() {
    let text = """
      let = 1
      let ok = 2
      print(1 2)
      fn f() {
        let y = )
        y + 1
        let 3
      }
      let m = {a: , b: 2}
      x = ]
      print("fine")
      """
    let diags = TestSupport.diagnostics(text)
    XCTAssertEqual(
      diags.map { "\($0.span): \($0.message)" },
      [
        "1:5: expected name after 'let', found '='",
        "3:9: expected ')' after arguments, found '2'",
        "5:11: expected expression, found ')'",
        "7:7: expected name after 'let', found '3'",
        "9:13: expected expression, found ','",
        "10:5: expected expression, found ']'",
      ])
  }

  func testErrorCap() {
    let text = String(repeating: "let = 1\n", count: 100)
    XCTAssertEqual(TestSupport.diagnostics(text).count, 20)
    let lexical = String(repeating: "§ 1\n", count: 100)
    XCTAssertEqual(TestSupport.diagnostics(lexical).count, 20)
  }

  func testErrorsInsideNestedBlocksResumeInTheBlock() {
    let text = "fn f() {\n  if x {\n    let = 1\n    y\n  }\n  z\n}\nw\n}"
    XCTAssertEqual(messages(text), ["expected name after 'let', found '='", "unmatched '}'"])
  }

  // MARK: - Nesting

  func testModerateNestingIsFine() {
    let n = 60
    XCTAssertEqual(TestSupport.outcome(String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)), "success")
    XCTAssertEqual(TestSupport.outcome(String(repeating: "[", count: n) + String(repeating: "]", count: n)), "success")
    XCTAssertEqual(TestSupport.outcome(String(repeating: "-", count: n) + "1"), "success")
    XCTAssertEqual(TestSupport.outcome(String(repeating: "not ", count: n) + "x"), "success")
    XCTAssertEqual(TestSupport.outcome(String(repeating: "fn(){", count: 30) + String(repeating: "}", count: 30)), "success")
    XCTAssertEqual(TestSupport.outcome((0..<100).map { "x\($0)" }.joined(separator: " + ")), "success")
  }

  func testDeepNestingIsOneDiagnostic() {
    let n = 100_000
    let inputs = [
      String(repeating: "(", count: n),
      String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n),
      String(repeating: "[", count: n),
      String(repeating: "{a:", count: n),
      String(repeating: "-", count: n) + "1",
      String(repeating: "not ", count: n) + "x",
      String(repeating: "fn(){", count: n),
      String(repeating: "fn(){", count: n) + String(repeating: "}", count: n),
      String(repeating: "if x {", count: n),
      String(repeating: "\"${", count: n),
      String(repeating: "x.", count: n) + "y",
      String(repeating: "f(", count: n),
      String(repeating: "a[", count: n),
      String(repeating: "2 ** ", count: n) + "2",
      String(repeating: "1 + ", count: n) + "1",
      String(repeating: "x |> ", count: n) + "f",
      String(repeating: "x(", count: n) + String(repeating: ")", count: n),
      "if a {} " + String(repeating: "else if a {} ", count: n),
      "f" + String(repeating: "()", count: n),
    ]
    for input in inputs {
      let diags = TestSupport.diagnostics(input)
      XCTAssertEqual(diags.map(\.message), ["nesting too deep (limit 200)"], String(input.prefix(20)))
    }
  }

  func testDeepNestingFitsOnASmallThreadStack() {
    // Nesting just under the limit must parse on a 1 MB secondary-thread stack
    // (debug build; release frames are much smaller).
    let inputs = [
      String(repeating: "(", count: 190) + "1" + String(repeating: ")", count: 190),
      String(repeating: "[", count: 190) + String(repeating: "]", count: 190),
      String(repeating: "-", count: 190) + "1",
      String(repeating: "\"${", count: 190) + "1" + String(repeating: "}\"", count: 190),
      String(repeating: "fn(){", count: 95) + String(repeating: "}", count: 95),
      String(repeating: "(", count: 100_000),
    ]
    let done = DispatchSemaphore(value: 0)
    let results = LockedBox<[String]>([])
    let thread = Thread {
      for input in inputs { results.append(TestSupport.outcome(input)) }
      done.signal()
    }
    thread.stackSize = 1 << 20
    thread.start()
    done.wait()
    XCTAssertEqual(results.value, ["success", "success", "success", "success", "success", "failure"])
  }

  // MARK: - Never trap

  func testRandomInputsNeverTrap() {
    let fragments = [
      "let", "fn", "if", "else", "for", "in", "while", "break", "continue", "return", "try", "catch",
      "import", "as", "and", "or", "not", "true", "false", "nil", "x", "f", "1", "0x", "1e", "2.5", "\"s\"",
      "\"a ${", "}", "{", "(", ")", "[", "]", ",", ":", ";", ".", "+", "-", "*", "/", "%", "**", "@", "==",
      "!=", "<", "<=", ">", ">=", "=", "+=", "-=", "*=", "/=", "|>", "\n", " ", "#c\n", "\\", "\"", "§",
      "\u{0}", "é", "\r\n", "\"\\u{", "$", "!", "|",
    ]
    var rng = SplitMix(seed: 42)
    for _ in 0..<3000 {
      let count = Int(rng.next() % 40)
      var text = ""
      for _ in 0..<count { text += fragments[Int(rng.next() % UInt64(fragments.count))] }
      for allowIncomplete in [true, false] {
        let result = Parser.parse(Source(name: "fuzz", text: text), allowIncomplete: allowIncomplete)
        if case .failure(let diags) = result {
          XCTAssertFalse(diags.isEmpty, text.debugDescription)
          XCTAssertLessThanOrEqual(diags.count, 20)
        }
        if !allowIncomplete, case .incomplete = result { XCTFail("incomplete for a file: \(text.debugDescription)") }
      }
    }
  }

  func testRandomScalarsNeverTrap() {
    var rng = SplitMix(seed: 7)
    for _ in 0..<500 {
      var scalars = String.UnicodeScalarView()
      for _ in 0..<Int(rng.next() % 60) {
        let pick = rng.next() % 4
        let value: UInt32 =
          pick == 0 ? UInt32(rng.next() % 0x80) : pick == 1 ? UInt32(rng.next() % 0x800) : UInt32(rng.next() % 0x11_0000)
        if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
      }
      _ = Parser.parse(Source(name: "fuzz", text: String(scalars)))
    }
  }
}
