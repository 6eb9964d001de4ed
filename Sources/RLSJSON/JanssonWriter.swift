import CJansson

/// Converts a `JSON` value into a jansson value tree for printing.
///
/// Whole numbers below 2^53 in magnitude become jansson integers (printed
/// without a fraction), NaN and ±Infinity become `null`, other numbers become
/// reals and are collected in `reals` so the printer can choose a precision.
/// The walk keeps its own stack instead of recursing and refuses values nested
/// deeper than `JSON.maxDepth`, which jansson's recursive printer could not
/// survive and its parser would not read back.
struct JanssonWriter {
  /// Every number that became a jansson real, in document order.
  private(set) var reals: [Double] = []

  /// One container being copied: the jansson container and the members left.
  private struct Frame {
    let target: UnsafeMutablePointer<json_t>
    let items: [JSON]
    let fields: JSONObject?
    var next = 0
    var count: Int { fields?.count ?? items.count }
  }

  /// A new jansson tree equal to `value`; the caller owns the reference.
  mutating func tree(for value: JSON) throws -> UnsafeMutablePointer<json_t> {
    let root = try node(for: value)
    var stack: [Frame] = []
    if let frame = Self.frame(for: value, target: root) { stack.append(frame) }
    while let top = stack.last {
      if top.next == top.count {
        stack.removeLast()
        continue
      }
      stack[stack.count - 1].next += 1
      guard stack.count < JSON.maxDepth else {
        json_decref(root)
        throw JSONError(
          message: "cannot stringify a value nested deeper than \(JSON.maxDepth) levels")
      }
      let member: JSON
      let child: UnsafeMutablePointer<json_t>
      do {
        member = top.fields.map { $0.values[top.next] } ?? top.items[top.next]
        child = try node(for: member)
      } catch {
        json_decref(root)
        throw error
      }
      // The container takes over the child's reference, even on failure.
      if let fields = top.fields {
        let key = fields.keys[top.next]
        _ = key.withCString { json_object_setn_new(top.target, $0, key.utf8.count, child) }
      } else {
        _ = json_array_append_new(top.target, child)
      }
      if let frame = Self.frame(for: member, target: child) { stack.append(frame) }
    }
    return root
  }

  /// A new jansson node for `value`, without the members of a container.
  private mutating func node(for value: JSON) throws -> UnsafeMutablePointer<json_t> {
    let made: UnsafeMutablePointer<json_t>?
    switch value {
    case .null: made = json_null()
    case .bool(let flag): made = flag ? json_true() : json_false()
    case .string(let text): made = text.withCString { json_stringn($0, text.utf8.count) }
    case .array: made = json_array()
    case .object: made = json_object()
    case .number(let number):
      if !number.isFinite {
        made = json_null()
      } else if number == number.rounded(), abs(number) < 0x1p53,
        !(number == 0 && number.sign == .minus)
      {
        made = json_integer(json_int_t(number))
      } else {
        reals.append(number)
        made = json_real(number)
      }
    }
    guard let made else { throw JSONError(message: "cannot stringify: out of memory") }
    return made
  }

  /// A frame for copying the members of a non-empty container into `target`.
  private static func frame(for value: JSON, target: UnsafeMutablePointer<json_t>) -> Frame? {
    switch value {
    case .array(let items) where !items.isEmpty:
      return Frame(target: target, items: items, fields: nil)
    case .object(let fields) where !fields.isEmpty:
      return Frame(target: target, items: [], fields: fields)
    default:
      return nil
    }
  }
}
