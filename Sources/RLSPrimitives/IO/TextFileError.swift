/// A text file that cannot be opened, read, decoded or written.
public struct TextFileError: Error, CustomStringConvertible, Sendable {
  /// The file involved.
  public let path: String
  /// The whole message, e.g. `cannot open 'x.txt': No such file or directory`
  /// or `'x.txt' is not valid UTF-8 text (byte offset 12)`.
  public let message: String

  /// An error about `path`.
  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  /// The message.
  public var description: String { message }
}
