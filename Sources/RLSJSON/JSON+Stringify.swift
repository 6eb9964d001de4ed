import CJansson
import Glibc

extension JSON {
  /// Prints `value` as JSON text with jansson.
  ///
  /// Object keys keep their order unless `sortKeys` is set (then they are
  /// sorted by their UTF-8 bytes). Without `indent` (or with `indent <= 0`) the
  /// text is compact (`{"a":[1,2]}`); with `indent: n` every member goes on its
  /// own line indented by `n` spaces per level (at most 31). Whole numbers
  /// below 2^53 in magnitude print without a fraction (`3`), NaN and ±Infinity
  /// print as `null`, and other numbers print with the fewest significant
  /// digits that read every number of the document back exactly (`0.1`, not
  /// `0.10000000000000001`). Non-ASCII text is written as UTF-8, not escaped.
  ///
  /// - Throws: `JSONError` when `value` is nested deeper than `JSON.maxDepth`
  ///   (jansson prints recursively, and the result could not be parsed back).
  public static func stringify(_ value: JSON, indent: Int? = nil, sortKeys: Bool = false)
    throws -> String
  {
    var writer = JanssonWriter()
    let root = try writer.tree(for: value)
    defer { json_decref(root) }
    var flags = Int(JSON_ENCODE_ANY | JSON_PRESERVE_ORDER)
    if let indent, indent > 0 {
      flags |= min(indent, Int(JSON_MAX_INDENT))
    } else {
      flags |= Int(JSON_COMPACT)
    }
    if sortKeys { flags |= Int(JSON_SORT_KEYS) }
    flags |= RealPrecision.forReals(writer.reals) << 11  // JSON_REAL_PRECISION(n)
    guard let text = json_dumps(root, flags) else {
      throw JSONError(message: "cannot stringify: out of memory")
    }
    defer { free(text) }
    return String(cString: text)
  }
}
