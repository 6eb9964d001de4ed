/// Renders syntax trees as S-expressions (`rls run --dump-ast`).
public enum ASTPrinter {
  /// One statement.
  public static func print(_ s: Stmt) -> String {
    switch s.kind {
    case .let(let n, let v): return "(let \(n)\(v.map { " " + print($0) } ?? ""))"
    case .function(let f): return function(f)
    case .assign(let t, let op, let v): return "(\(op.rawValue) \(print(t)) \(print(v)))"
    case .expr(let e): return print(e)
    case .while(let c, let b): return "(while \(print(c)) \(block(b)))"
    case .for(let a, let b, let it, let body): return "(for \(a)\(b.map { " " + $0 } ?? "") \(print(it)) \(block(body)))"
    case .break: return "(break)"
    case .continue: return "(continue)"
    case .return(let v): return "(return\(v.map { " " + print($0) } ?? ""))"
    case .import(let p, let isPath, let alias): return "(import \(isPath ? quote(p) : p)\(alias.map { " as " + $0 } ?? ""))"
    }
  }

  /// One expression.
  public static func print(_ e: Expr) -> String {
    switch e.kind {
    case .number(let d): return formatNumber(d)
    case .string(let s): return quote(s)
    case .interpolated(let parts):
      return "(str "
        + parts.map { p -> String in
          switch p {
          case .text(let t): return quote(t)
          case .expr(let x): return print(x)
          }
        }.joined(separator: " ") + ")"
    case .bool(let b): return b ? "true" : "false"
    case .nil: return "nil"
    case .name(let n): return n
    case .list(let xs): return "[" + xs.map(print).joined(separator: " ") + "]"
    case .map(let es): return "{" + es.map { "\(print($0.key)): \(print($0.value))" }.joined(separator: " ") + "}"
    case .unary(let op, let x): return "(\(op.rawValue) \(print(x)))"
    case .binary(let op, let l, let r): return "(\(op.rawValue) \(print(l)) \(print(r)))"
    case .and(let l, let r): return "(and \(print(l)) \(print(r)))"
    case .or(let l, let r): return "(or \(print(l)) \(print(r)))"
    case .call(let f, let args, let kws):
      return "(call \(print(f))" + args.map { " " + print($0) }.joined() + kws.map { " \($0.name): \(print($0.value))" }.joined() + ")"
    case .index(let x, let subs):
      return "(index \(print(x))"
        + subs.map { s -> String in
          switch s {
          case .expr(let i): return " " + print(i)
          case .slice(let lo, let hi, let st): return " (slice \(lo.map(print) ?? "_") \(hi.map(print) ?? "_") \(st.map(print) ?? "_"))"
          }
        }.joined() + ")"
    case .field(let x, let n): return "(. \(print(x)) \(n))"
    case .function(let f): return function(f)
    case .if(let c, let t, let el): return "(if \(print(c)) \(block(t))\(el.map { " " + block($0) } ?? ""))"
    case .try(let b, let n, let h): return "(try \(block(b)) catch \(n ?? "_") \(block(h)))"
    }
  }

  static func function(_ f: FunctionDecl) -> String {
    let ps = f.params.map { p in p.defaultValue.map { "\(p.name)=\(print($0))" } ?? p.name }.joined(separator: " ")
    return "(fn \(f.name ?? "_") (\(ps)) \(block(f.body)))"
  }

  static func block(_ b: Block) -> String {
    "(block" + b.statements.map { " " + print($0) }.joined() + ")"
  }
}

import RLSNumerics
