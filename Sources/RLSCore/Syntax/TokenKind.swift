/// The kind of a lexical token produced by `Lexer`.
///
/// A plain string literal is a single `.string` token. A string containing
/// `${...}` is split into a token sequence, so the embedded expression is lexed
/// in place and its tokens keep their real positions:
/// `"a ${x} b"` → `stringBegin stringText("a ") interpOpen name(x) interpClose
/// stringText(" b") stringEnd`.
enum TokenKind: UInt8, Sendable {
  // Names and literals.
  case name, number, string
  // Pieces of an interpolated string.
  case stringBegin, stringText, interpOpen, interpClose, stringEnd
  // Keywords.
  case kwLet, kwFn, kwIf, kwElse, kwFor, kwIn, kwWhile, kwBreak, kwContinue, kwReturn
  case kwTry, kwCatch, kwImport, kwAs, kwAnd, kwOr, kwNot, kwTrue, kwFalse, kwNil
  // Punctuation.
  case lparen, rparen, lbracket, rbracket, lbrace, rbrace, comma, colon, semicolon, dot
  // Operators.
  case plus, minus, star, slash, percent, starStar, at
  case eqEq, bangEq, less, lessEq, greater, greaterEq
  case assign, plusAssign, minusAssign, starAssign, slashAssign, pipe
  // Layout and errors.
  /// A statement-separating newline (the lexer drops insignificant ones).
  case newline
  /// End of input; always the last token.
  case eof
  /// Text the lexer could not tokenize; the lexer has already reported it.
  case error

  /// Reserved words, by spelling.
  static let keywords: [String: TokenKind] = [
    "let": .kwLet, "fn": .kwFn, "if": .kwIf, "else": .kwElse, "for": .kwFor, "in": .kwIn,
    "while": .kwWhile, "break": .kwBreak, "continue": .kwContinue, "return": .kwReturn,
    "try": .kwTry, "catch": .kwCatch, "import": .kwImport, "as": .kwAs, "and": .kwAnd,
    "or": .kwOr, "not": .kwNot, "true": .kwTrue, "false": .kwFalse, "nil": .kwNil,
  ]

  /// True for reserved words.
  var isKeyword: Bool { rawValue >= TokenKind.kwLet.rawValue && rawValue <= TokenKind.kwNil.rawValue }

  /// True when a line ending with this token continues on the next line:
  /// binary operators, assignment operators, `,` `.` `:` and keywords that
  /// cannot end a statement.
  var continuesLine: Bool {
    switch self {
    case .plus, .minus, .star, .slash, .percent, .starStar, .at,
      .eqEq, .bangEq, .less, .lessEq, .greater, .greaterEq,
      .assign, .plusAssign, .minusAssign, .starAssign, .slashAssign, .pipe,
      .comma, .dot, .colon,
      .kwAnd, .kwOr, .kwNot, .kwLet, .kwFn, .kwIf, .kwElse, .kwFor, .kwIn, .kwWhile,
      .kwImport, .kwAs, .kwTry, .kwCatch:
      return true
    default:
      return false
    }
  }

  /// The fixed spelling of punctuation, operators and keywords (empty for
  /// tokens whose text varies).
  var spelling: String {
    switch self {
    case .name, .number, .string, .stringText, .error: return ""
    case .stringBegin, .stringEnd: return "\""
    case .interpOpen: return "${"
    case .interpClose: return "}"
    case .kwLet: return "let"
    case .kwFn: return "fn"
    case .kwIf: return "if"
    case .kwElse: return "else"
    case .kwFor: return "for"
    case .kwIn: return "in"
    case .kwWhile: return "while"
    case .kwBreak: return "break"
    case .kwContinue: return "continue"
    case .kwReturn: return "return"
    case .kwTry: return "try"
    case .kwCatch: return "catch"
    case .kwImport: return "import"
    case .kwAs: return "as"
    case .kwAnd: return "and"
    case .kwOr: return "or"
    case .kwNot: return "not"
    case .kwTrue: return "true"
    case .kwFalse: return "false"
    case .kwNil: return "nil"
    case .lparen: return "("
    case .rparen: return ")"
    case .lbracket: return "["
    case .rbracket: return "]"
    case .lbrace: return "{"
    case .rbrace: return "}"
    case .comma: return ","
    case .colon: return ":"
    case .semicolon: return ";"
    case .dot: return "."
    case .plus: return "+"
    case .minus: return "-"
    case .star: return "*"
    case .slash: return "/"
    case .percent: return "%"
    case .starStar: return "**"
    case .at: return "@"
    case .eqEq: return "=="
    case .bangEq: return "!="
    case .less: return "<"
    case .lessEq: return "<="
    case .greater: return ">"
    case .greaterEq: return ">="
    case .assign: return "="
    case .plusAssign: return "+="
    case .minusAssign: return "-="
    case .starAssign: return "*="
    case .slashAssign: return "/="
    case .pipe: return "|>"
    case .newline: return "\n"
    case .eof: return ""
    }
  }
}
