/// Statements, blocks and the program.
extension Parser {
  // program := { statement terminator }
  /// Parses the whole input, recovering from errors at statement boundaries.
  func parseProgram() -> [Stmt] {
    var statements: [Stmt] = []
    do {
      while true {
        skipTerminators()
        if kind == .eof { break }
        if kind == .rbrace {
          if fail("unmatched '}'") == .abort { throw ParseFailure.abort }
          advance()
          continue
        }
        try parseStatementRecovering(into: &statements)
      }
    } catch {
      // `.abort`: the diagnostics say why.
    }
    return statements
  }

  // block := '{' { statement terminator } '}'      (NL allowed before '{')
  /// Parses a block; `context` completes "expected '{' after ...".
  func parseBlock(after context: String) throws -> Block {
    skipNewlines()
    guard kind == .lbrace else { throw expected("'{' after \(context)") }
    let open = advance()
    try descend()
    defer { depth -= 1 }
    var statements: [Stmt] = []
    while true {
      skipTerminators()
      if kind == .rbrace {
        advance()
        break
      }
      if kind == .eof { throw expected("'}' to close block") }
      try parseStatementRecovering(into: &statements)
    }
    return Block(statements: statements, span: open.span)
  }

  /// Parses one statement and its terminator; on a recoverable error skips to
  /// the next statement boundary.
  func parseStatementRecovering(into statements: inout [Stmt]) throws {
    let start = openBrackets
    do {
      statements.append(try parseStatement())
      try endStatement()
    } catch ParseFailure.recover {
      synchronize(from: start)
    }
  }

  /// Skips newlines and semicolons between statements.
  func skipTerminators() {
    while kind == .newline || kind == .semicolon { advance() }
  }

  // terminator := NL | ';' | <before '}'> | <end of input>
  /// Checks that a statement ends here.
  func endStatement() throws {
    switch kind {
    case .newline, .semicolon: advance()
    case .eof, .rbrace: return
    case .rparen, .rbracket: throw fail("unmatched '\(kind.spelling)'")
    default: throw expected("newline or ';' after statement")
    }
  }

  // statement := letStmt | fnDecl | whileStmt | forStmt | 'break' | 'continue'
  //            | returnStmt | importStmt | exprStmt
  /// Parses one statement (without its terminator).
  func parseStatement() throws -> Stmt {
    let token = current
    switch token.kind {
    case .kwLet:
      return try parseLet()
    case .kwFn where peekKind() == .name:
      return try parseFunctionDeclaration()
    case .kwWhile:
      return try parseWhile()
    case .kwFor:
      return try parseFor()
    case .kwBreak:
      advance()
      return Stmt(.break, token.span)
    case .kwContinue:
      advance()
      return Stmt(.continue, token.span)
    case .kwReturn:
      return try parseReturn()
    case .kwImport:
      return try parseImport()
    default:
      return try parseExpressionStatement()
    }
  }

  // letStmt := 'let' NAME [ '=' expr ]
  @inline(never)
  func parseLet() throws -> Stmt {
    let keyword = advance()
    guard kind == .name else { throw expected("name after 'let'") }
    let name = advance().text
    var value: Expr?
    if accept(.assign) {
      value = try parseExpression()
    }
    return Stmt(.let(name: name, value: value), keyword.span)
  }

  // fnDecl := 'fn' NAME '(' params ')' block
  @inline(never)
  func parseFunctionDeclaration() throws -> Stmt {
    let keyword = advance()
    let name = advance().text
    let decl = try parseFunctionRest(name: name, keyword: keyword)
    return Stmt(.function(decl), keyword.span)
  }

  // whileStmt := 'while' expr block
  @inline(never)
  func parseWhile() throws -> Stmt {
    let keyword = advance()
    let cond = try parseExpression()
    let body = try parseBlock(after: "while condition")
    return Stmt(.while(cond: cond, body: body), keyword.span)
  }

  // forStmt := 'for' NAME [ ',' NAME ] 'in' expr block
  @inline(never)
  func parseFor() throws -> Stmt {
    let keyword = advance()
    guard kind == .name else { throw expected("loop variable name after 'for'") }
    let first = advance().text
    var second: String?
    if accept(.comma) {
      guard kind == .name else { throw expected("second loop variable name after ','") }
      let token = advance()
      if token.text == first { report("duplicate loop variable '\(first)'", at: token.span) }
      second = token.text
    }
    skipNewlines()
    guard accept(.kwIn) else { throw expected("'in' after loop variable") }
    let iterable = try parseExpression()
    let body = try parseBlock(after: "for loop header")
    return Stmt(.for(first: first, second: second, iterable: iterable, body: body), keyword.span)
  }

  // returnStmt := 'return' [ expr ]      (no value before NL, ';', '}', end)
  @inline(never)
  func parseReturn() throws -> Stmt {
    let keyword = advance()
    switch kind {
    case .newline, .semicolon, .rbrace, .eof:
      return Stmt(.return(nil), keyword.span)
    default:
      return Stmt(.return(try parseExpression()), keyword.span)
    }
  }

  // importStmt := 'import' ( STRING | NAME ) [ 'as' NAME ]
  @inline(never)
  func parseImport() throws -> Stmt {
    let keyword = advance()
    let path: String
    let isPath: Bool
    switch kind {
    case .string:
      path = advance().text
      isPath = true
    case .name:
      path = advance().text
      isPath = false
    case .stringBegin:
      throw fail("an import path cannot contain '${...}'")
    default:
      throw expected("module name or file path after 'import'")
    }
    var alias: String?
    if accept(.kwAs) {
      guard kind == .name else { throw expected("name after 'as'") }
      alias = advance().text
    }
    return Stmt(.import(path: path, isPath: isPath, alias: alias), keyword.span)
  }

  // exprStmt := expr [ ( '=' | '+=' | '-=' | '*=' | '/=' ) expr ]
  @inline(never)
  func parseExpressionStatement() throws -> Stmt {
    let first = current
    let target = try parseExpression()
    let op: AssignOp
    switch kind {
    case .assign: op = .assign
    case .plusAssign: op = .add
    case .minusAssign: op = .sub
    case .starAssign: op = .mul
    case .slashAssign: op = .div
    default: return Stmt(.expr(target), first.span)
    }
    advance()
    switch target.kind {
    case .name, .index, .field: break
    default: report("cannot assign to this expression", at: Parser.startSpan(of: target))
    }
    let value = try parseExpression()
    return Stmt(.assign(target: target, op: op, value: value), first.span)
  }
}
