/// A JSON value, as read by `JSON.parse` and written by `JSON.stringify`.
///
/// All JSON in RLScript passes through this one layer, which is a thin wrapper
/// over the jansson C library (`CJansson`): parsing, printing and file I/O.
/// Every JSON number is a `Double` (RLScript has one number type); object keys
/// keep their order of insertion.
public enum JSON: Equatable, Sendable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number. Parsing yields only finite values; when printing, NaN and
  /// ±Infinity become `null`.
  case number(Double)
  /// A string; it may contain NUL characters.
  case string(String)
  /// An array.
  case array([JSON])
  /// An object whose keys keep their insertion order.
  case object(JSONObject)

  /// The deepest nesting accepted by `parse` and `stringify` (jansson's
  /// `JSON_PARSER_MAX_DEPTH`): the top-level value is at depth 1, the
  /// elements of a top-level array at depth 2, and so on.
  public static let maxDepth = 2048
}
