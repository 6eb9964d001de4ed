import XCTest

@testable import RLSCore

/// Parsing helpers shared by the syntax tests.
enum TestSupport {
  /// Parses `text` as a REPL entry.
  static func parse(_ text: String) -> ParseResult {
    Parser.parse(Source(name: "<test>", text: text))
  }

  /// The program rendered as S-expressions, or a description of the failure.
  static func sexpr(_ text: String) -> String {
    switch parse(text) {
    case .success(let program): return SExpr.render(program)
    case .incomplete: return "<incomplete>"
    case .failure(let diags): return "<failure: " + diags.map { "\($0.span): \($0.message)" }.joined(separator: " | ") + ">"
    }
  }

  /// The program, failing the test when the parse does not succeed.
  static func program(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Program? {
    switch parse(text) {
    case .success(let program): return program
    case .incomplete:
      XCTFail("incomplete: \(text)", file: file, line: line)
    case .failure(let diags):
      XCTFail("failed: \(text): \(diags.map { "\($0.span) \($0.message)" })", file: file, line: line)
    }
    return nil
  }

  /// The first statement's expression (statement must be an expression).
  static func expr(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Expr? {
    guard let program = program(text, file: file, line: line) else { return nil }
    guard let first = program.statements.first, case .expr(let e) = first.kind else {
      XCTFail("not an expression statement: \(text)", file: file, line: line)
      return nil
    }
    return e
  }

  /// The diagnostics of a failed parse (empty, with a test failure, otherwise).
  static func diagnostics(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [Diagnostic] {
    switch parse(text) {
    case .failure(let diags): return diags
    case .incomplete:
      XCTFail("expected failure, got incomplete: \(text)", file: file, line: line)
    case .success:
      XCTFail("expected failure, got success: \(text)", file: file, line: line)
    }
    return []
  }

  /// "success", "incomplete" or "failure".
  static func outcome(_ text: String) -> String {
    switch parse(text) {
    case .success: return "success"
    case .incomplete: return "incomplete"
    case .failure: return "failure"
    }
  }
}
