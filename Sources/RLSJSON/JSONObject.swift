/// The members of a JSON object, in insertion order.
///
/// Keys are unique: setting a key that is already present replaces its value
/// and keeps its position (so a document with a repeated key keeps the last
/// value at the first position, as Python's `json` does). Two objects are equal
/// when they hold the same keys with equal values, in any order.
public struct JSONObject: Equatable, Sendable, RandomAccessCollection {
  /// The keys, in insertion order.
  public private(set) var keys: [String] = []
  /// The values, in the order of `keys`.
  public private(set) var values: [JSON] = []
  /// The position of each key in `keys`.
  private var slots: [String: Int] = [:]

  /// An empty object.
  public init() {}

  /// An object with the given members; a repeated key keeps its first
  /// position and its last value.
  public init<Members: Sequence>(_ members: Members) where Members.Element == (String, JSON) {
    for (key, value) in members { append(key, value) }
  }

  /// The value stored under `key`, or `nil` when the key is absent. Setting a
  /// value replaces it in place or appends the key; setting `nil` removes the
  /// key (in time proportional to the object's size).
  public subscript(key: String) -> JSON? {
    get { slots[key].map { values[$0] } }
    set {
      if let value = newValue {
        append(key, value)
      } else {
        removeValue(forKey: key)
      }
    }
  }

  /// Stores `value` under `key`: at the end when the key is new, in place when
  /// it is already present.
  public mutating func append(_ key: String, _ value: JSON) {
    if let slot = slots[key] {
      values[slot] = value
    } else {
      slots[key] = keys.count
      keys.append(key)
      values.append(value)
    }
  }

  /// Removes `key` and returns its value, or returns `nil` when it is absent.
  @discardableResult
  public mutating func removeValue(forKey key: String) -> JSON? {
    guard let slot = slots.removeValue(forKey: key) else { return nil }
    keys.remove(at: slot)
    let removed = values.remove(at: slot)
    for position in slot..<keys.count { slots[keys[position]] = position }
    return removed
  }

  /// The position of the first member.
  public var startIndex: Int { 0 }
  /// The position one past the last member.
  public var endIndex: Int { keys.count }
  /// The member at `position`, as a (key, value) pair.
  public subscript(position: Int) -> (key: String, value: JSON) {
    (keys[position], values[position])
  }

  /// Whether both objects hold the same keys with equal values (order ignored).
  public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
    guard lhs.count == rhs.count else { return false }
    for (key, value) in lhs {
      guard let other = rhs[key], other == value else { return false }
    }
    return true
  }
}
