/// Rich output sent to the host: MIME type → content, as Jupyter's
/// `display_data` carries it. The REPL and scripts render the text form (or
/// save SVG to a file); the kernel sends the bundle.
public struct DisplayItem {
  /// MIME bundle in order of preference, e.g. `[("image/svg+xml", svg), ("text/plain", "<figure>")]`.
  public var data: [(mime: String, content: String)]
  /// A display id, so later output can replace this one (`update_display_data`).
  public var displayID: String?
  /// True to replace the output with the same display id instead of adding one.
  public var isUpdate = false
  /// True for `clear_output()` (data is empty then).
  public var isClear = false

  /// Creates a display item.
  public init(data: [(mime: String, content: String)], displayID: String? = nil, isUpdate: Bool = false, isClear: Bool = false) {
    self.data = data
    self.displayID = displayID
    self.isUpdate = isUpdate
    self.isClear = isClear
  }

  /// The content for `mime`, if present.
  public func content(_ mime: String) -> String? { data.first { $0.mime == mime }?.content }
}
