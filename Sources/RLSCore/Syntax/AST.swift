/// The syntax tree produced by `Parser` and consumed by `Compiler`.
///
/// Every node carries the `Span` of its first token, which the compiler copies
/// into the line table so runtime errors point at the right column.

/// A block of statements `{ ... }`; its value is the value of its last
/// statement when that statement is an expression.
public struct Block {
  public var statements: [Stmt]
  public var span: Span
  public init(statements: [Stmt], span: Span) {
    self.statements = statements
    self.span = span
  }
}

/// A parameter of a function: `name` or `name = default`.
public struct Param {
  public var name: String
  public var defaultValue: Expr?
  public var span: Span
  public init(name: String, defaultValue: Expr?, span: Span) {
    self.name = name
    self.defaultValue = defaultValue
    self.span = span
  }
}

/// A function literal or declaration. `name` is nil for `fn(x) { ... }`.
public final class FunctionDecl {
  public let name: String?
  public let params: [Param]
  public let body: Block
  public let span: Span
  public init(name: String?, params: [Param], body: Block, span: Span) {
    self.name = name
    self.params = params
    self.body = body
    self.span = span
  }
}

/// A keyword argument in a call: `clip: 100`.
public struct KeywordArg {
  public var name: String
  public var value: Expr
  public var span: Span
  public init(name: String, value: Expr, span: Span) {
    self.name = name
    self.value = value
    self.span = span
  }
}

/// One entry of a map literal. `key` is a `.string` or `.number` literal
/// (an identifier key `alpha:` is parsed as the string "alpha").
public struct MapEntry {
  public var key: Expr
  public var value: Expr
  public init(key: Expr, value: Expr) {
    self.key = key
    self.value = value
  }
}

/// One part of an interpolated string `"a ${x} b"`.
public enum StringPart {
  case text(String)
  case expr(Expr)
}

/// One subscript inside `[...]`: an expression, or a slice `lo:hi` / `lo:hi:step`
/// where each bound may be omitted (`:` alone is the full range).
public enum IndexArg {
  case expr(Expr)
  case slice(lo: Expr?, hi: Expr?, step: Expr?)
}

/// Binary operators (not `and`/`or`, which short-circuit, nor `|>`,
/// which the parser desugars into a call).
public enum BinaryOp: String, Sendable {
  case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "**", matmul = "@"
  case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
}

/// Unary operators.
public enum UnaryOp: String, Sendable {
  case neg = "-", not = "not"
}

/// Compound assignment operators; `.assign` is plain `=`.
public enum AssignOp: String, Sendable {
  case assign = "=", add = "+=", sub = "-=", mul = "*=", div = "/="
}

/// An expression node.
public final class Expr {
  public let kind: Kind
  public let span: Span
  public init(_ kind: Kind, _ span: Span) {
    self.kind = kind
    self.span = span
  }

  public indirect enum Kind {
    case number(Double)
    case string(String)
    /// `"n = ${n}"`: text and expression parts in order.
    case interpolated([StringPart])
    case bool(Bool)
    case `nil`
    case name(String)
    case list([Expr])
    case map([MapEntry])
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    /// `f(a, b, k: v)`; `x |> f(a)` is parsed as `f(x, a)`.
    case call(callee: Expr, args: [Expr], keywords: [KeywordArg])
    /// `x[i]`, `x[a:b]`, `t[i, j]`, `t[:, j]`.
    case index(Expr, [IndexArg])
    /// `x.name`.
    case field(Expr, String)
    /// `fn(params) { body }` (anonymous) — named declarations are `Stmt.function`.
    case function(FunctionDecl)
    /// `if c { } else if d { } else { }`; `elseBlock` nil when absent
    /// (the value is then nil when the condition is false). An `else if`
    /// is an else block holding a single `if` expression statement.
    case `if`(cond: Expr, then: Block, elseBlock: Block?)
    /// `try { } catch e { }`; its value is the try block's, or the catch block's.
    case `try`(body: Block, errorName: String?, handler: Block)
  }
}

/// A statement node.
public final class Stmt {
  public let kind: Kind
  public let span: Span
  public init(_ kind: Kind, _ span: Span) {
    self.kind = kind
    self.span = span
  }

  public enum Kind {
    /// `let name = value` (value nil for `let name`).
    case `let`(name: String, value: Expr?)
    /// `fn name(params) { }`.
    case function(FunctionDecl)
    /// `target op value`; target is a `.name`, `.index` or `.field` expression.
    case assign(target: Expr, op: AssignOp, value: Expr)
    case expr(Expr)
    case `while`(cond: Expr, body: Block)
    /// `for x in e { }` (second nil) or `for k, v in e { }`.
    case `for`(first: String, second: String?, iterable: Expr, body: Block)
    case `break`
    case `continue`
    case `return`(Expr?)
    /// `import "file.rls" as h` (isPath true) or `import name [as alias]`.
    case `import`(path: String, isPath: Bool, alias: String?)
  }
}

/// A parsed file or REPL entry.
public struct Program {
  public var statements: [Stmt]
  public var source: Source
  public init(statements: [Stmt], source: Source) {
    self.statements = statements
    self.source = source
  }
}
