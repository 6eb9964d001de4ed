/// Literal syntax for building JSON values in Swift, e.g.
/// `let v: JSON = ["a": 1, "b": [true, nil, "x"]]`.
extension JSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
  ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
  /// `nil` is `.null`.
  public init(nilLiteral: ()) { self = .null }
  /// A boolean literal is `.bool`.
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  /// An integer literal is a `.number`.
  public init(integerLiteral value: Int) { self = .number(Double(value)) }
  /// A floating-point literal is a `.number`.
  public init(floatLiteral value: Double) { self = .number(value) }
  /// A string literal is a `.string`.
  public init(stringLiteral value: String) { self = .string(value) }
  /// An array literal is an `.array`.
  public init(arrayLiteral elements: JSON...) { self = .array(elements) }
  /// A dictionary literal is an `.object` with the literal's key order.
  public init(dictionaryLiteral elements: (String, JSON)...) {
    self = .object(JSONObject(elements))
  }
}

/// Literal syntax for objects, e.g. `let o: JSONObject = ["a": 1, "b": 2]`.
extension JSONObject: ExpressibleByDictionaryLiteral {
  /// An object with the literal's members in the literal's order.
  public init(dictionaryLiteral elements: (String, JSON)...) {
    self.init(elements)
  }
}
