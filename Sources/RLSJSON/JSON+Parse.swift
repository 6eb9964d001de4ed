import CJansson

extension JSON {
  /// The flags every parse uses: any value at top level, every number as a
  /// double, `\u0000` allowed inside strings.
  static let parseFlags = Int(JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL)

  /// Parses strict JSON text (RFC 8259) with jansson.
  ///
  /// Any value may be at top level; every number becomes a `Double`; strings
  /// may contain `\u0000`; a repeated object key keeps its first position and
  /// its last value. Non-standard forms (`NaN`, `Infinity`, comments, trailing
  /// commas, single quotes) are errors, as are numbers too large for a double
  /// (`1e400`), `\u0000` inside an object key, and nesting deeper than
  /// `JSON.maxDepth`.
  ///
  /// - Throws: `JSONError` with jansson's message, line and column, e.g.
  ///   `invalid JSON at line 2, column 10: unexpected token near '}'`.
  public static func parse(_ text: String) throws -> JSON {
    var text = text
    return try text.withUTF8 { bytes in
      try load(path: nil) { error in
        bytes.withMemoryRebound(to: CChar.self) { chars in
          // An empty String may have no buffer; jansson rejects a null pointer.
          guard let base = chars.baseAddress else {
            return "".withCString { json_loadb($0, 0, parseFlags, &error) }
          }
          return json_loadb(base, chars.count, parseFlags, &error)
        }
      }
    }
  }

  /// Runs a jansson loader and converts its result, or throws its error
  /// (naming `path` when there is one).
  static func load(
    path: String?, _ loader: (inout json_error_t) -> UnsafeMutablePointer<json_t>?
  ) throws -> JSON {
    var error = json_error_t()
    guard let root = loader(&error) else { throw parseError(error, path: path) }
    defer { json_decref(root) }
    return JanssonReader.value(of: root)
  }

  /// The `JSONError` for a failed jansson parse.
  private static func parseError(_ error: json_error_t, path: String?) -> JSONError {
    var error = error
    let text = withUnsafeBytes(of: &error.text) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    guard error.line >= 0, error.column >= 0 else {
      let place = path.map { " in '\($0)'" } ?? ""
      return JSONError(message: "invalid JSON\(place): \(text)", path: path)
    }
    return JSONError(
      message: text, line: Int(error.line), column: Int(error.column),
      position: Int(error.position), path: path)
  }
}
