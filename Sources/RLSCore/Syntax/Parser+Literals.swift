/// Compound literals and block expressions: lists, maps, interpolated
/// strings, function literals, `if` and `try`.
extension Parser {
  // list := '[' [ expr { ',' expr } [ ',' ] ] ']'
  @inline(never)
  func parseList() throws -> Expr {
    let open = advance()
    var elements: [Expr] = []
    while kind != .rbracket {
      elements.append(try parseExpression())
      if !accept(.comma) { break }
    }
    guard accept(.rbracket) else { throw expected("',' or ']' in list") }
    return Expr(.list(elements), open.span)
  }

  // map   := '{' [ entry { ',' entry } [ ',' ] ] '}'      (NL ignored inside)
  // entry := key ':' expr
  @inline(never)
  func parseMap() throws -> Expr {
    let open = advance()
    var entries: [MapEntry] = []
    skipNewlines()
    while kind != .rbrace {
      let key = try parseMapKey()
      skipNewlines()
      guard accept(.colon) else { throw expected("':' after map key") }
      skipNewlines()
      let value = try parseExpression()
      entries.append(MapEntry(key: key, value: value))
      skipNewlines()
      if !accept(.comma) { break }
      skipNewlines()
    }
    guard accept(.rbrace) else { throw expected("',' or '}' in map") }
    return Expr(.map(entries), open.span)
  }

  // key := NAME | STRING | NUMBER | '-' NUMBER      (a NAME is a string key)
  @inline(never)
  func parseMapKey() throws -> Expr {
    let token = current
    switch token.kind {
    case .name, .string:
      advance()
      return Expr(.string(token.text), token.span)
    case .number:
      advance()
      return Expr(.number(token.number), token.span)
    case .minus where peekKind() == .number:
      advance()
      let number = advance()
      return Expr(.number(-number.number), token.span)
    case .stringBegin:
      throw fail("a map key cannot contain '${...}'")
    default:
      throw expected("map key (a name, string or number)")
    }
  }

  // interpolated := STRING_BEGIN { STRING_TEXT | '${' expr '}' } STRING_END
  @inline(never)
  func parseInterpolated() throws -> Expr {
    let begin = advance()
    var parts: [StringPart] = []
    while true {
      switch kind {
      case .stringText:
        parts.append(.text(advance().text))
      case .interpOpen:
        advance()
        let value = try parseExpression()
        guard accept(.interpClose) else { throw expected("'}' to end the interpolation") }
        parts.append(.expr(value))
      case .stringEnd:
        advance()
        return Expr(.interpolated(parts), begin.span)
      default:
        throw expected("end of string")
      }
    }
  }

  // fnLiteral := 'fn' '(' params ')' block
  @inline(never)
  func parseFunctionLiteral() throws -> Expr {
    let keyword = advance()
    let decl = try parseFunctionRest(name: nil, keyword: keyword)
    return Expr(.function(decl), keyword.span)
  }

  // functionRest := '(' [ param { ',' param } [ ',' ] ] ')' block
  // param        := NAME [ '=' expr ]      (defaulted parameters come last)
  /// Parses what follows `fn` or `fn name`.
  @inline(never)
  func parseFunctionRest(name: String?, keyword: Token) throws -> FunctionDecl {
    skipNewlines()
    guard accept(.lparen) else {
      throw expected(name == nil ? "'(' after 'fn'" : "'(' after function name '\(name ?? "")'")
    }
    var params: [Param] = []
    var names = Set<String>()
    var sawDefault = false
    while kind != .rparen {
      guard kind == .name else { throw expected("parameter name") }
      let token = advance()
      var defaultValue: Expr?
      if accept(.assign) {
        defaultValue = try parseExpression()
      }
      if !names.insert(token.text).inserted {
        report("duplicate parameter '\(token.text)'", at: token.span)
      }
      if defaultValue != nil {
        sawDefault = true
      } else if sawDefault {
        report("parameter '\(token.text)' without a default value follows a parameter with one", at: token.span)
      }
      params.append(Param(name: token.text, defaultValue: defaultValue, span: token.span))
      if !accept(.comma) { break }
    }
    guard accept(.rparen) else { throw expected("',' or ')' after parameter") }
    let body = try parseBlock(after: "function parameters")
    return FunctionDecl(name: name, params: params, body: body, span: keyword.span)
  }

  // ifExpr := 'if' expr block [ 'else' ( ifExpr | block ) ]   (NL allowed before 'else')
  /// Parses an `if` expression; `else if` becomes an else block holding one
  /// expression statement with the nested `if`.
  @inline(never)
  func parseIf() throws -> Expr {
    let keyword = advance()
    let cond = try parseExpression()
    let thenBlock = try parseBlock(after: "if condition")
    let next = indexPastNewlines()
    guard tokens[next].kind == .kwElse else {
      return Expr(.if(cond: cond, then: thenBlock, elseBlock: nil), keyword.span)
    }
    pos = next  // only newlines are skipped: `openBrackets` is unchanged
    advance()  // 'else'
    skipNewlines()
    let elseBlock: Block
    if kind == .kwIf {
      try descend()
      defer { depth -= 1 }
      let nested = try parseIf()
      elseBlock = Block(statements: [Stmt(.expr(nested), nested.span)], span: nested.span)
    } else {
      elseBlock = try parseBlock(after: "'else'")
    }
    return Expr(.if(cond: cond, then: thenBlock, elseBlock: elseBlock), keyword.span)
  }

  // tryExpr := 'try' block 'catch' [ NAME ] block      (NL allowed before 'catch')
  @inline(never)
  func parseTry() throws -> Expr {
    let keyword = advance()
    let body = try parseBlock(after: "'try'")
    let next = indexPastNewlines()
    guard tokens[next].kind == .kwCatch else {
      throw fail("expected 'catch' after try block, found \(atEnd ? "end of input" : tokens[next].found)")
    }
    pos = next
    advance()  // 'catch'
    var errorName: String?
    if kind == .name {
      errorName = advance().text
    }
    let handler = try parseBlock(after: errorName == nil ? "'catch'" : "catch variable '\(errorName ?? "")'")
    return Expr(.try(body: body, errorName: errorName, handler: handler), keyword.span)
  }
}
