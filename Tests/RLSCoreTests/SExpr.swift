@testable import RLSCore

/// Test-only printer rendering syntax trees as S-expressions, e.g.
/// `(+ 1 (* 2 3))`, so tests can assert on strings.
enum SExpr {
  /// Renders a whole program, statements separated by "; ".
  static func render(_ program: Program) -> String {
    program.statements.map(render).joined(separator: "; ")
  }

  /// Renders a statement.
  static func render(_ stmt: Stmt) -> String {
    switch stmt.kind {
    case .let(let name, let value):
      return value.map { "(let \(name) \(render($0)))" } ?? "(let \(name))"
    case .function(let decl):
      return render(decl)
    case .assign(let target, let op, let value):
      return "(\(op.rawValue) \(render(target)) \(render(value)))"
    case .expr(let e):
      return render(e)
    case .while(let cond, let body):
      return "(while \(render(cond)) \(render(body)))"
    case .for(let first, let second, let iterable, let body):
      return "(for \(first)\(second.map { " " + $0 } ?? "") \(render(iterable)) \(render(body)))"
    case .break:
      return "(break)"
    case .continue:
      return "(continue)"
    case .return(let value):
      return value.map { "(return \(render($0)))" } ?? "(return)"
    case .import(let path, let isPath, let alias):
      return "(import \(isPath ? quote(path) : path)\(alias.map { " as " + $0 } ?? ""))"
    }
  }

  /// Renders a block as `(block s1 s2 ...)`.
  static func render(_ block: Block) -> String {
    (["block"] + block.statements.map(render)).joined(separator: " ").wrapped
  }

  /// Renders a function declaration or literal.
  static func render(_ decl: FunctionDecl) -> String {
    let params = decl.params.map { p in p.defaultValue.map { "\(p.name)=\(render($0))" } ?? p.name }
    return "(fn\(decl.name.map { " " + $0 } ?? "") (\(params.joined(separator: " "))) \(render(decl.body)))"
  }

  /// Renders an expression.
  static func render(_ expr: Expr) -> String {
    switch expr.kind {
    case .number(let v):
      if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
      return "\(v)"
    case .string(let s):
      return quote(s)
    case .interpolated(let parts):
      let items = parts.map { part -> String in
        switch part {
        case .text(let t): return quote(t)
        case .expr(let e): return render(e)
        }
      }
      return (["str"] + items).joined(separator: " ").wrapped
    case .bool(let b):
      return b ? "true" : "false"
    case .nil:
      return "nil"
    case .name(let n):
      return n
    case .list(let items):
      return (["list"] + items.map(render)).joined(separator: " ").wrapped
    case .map(let entries):
      return (["map"] + entries.map { "(\(render($0.key)) \(render($0.value)))" }).joined(separator: " ").wrapped
    case .unary(let op, let operand):
      return "(\(op.rawValue) \(render(operand)))"
    case .binary(let op, let l, let r):
      return "(\(op.rawValue) \(render(l)) \(render(r)))"
    case .and(let l, let r):
      return "(and \(render(l)) \(render(r)))"
    case .or(let l, let r):
      return "(or \(render(l)) \(render(r)))"
    case .call(let callee, let args, let keywords):
      let items = [render(callee)] + args.map(render) + keywords.map { "\($0.name):\(render($0.value))" }
      return (["call"] + items).joined(separator: " ").wrapped
    case .index(let base, let subscripts):
      let items = subscripts.map { sub -> String in
        switch sub {
        case .expr(let e): return render(e)
        case .slice(let lo, let hi, let step):
          return "(slice \(lo.map(render) ?? "_") \(hi.map(render) ?? "_") \(step.map(render) ?? "_"))"
        }
      }
      return (["index", render(base)] + items).joined(separator: " ").wrapped
    case .field(let base, let name):
      return "(. \(render(base)) \(name))"
    case .function(let decl):
      return render(decl)
    case .if(let cond, let thenBlock, let elseBlock):
      return "(if \(render(cond)) \(render(thenBlock))\(elseBlock.map { " " + render($0) } ?? ""))"
    case .try(let body, let errorName, let handler):
      return "(try \(render(body)) \(errorName ?? "_") \(render(handler)))"
    }
  }

  /// A string literal in double quotes with `"` `\` and newline escaped.
  static func quote(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default: out.unicodeScalars.append(c)
      }
    }
    return out + "\""
  }
}

extension String {
  /// The string in parentheses.
  fileprivate var wrapped: String { "(" + self + ")" }
}
