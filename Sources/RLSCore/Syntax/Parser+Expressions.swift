/// Operators, postfix forms and primary expressions.
extension Parser {
  // expr      := binary(pipe)
  // binary(p) := prefix { OP binary(p') }   for each OP whose precedence is
  //              at least p; p' is one level tighter (left-associative).
  //              `|>` takes an `or`-level right side and becomes a call.
  // prefix    := 'not' binary(not) | unary
  /// Parses an expression whose binary operators bind at least as tightly as
  /// `minimum` (see `Precedence`).
  func parseExpression(_ minimum: Precedence = .pipe) throws -> Expr {
    try descend()
    defer { depth -= 1 }
    var left: Expr
    if kind == .kwNot {
      let op = advance()
      let operand = try parseExpression(.not)
      left = Expr(.unary(.not, operand), op.span)
    } else {
      left = try parseUnary()
    }
    // Each operator in a chain deepens the tree, so it counts as nesting.
    var chained = 0
    defer { depth -= chained }
    while let precedence = Precedence.infix(kind), precedence >= minimum {
      try descend()
      chained += 1
      let op = advance()
      switch op.kind {
      case .pipe:
        let target = try parseExpression(.or)
        left = pipeline(left, into: target)
      case .kwOr:
        left = Expr(.or(left, try parseExpression(.and)), op.span)
      case .kwAnd:
        left = Expr(.and(left, try parseExpression(.not)), op.span)
      default:
        let right = try parseExpression(precedence.tighter)
        left = Expr(.binary(Parser.binaryOp(op.kind), left, right), op.span)
        if precedence == .comparison, Precedence.infix(kind) == .comparison {
          report("comparison operators cannot be chained; combine comparisons with 'and'", at: current.span)
        }
      }
    }
    return left
  }

  // unary := '-' unary | postfix [ '**' unary ]
  /// Parses unary minus and `**` (one function, to keep the recursion
  /// shallow). `**` is right-associative and binds tighter than a unary
  /// minus on its left (`-2 ** 2` is `-(2 ** 2)`); its right operand may be
  /// unary (`2 ** -1`).
  func parseUnary() throws -> Expr {
    if kind == .minus {
      try descend()
      defer { depth -= 1 }
      let op = advance()
      let operand = try parseUnary()
      return Expr(.unary(.neg, operand), op.span)
    }
    let base = try parsePostfix()
    guard kind == .starStar else { return base }
    try descend()
    defer { depth -= 1 }
    let op = advance()
    let exponent = try parseUnary()
    return Expr(.binary(.pow, base, exponent), op.span)
  }

  // postfix := primary { call | index | '.' NAME }
  func parsePostfix() throws -> Expr {
    var expr = try parsePrimary()
    var chained = 0
    defer { depth -= chained }
    while true {
      switch kind {
      case .lparen:
        try descend()
        chained += 1
        expr = try parseCall(expr)
      case .lbracket:
        try descend()
        chained += 1
        expr = try parseIndex(expr)
      case .dot:
        try descend()
        chained += 1
        expr = try parseField(expr)
      default:
        return expr
      }
    }
  }

  // call := '(' [ arg { ',' arg } [ ',' ] ] ')'
  // arg  := expr | NAME ':' expr          (positional arguments first)
  @inline(never)
  func parseCall(_ callee: Expr) throws -> Expr {
    advance()  // '('
    var args: [Expr] = []
    var keywords: [KeywordArg] = []
    var keywordNames = Set<String>()
    while kind != .rparen {
      if kind == .name && peekKind() == .colon {
        let name = advance()
        advance()  // ':'
        let value = try parseExpression()
        if !keywordNames.insert(name.text).inserted {
          report("duplicate keyword argument '\(name.text)'", at: name.span)
        }
        keywords.append(KeywordArg(name: name.text, value: value, span: name.span))
      } else {
        let start = current.span
        let value = try parseExpression()
        if !keywords.isEmpty {
          report("positional argument after keyword arguments", at: start)
        }
        args.append(value)
      }
      if !accept(.comma) { break }
    }
    guard kind == .rparen else {
      if kind == .assign, let last = args.last, case .name = last.kind {
        throw fail("expected ')' after arguments, found '='; keyword arguments are written 'name: value'")
      }
      throw expected("')' after arguments")
    }
    advance()
    return Expr(.call(callee: callee, args: args, keywords: keywords), Parser.calleeSpan(callee))
  }

  // index     := '[' subscript { ',' subscript } ']'
  @inline(never)
  func parseIndex(_ base: Expr) throws -> Expr {
    let open = advance()
    var subscripts: [IndexArg] = []
    repeat {
      subscripts.append(try parseSubscript())
    } while accept(.comma)
    guard kind == .rbracket else { throw expected("']' after index") }
    advance()
    return Expr(.index(base, subscripts), open.span)
  }

  // subscript := expr | [ expr ] ':' [ expr ] [ ':' [ expr ] ]
  @inline(never)
  func parseSubscript() throws -> IndexArg {
    var lo: Expr?
    if kind != .colon {
      let value = try parseExpression()
      guard kind == .colon else { return .expr(value) }
      lo = value
    }
    advance()  // ':'
    var hi: Expr?
    if !Parser.endsSubscript(kind) {
      hi = try parseExpression()
    }
    var step: Expr?
    if accept(.colon), !Parser.endsSubscript(kind) {
      step = try parseExpression()
    }
    return .slice(lo: lo, hi: hi, step: step)
  }

  // field := '.' NAME          (keywords are allowed as field names)
  @inline(never)
  func parseField(_ base: Expr) throws -> Expr {
    let dot = advance()
    guard kind == .name || kind.isKeyword else { throw expected("field name after '.'") }
    let name = advance()
    let length = name.span.line == dot.span.line ? name.span.column + name.span.length - dot.span.column : 1
    return Expr(.field(base, name.text), Span(line: dot.span.line, column: dot.span.column, length: length))
  }

  // primary := atom | '(' expr ')' | list | map | fnLiteral | ifExpr | tryExpr
  func parsePrimary() throws -> Expr {
    switch kind {
    case .lparen:
      advance()
      let inner = try parseExpression()
      guard accept(.rparen) else { throw expected("')' after expression") }
      return inner
    case .lbracket:
      return try parseList()
    case .lbrace:
      return try parseMap()
    case .kwFn:
      return try parseFunctionLiteral()
    case .kwIf:
      return try parseIf()
    case .kwTry:
      return try parseTry()
    case .stringBegin:
      return try parseInterpolated()
    default:
      return try parseAtom()
    }
  }

  // atom := NUMBER | STRING | 'true' | 'false' | 'nil' | NAME
  /// Parses a single-token expression (kept out of `parsePrimary` so the
  /// recursive path has small stack frames).
  @inline(never)
  func parseAtom() throws -> Expr {
    let token = current
    switch token.kind {
    case .number:
      advance()
      return Expr(.number(token.number), token.span)
    case .string:
      advance()
      return Expr(.string(token.text), token.span)
    case .kwTrue, .kwFalse:
      advance()
      return Expr(.bool(token.kind == .kwTrue), token.span)
    case .kwNil:
      advance()
      return Expr(.nil, token.span)
    case .name:
      advance()
      return Expr(.name(token.text), token.span)
    default:
      throw expected("expression")
    }
  }

  /// Desugars `value |> target`: `x |> f` is `f(x)`, `x |> f(a, k: 1)` is
  /// `f(x, a, k: 1)`. The target must be a name, field, index, call or
  /// function literal.
  @inline(never)
  func pipeline(_ value: Expr, into target: Expr) -> Expr {
    switch target.kind {
    case .call(let callee, let args, let keywords):
      return Expr(.call(callee: callee, args: [value] + args, keywords: keywords), target.span)
    case .name, .field, .index, .function:
      return Expr(.call(callee: target, args: [value], keywords: []), Parser.calleeSpan(target))
    default:
      let start = Parser.startSpan(of: target)
      report("expected a function name, field or call after '|>'", at: start)
      return Expr(.call(callee: target, args: [value], keywords: []), start)
    }
  }

  /// The binary operator spelled by `kind`.
  static func binaryOp(_ kind: TokenKind) -> BinaryOp {
    BinaryOp(rawValue: kind.spelling) ?? .add
  }

  /// True for tokens that end a slice bound.
  static func endsSubscript(_ kind: TokenKind) -> Bool {
    kind == .colon || kind == .comma || kind == .rbracket
  }

  /// The span of the first token of `expr` (binary, index and field nodes
  /// carry their operator's span; this walks down to the leftmost operand).
  static func startSpan(of expr: Expr) -> Span {
    var e = expr
    while true {
      switch e.kind {
      case .binary(_, let left, _), .and(let left, _), .or(let left, _), .index(let left, _), .field(let left, _):
        e = left
      default:
        return e.span
      }
    }
  }

  /// The span of a call: the callee's start, covering `m.f` for a field.
  static func calleeSpan(_ callee: Expr) -> Span {
    let start = startSpan(of: callee)
    if case .field = callee.kind, callee.span.line == start.line, callee.span.column > start.column {
      return Span(line: start.line, column: start.column, length: callee.span.column + callee.span.length - start.column)
    }
    return start
  }
}
