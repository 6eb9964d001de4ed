import RLSJSON

/// Reading fields of protocol messages: `content["code"]?.string`.
extension JSON {
  /// The member `key` of an object (nil for other values or a missing key).
  subscript(key: String) -> JSON? {
    if case .object(let o) = self { return o[key] }
    return nil
  }

  /// The string, if this is one.
  var string: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The number, if this is one.
  var number: Double? {
    if case .number(let d) = self { return d }
    return nil
  }

  /// The number as an integer, if it is a whole number in range.
  var int: Int? {
    guard case .number(let d) = self, d.rounded() == d, abs(d) < 9e15 else { return nil }
    return Int(d)
  }

  /// The boolean, if this is one.
  var bool: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  /// The members, if this is an object.
  var object: JSONObject? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// An object from members in order.
  static func obj(_ members: [(String, JSON)]) -> JSON { .object(JSONObject(members)) }

  /// An empty object.
  static var emptyObject: JSON { .object(JSONObject()) }
}
