import CJansson

/// Converts a jansson value tree into a `JSON` value.
///
/// The walk keeps its own stack instead of recursing, so the depth of the tree
/// (at most `JSON.maxDepth` for parsed text) never touches the thread's stack.
enum JanssonReader {
  /// One container being filled: the jansson container, the next array index
  /// or object iterator, and the members converted so far.
  private struct Frame {
    let source: UnsafeMutablePointer<json_t>
    var nextIndex = 0
    var iterator: UnsafeMutableRawPointer?
    var key = ""
    var items: [JSON] = []
    var fields = JSONObject()
    var isArray: Bool { source.pointee.type == JSON_ARRAY }
  }

  /// The `JSON` value equal to the jansson tree at `root`.
  static func value(of root: UnsafeMutablePointer<json_t>) -> JSON {
    var stack: [Frame] = []
    var current = root
    while true {
      // Descend: a scalar or empty container is finished at once; a non-empty
      // container pushes a frame and continues with its first member.
      var result: JSON
      if let scalar = scalarValue(current) {
        result = scalar
      } else if let (frame, first) = open(current) {
        stack.append(frame)
        current = first
        continue
      } else {
        result = current.pointee.type == JSON_ARRAY ? .array([]) : .object(JSONObject())
      }
      // Ascend: hand the finished value to its container; close every
      // container that this completes.
      while true {
        guard !stack.isEmpty else { return result }
        let top = stack.count - 1
        if let next = store(result, into: &stack[top]) {
          current = next
          break
        }
        let done = stack.removeLast()
        result = done.isArray ? .array(done.items) : .object(done.fields)
      }
    }
  }

  /// The value of a jansson scalar, or `nil` for arrays and objects.
  private static func scalarValue(_ node: UnsafeMutablePointer<json_t>) -> JSON? {
    switch node.pointee.type {
    case JSON_NULL: return .null
    case JSON_TRUE: return .bool(true)
    case JSON_FALSE: return .bool(false)
    case JSON_REAL: return .number(json_real_value(node))
    case JSON_INTEGER: return .number(Double(json_integer_value(node)))
    case JSON_STRING: return .string(text(json_string_value(node), json_string_length(node)))
    default: return nil
    }
  }

  /// A frame for a non-empty container and its first member, or `nil` when
  /// the container is empty.
  private static func open(
    _ node: UnsafeMutablePointer<json_t>
  ) -> (Frame, UnsafeMutablePointer<json_t>)? {
    var frame = Frame(source: node)
    if frame.isArray {
      let count = json_array_size(node)
      guard count > 0, let first = json_array_get(node, 0) else { return nil }
      frame.items.reserveCapacity(count)
      frame.nextIndex = 1
      return (frame, first)
    }
    guard let iterator = json_object_iter(node), let first = json_object_iter_value(iterator)
    else { return nil }
    frame.iterator = iterator
    frame.key = text(json_object_iter_key(iterator), json_object_iter_key_len(iterator))
    return (frame, first)
  }

  /// Stores a finished member in `frame` and returns the next member to
  /// convert, or `nil` when the container is complete.
  private static func store(_ value: JSON, into frame: inout Frame) -> UnsafeMutablePointer<json_t>? {
    if frame.isArray {
      frame.items.append(value)
      guard frame.nextIndex < json_array_size(frame.source) else { return nil }
      defer { frame.nextIndex += 1 }
      return json_array_get(frame.source, frame.nextIndex)
    }
    frame.fields.append(frame.key, value)
    guard let iterator = json_object_iter_next(frame.source, frame.iterator),
      let next = json_object_iter_value(iterator)
    else { return nil }
    frame.iterator = iterator
    frame.key = text(json_object_iter_key(iterator), json_object_iter_key_len(iterator))
    return next
  }

  /// The UTF-8 text of `length` bytes at `bytes` (jansson has validated it).
  private static func text(_ bytes: UnsafePointer<CChar>?, _ length: Int) -> String {
    guard let bytes, length > 0 else { return "" }
    return bytes.withMemoryRebound(to: UInt8.self, capacity: length) {
      String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
  }
}
