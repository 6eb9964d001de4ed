import XCTest

@testable import RLSCore

final class ParserTests: XCTestCase {
  private func s(_ text: String) -> String { TestSupport.sexpr(text) }

  // MARK: - Precedence

  func testPrecedenceTable() {
    let cases: [(String, String)] = [
      ("1 + 2 * 3", "(+ 1 (* 2 3))"),
      ("1 * 2 + 3", "(+ (* 1 2) 3)"),
      ("1 - 2 - 3", "(- (- 1 2) 3)"),
      ("a / b % c @ d", "(@ (% (/ a b) c) d)"),
      ("a + b == c * d", "(== (+ a b) (* c d))"),
      ("a < b and c >= d or e != f", "(or (and (< a b) (>= c d)) (!= e f))"),
      ("a or b and c", "(or a (and b c))"),
      ("not a == b", "(not (== a b))"),
      ("not a and b", "(and (not a) b)"),
      ("not not a", "(not (not a))"),
      ("a and not b or c", "(or (and a (not b)) c)"),
      ("-a * b", "(* (- a) b)"),
      ("-2 ** 2", "(- (** 2 2))"),
      ("2 ** -1", "(** 2 (- 1))"),
      ("2 ** 3 ** 2", "(** 2 (** 3 2))"),
      ("-x ** -y ** z", "(- (** x (- (** y z))))"),
      ("--x", "(- (- x))"),
      ("a ** b * c", "(* (** a b) c)"),
      ("f(x) ** 2", "(** (call f x) 2)"),
      ("-f(x).y[0]", "(- (index (. (call f x) y) 0))"),
      ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
      ("a or b |> f", "(call f (or a b))"),
      ("a |> f or b", "<failure: 1:6: expected a function name, field or call after '|>'>"),
      ("1 <= 2 == true", "<failure: 1:8: comparison operators cannot be chained; combine comparisons with 'and'>"),
    ]
    for (input, expected) in cases {
      XCTAssertEqual(s(input), expected, input)
    }
  }

  func testLiterals() {
    XCTAssertEqual(s("12; 3.5; true; false; nil; \"hi\"; x"), "12; 3.5; true; false; nil; \"hi\"; x")
    XCTAssertEqual(s("[1, 2, 3]; []; [1,]; [\n1,\n2\n]"), "(list 1 2 3); (list); (list 1); (list 1 2)")
    XCTAssertEqual(s("1e999"), "inf")
  }

  // MARK: - Pipelines

  func testPipelines() {
    XCTAssertEqual(s("xs |> mean"), "(call mean xs)")
    XCTAssertEqual(s("x |> f(a, k: 1)"), "(call f x a k:1)")
    XCTAssertEqual(s("x |> m.f(a)"), "(call (. m f) x a)")
    XCTAssertEqual(s("x |> m.f"), "(call (. m f) x)")
    XCTAssertEqual(s("x |> f |> g(2)"), "(call g (call f x) 2)")
    XCTAssertEqual(s("1 + 2 |> str"), "(call str (+ 1 2))")
    XCTAssertEqual(s("xs |> map(fn(v) { v * 2 })"), "(call map xs (fn (v) (block (* v 2))))")
    XCTAssertEqual(s("let m = xs\n  |> filter(ok)\n  |> mean"), "(let m (call mean (call filter xs ok)))")
    XCTAssertEqual(s("xs |>\n  sum"), "(call sum xs)")
    XCTAssertEqual(s("x |> fs[0]"), "(call (index fs 0) x)")
  }

  func testPipelineIntoNonCallable() {
    let diags = TestSupport.diagnostics("x |> 1 + f")
    XCTAssertEqual(diags.map(\.message), ["expected a function name, field or call after '|>'"])
    XCTAssertEqual(diags.first?.span, Span(line: 1, column: 6))
    XCTAssertEqual(TestSupport.diagnostics("x |> [f]").map(\.message), ["expected a function name, field or call after '|>'"])
  }

  // MARK: - Calls, index, fields

  func testCalls() {
    XCTAssertEqual(s("f()"), "(call f)")
    XCTAssertEqual(s("f(1, 2,)"), "(call f 1 2)")
    XCTAssertEqual(s("ope.ips(fb, clip: 100, seed: 3,)"), "(call (. ope ips) fb clip:100 seed:3)")
    XCTAssertEqual(s("f(a: 1)"), "(call f a:1)")
    XCTAssertEqual(s("f(g(x)(y))"), "(call f (call (call g x) y))")
    XCTAssertEqual(s("f(\n  1,\n  k: 2\n)"), "(call f 1 k:2)")
    XCTAssertEqual(s("f\n(1)"), "f; 1")
  }

  func testCallArgumentErrors() {
    XCTAssertEqual(TestSupport.diagnostics("f(k: 1, 2)").map(\.message), ["positional argument after keyword arguments"])
    XCTAssertEqual(TestSupport.diagnostics("f(k: 1, k: 2)").map(\.message), ["duplicate keyword argument 'k'"])
    XCTAssertEqual(
      TestSupport.diagnostics("f(k = 1)").map(\.message),
      ["expected ')' after arguments, found '='; keyword arguments are written 'name: value'"])
    XCTAssertEqual(TestSupport.diagnostics("f(1 2)").map(\.message), ["expected ')' after arguments, found '2'"])
  }

  func testSlices() {
    let cases: [(String, String)] = [
      ("x[i]", "(index x i)"),
      ("x[a:b]", "(index x (slice a b _))"),
      ("x[:b]", "(index x (slice _ b _))"),
      ("x[a:]", "(index x (slice a _ _))"),
      ("x[:]", "(index x (slice _ _ _))"),
      ("x[a:b:s]", "(index x (slice a b s))"),
      ("x[::2]", "(index x (slice _ _ 2))"),
      ("x[a::-1]", "(index x (slice a _ (- 1)))"),
      ("x[a:b:]", "(index x (slice a b _))"),
      ("t[i, j]", "(index t i j)"),
      ("t[:, j]", "(index t (slice _ _ _) j)"),
      ("t[1:-1, ::2]", "(index t (slice 1 (- 1) _) (slice _ _ 2))"),
      ("xs[-1]", "(index xs (- 1))"),
      ("m[\"b c\"][0].k", "(. (index (index m \"b c\") 0) k)"),
    ]
    for (input, expected) in cases {
      XCTAssertEqual(s(input), expected, input)
    }
    XCTAssertEqual(TestSupport.diagnostics("x[]").map(\.message), ["expected expression, found ']'"])
    XCTAssertEqual(TestSupport.diagnostics("x[1:2:3:4]").map(\.message), ["expected ']' after index, found ':'"])
  }

  func testFields() {
    XCTAssertEqual(s("t.T.shape"), "(. (. t T) shape)")
    XCTAssertEqual(s("e.message; r.in"), "(. e message); (. r in)")
    XCTAssertEqual(TestSupport.diagnostics("x.1").map(\.message), ["expected field name after '.', found '1'"])
  }

  // MARK: - Maps

  func testMaps() {
    XCTAssertEqual(s("let m = {alpha: 0.5, \"b c\": 2, 3: \"x\", -1: y}"), "(let m (map (\"alpha\" 0.5) (\"b c\" 2) (3 \"x\") (-1 y)))")
    XCTAssertEqual(s("let m = {}"), "(let m (map))")
    XCTAssertEqual(s("{a: 1}"), "(map (\"a\" 1))")
    XCTAssertEqual(s("{}"), "(map)")
    XCTAssertEqual(
      s("let cfg = {\n  lr: 0.1,\n\n  layers: [4,\n 8],\n  f: fn(x) {\n    let y = x\n    y\n  },\n}\nprint(cfg)"),
      "(let cfg (map (\"lr\" 0.1) (\"layers\" (list 4 8)) (\"f\" (fn (x) (block (let y x) y))))); (call print cfg)")
    XCTAssertEqual(s("{\n a\n :\n 1\n ,\n b: 2\n }"), "(map (\"a\" 1) (\"b\" 2))")
    XCTAssertEqual(s("f({clip: 100})"), "(call f (map (\"clip\" 100)))")
  }

  func testMapErrors() {
    XCTAssertEqual(TestSupport.diagnostics("{a: 1\n b: 2}").map(\.message), ["expected ',' or '}' in map, found 'b'"])
    XCTAssertEqual(TestSupport.diagnostics("{a 1}").map(\.message), ["expected ':' after map key, found '1'"])
    XCTAssertEqual(TestSupport.diagnostics("{[1]: 2}").map(\.message), ["expected map key (a name, string or number), found '['"])
    XCTAssertEqual(TestSupport.diagnostics("{\"${k}\": 2}").map(\.message), ["a map key cannot contain '${...}'"])
    // The error inside the map does not leave a stray '}'.
    XCTAssertEqual(TestSupport.diagnostics("let m = {a: }\nlet ok = 1").count, 1)
  }

  // MARK: - if / try

  func testIfExpressions() {
    XCTAssertEqual(s("let s = if n >= 0 { 1 } else { -1 }"), "(let s (if (>= n 0) (block 1) (block (- 1))))")
    XCTAssertEqual(
      s("if n > 3 { print(\"big\") } else if n > 1 { print(\"mid\") } else { print(\"small\") }"),
      "(if (> n 3) (block (call print \"big\")) (block (if (> n 1) (block (call print \"mid\")) (block (call print \"small\")))))")
    XCTAssertEqual(s("if a {\n  1\n}\nelse {\n  2\n}"), "(if a (block 1) (block 2))")
    XCTAssertEqual(s("if a { 1 }\n\n# note\nelse if b { 2 }\nelse { 3 }"), "(if a (block 1) (block (if b (block 2) (block 3))))")
    XCTAssertEqual(s("if a { 1 }\nx"), "(if a (block 1)); x")
    XCTAssertEqual(s("if a\n{\n  b\n}"), "(if a (block b))")
    XCTAssertEqual(s("if x == {} { 1 }"), "(if (== x (map)) (block 1))")
    XCTAssertEqual(s("f(if a { 1 } else { 2 }, 3)"), "(call f (if a (block 1) (block 2)) 3)")
    XCTAssertEqual(s("if a { } else { }"), "(if a (block) (block))")
  }

  func testElseIfShape() throws {
    let e = try XCTUnwrap(TestSupport.expr("if a { 1 } else if b { 2 }"))
    guard case .if(_, _, let elseBlock?) = e.kind else { return XCTFail("not an if with else") }
    XCTAssertEqual(elseBlock.statements.count, 1)
    guard case .expr(let nested) = elseBlock.statements[0].kind, case .if(_, _, let inner) = nested.kind else {
      return XCTFail("else block does not hold an if")
    }
    XCTAssertNil(inner)
    XCTAssertEqual(nested.span, Span(line: 1, column: 17, length: 2))
  }

  func testTryExpressions() {
    XCTAssertEqual(
      s("try { error(\"boom\") } catch e { print(e.message) }"), "(try (block (call error \"boom\")) e (block (call print (. e message))))")
    XCTAssertEqual(s("let v = try { f() } catch { 0 }"), "(let v (try (block (call f)) _ (block 0)))")
    XCTAssertEqual(s("try {\n f()\n}\ncatch e {\n 0\n}"), "(try (block (call f)) e (block 0))")
  }

  // MARK: - Statements

  func testStatements() {
    let cases: [(String, String)] = [
      ("let x = 1", "(let x 1)"),
      ("let x", "(let x)"),
      ("x = 2", "(= x 2)"),
      ("x += 1; x -= 1; x *= 2; x /= 2", "(+= x 1); (-= x 1); (*= x 2); (/= x 2)"),
      ("m.k = 1", "(= (. m k) 1)"),
      ("xs[0] += 1", "(+= (index xs 0) 1)"),
      ("while n > 0 { n -= 1; if n == 3 { break } }", "(while (> n 0) (block (-= n 1) (if (== n 3) (block (break)))))"),
      ("for i in range(5) { continue }", "(for i (call range 5) (block (continue)))"),
      ("for k, v in m { }", "(for k v m (block))"),
      ("fn f() { return }", "(fn f () (block (return)))"),
      ("fn f() { return; }", "(fn f () (block (return)))"),
      ("fn f() {\n  return\n}", "(fn f () (block (return)))"),
      ("fn f(x) { return x + 1 }", "(fn f (x) (block (return (+ x 1))))"),
      ("return", "(return)"),
      ("import \"helpers.rls\" as h", "(import \"helpers.rls\" as h)"),
      ("import \"helpers.rls\"", "(import \"helpers.rls\")"),
      ("import ope_report", "(import ope_report)"),
      ("import ope_report as r", "(import ope_report as r)"),
      ("fn add(a, b = 1) {\n  a + b\n}", "(fn add (a b=1) (block (+ a b)))"),
      ("fn f(\n  a,\n  b = [1, 2],\n) { }", "(fn f (a b=(list 1 2)) (block))"),
      ("let sq = fn(x) { x * x }", "(let sq (fn (x) (block (* x x))))"),
      ("fn(x) { x }(3)", "(call (fn (x) (block x)) 3)"),
      ("fn (x) { x }", "(fn (x) (block x))"),
      (";;x;;\n\n;y", "x; y"),
      ("", ""),
      ("  # only a comment\n", ""),
    ]
    for (input, expected) in cases {
      XCTAssertEqual(s(input), expected, input)
    }
  }

  func testImportFlags() throws {
    let program = try XCTUnwrap(TestSupport.program("import \"a.rls\" as h\nimport b"))
    guard case .import(let p1, let isPath1, let alias1) = program.statements[0].kind,
      case .import(let p2, let isPath2, let alias2) = program.statements[1].kind
    else { return XCTFail("not imports") }
    XCTAssertEqual(p1, "a.rls")
    XCTAssertTrue(isPath1)
    XCTAssertEqual(alias1, "h")
    XCTAssertEqual(p2, "b")
    XCTAssertFalse(isPath2)
    XCTAssertNil(alias2)
  }

  func testSpecExampleParses() {
    let text = """
      # comment to end of line
      let n = 10                      # declare (mutable); reassign with n = 11
      n += 1                          # also -= *= /=
      let xs = [1, 2, 3]              # list, 0-indexed: xs[0], xs[-1], xs[1:3]
      let m = {alpha: 0.5, "b c": 2}  # map, insertion-ordered: m.alpha, m["b c"]
      fn add(a, b = 1) {              # named function, default parameter
        a + b                         # a block's last expression is its value
      }
      let sq = fn(x) { x * x }        # anonymous function; closures capture variables
      if n > 3 { print("big") } else if n > 1 { print("mid") } else { print("small") }
      let sign = if n >= 0 { 1 } else { -1 }       # if is an expression
      for i in range(5) { continue }  # range(n), range(a, b), range(a, b, step)
      for x in xs { }                 # lists, tensors (elements or rows), strings
      for k, v in m { }               # maps: key, value; lists: index, value
      while n > 0 { n -= 1; if n == 3 { break } }
      return x                        # inside functions
      let s = "n = ${n}, mean = ${mean(xs)}"   # string interpolation, \\n \\t \\" \\\\ escapes
      try { error("boom") } catch e { print(e.message) }
      import "helpers.rls" as h       # a user file, relative to the importing file
      import ope_report               # a module of Stdlib/ (Stdlib/ope_report.rls)
      xs |> mean                      # pipeline: x |> f(a) is f(x, a)
      """
    let program = TestSupport.program(text)
    XCTAssertEqual(program?.statements.count, 18)
  }

  // MARK: - Strings

  func testInterpolation() {
    XCTAssertEqual(s("\"n = ${n}, mean = ${mean(xs)}\""), "(str \"n = \" n \", mean = \" (call mean xs))")
    XCTAssertEqual(s("\"${a}${b}\""), "(str a b)")
    XCTAssertEqual(s("\"x ${ {k: \"}\"}.k } y\""), "(str \"x \" (. (map (\"k\" \"}\")) k) \" y\")")
    XCTAssertEqual(s("\"a ${\"b ${c} d\"} e\""), "(str \"a \" (str \"b \" c \" d\") \" e\")")
    XCTAssertEqual(s("\"${f(1,\n 2)}\""), "(str (call f 1 2))")
    XCTAssertEqual(s("\"\\${x}\""), "\"${x}\"")
    XCTAssertEqual(s("\"${fn() {\n 1\n}}\""), "(str (fn () (block 1)))")
  }

  func testInterpolationSpansPointIntoSource() throws {
    let e = try XCTUnwrap(TestSupport.expr("\"é ${a + bb} ${f(x)}\""))
    XCTAssertEqual(e.span, Span(line: 1, column: 1))
    guard case .interpolated(let parts) = e.kind, parts.count == 4,
      case .expr(let sum) = parts[1], case .expr(let call) = parts[3],
      case .binary(.add, let a, let bb) = sum.kind
    else { return XCTFail("unexpected shape") }
    XCTAssertEqual(sum.span, Span(line: 1, column: 8))
    XCTAssertEqual(a.span, Span(line: 1, column: 6))
    XCTAssertEqual(bb.span, Span(line: 1, column: 10, length: 2))
    XCTAssertEqual(call.span, Span(line: 1, column: 16))
    XCTAssertEqual(TestSupport.diagnostics("\"ab ${1 +} c\"").first?.span, Span(line: 1, column: 10))
  }

  // MARK: - Spans

  func testSpanConventions() throws {
    let program = try XCTUnwrap(TestSupport.program("let v = ope.ips(fb, clip: 1) + xs[0].k\n  x |> f"))
    guard case .let(_, let value?) = program.statements[0].kind,
      case .binary(.add, let call, let field) = value.kind,
      case .call(let callee, let args, let keywords) = call.kind,
      case .field(let index, _) = field.kind
    else { return XCTFail("unexpected shape") }
    XCTAssertEqual(program.statements[0].span, Span(line: 1, column: 1, length: 3))
    XCTAssertEqual(value.span, Span(line: 1, column: 30))  // '+'
    XCTAssertEqual(call.span, Span(line: 1, column: 9, length: 7))  // 'ope.ips'
    XCTAssertEqual(callee.span, Span(line: 1, column: 12, length: 4))  // '.ips'
    XCTAssertEqual(args[0].span, Span(line: 1, column: 17, length: 2))
    XCTAssertEqual(keywords[0].span, Span(line: 1, column: 21, length: 4))
    XCTAssertEqual(field.span, Span(line: 1, column: 37, length: 2))  // '.k'
    XCTAssertEqual(index.span, Span(line: 1, column: 34))  // '['
    XCTAssertEqual(program.statements[1].span, Span(line: 2, column: 3))
    guard case .expr(let pipe) = program.statements[1].kind else { return XCTFail("not expr") }
    XCTAssertEqual(pipe.span, Span(line: 2, column: 8))  // the callee 'f'
  }

  func testSpansAfterNonASCIIText() throws {
    // Columns count scalars: 'é' is 2 bytes, '😀' 4 bytes / 2 UTF-16 units,
    // '👍🏽' is 2 scalars in one grapheme.
    let program = try XCTUnwrap(TestSupport.program("let s = \"é😀👍🏽\" + nope\nlet ü = 1; ü"))
    guard case .let(_, let value?) = program.statements[0].kind, case .binary(_, _, let right) = value.kind else {
      return XCTFail("unexpected shape")
    }
    XCTAssertEqual(value.span, Span(line: 1, column: 16))
    XCTAssertEqual(right.span, Span(line: 1, column: 18, length: 4))
    XCTAssertEqual(program.statements[2].span, Span(line: 2, column: 12))
    let diags = TestSupport.diagnostics("print(\"ñandú\", )x")
    XCTAssertEqual(diags.first?.span, Span(line: 1, column: 17))
  }

  func testBlockAndParamSpans() throws {
    let program = try XCTUnwrap(TestSupport.program("fn f(a, b = 2) {\n  a\n}"))
    guard case .function(let decl) = program.statements[0].kind else { return XCTFail("not fn") }
    XCTAssertEqual(decl.span, Span(line: 1, column: 1, length: 2))
    XCTAssertEqual(decl.params.map(\.span), [Span(line: 1, column: 6), Span(line: 1, column: 9)])
    XCTAssertEqual(decl.body.span, Span(line: 1, column: 16))
    XCTAssertEqual(decl.body.statements[0].span, Span(line: 2, column: 3))
  }

  // MARK: - Performance

  func testLargeFileParsesQuickly() {
    var lines: [String] = []
    for i in 0..<1000 {
      lines.append("fn f\(i)(a, b = \(i)) {")
      lines.append("  let xs = [a, b, \(i).5, 1e-3] |> map(fn(x) { x * 2 + 1 })")
      lines.append("  if a > b { return {mean: mean(xs), s: \"v = ${xs[0:2]}\"} } else { a -= 1 }")
      lines.append("  for k, v in m { total += v ** 2 }")
      lines.append("}")
    }
    let source = Source(name: "big.rls", text: lines.joined(separator: "\n"))
    let start = ContinuousClock.now
    let result = Parser.parse(source)
    let elapsed = ContinuousClock.now - start
    guard case .success(let program) = result else { return XCTFail("big file did not parse") }
    XCTAssertEqual(program.statements.count, 1000)
    // 5000 lines; the debug build is several times slower than release.
    XCTAssertLessThan(elapsed, .milliseconds(1000), "\(elapsed)")
    print("parsed 5000 lines in \(elapsed)")
  }
}
