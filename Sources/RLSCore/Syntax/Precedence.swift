/// Binding strength of binary operators, lowest first. Unary `-`, `**` and
/// the postfix forms bind tighter than all of these and are parsed by
/// dedicated functions (`parseUnary` for `-` and `**`, `parsePostfix`).
enum Precedence: Int, Comparable {
  /// `|>`
  case pipe = 1
  /// `or`
  case or
  /// `and`
  case and
  /// prefix `not` (its operand is a comparison or tighter)
  case not
  /// `== != < <= > >=` (chaining them is an error)
  case comparison
  /// `+ -`
  case additive
  /// `* / % @`
  case multiplicative
  /// Above every binary operator: `parseExpression(.unary)` parses one
  /// operand (unary `-`, `**`, postfix, primary) and no infix operator.
  case unary

  static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }

  /// The precedence of `kind` used as an infix operator, or nil.
  static func infix(_ kind: TokenKind) -> Precedence? {
    switch kind {
    case .pipe: return .pipe
    case .kwOr: return .or
    case .kwAnd: return .and
    case .eqEq, .bangEq, .less, .lessEq, .greater, .greaterEq: return .comparison
    case .plus, .minus: return .additive
    case .star, .slash, .percent, .at: return .multiplicative
    default: return nil
    }
  }

  /// The next tighter level (for the right operand of a left-associative
  /// operator).
  var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .unary }
}
