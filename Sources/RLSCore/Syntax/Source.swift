/// A unit of RLScript source text: a file, a REPL entry or a notebook cell.
///
/// Lines are kept for error rendering (the source line under a diagnostic).
public final class Source: @unchecked Sendable {
  /// The name shown in diagnostics: a path, `<repl>`, or `<cell 3>`.
  public let name: String
  /// The full text.
  public let text: String
  /// The text split on `\n` (no terminators), for rendering.
  public let lines: [Substring]

  /// Creates a source from its name and text.
  public init(name: String, text: String) {
    self.name = name
    self.text = text
    self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  }

  /// The 1-based line `n`, or an empty string past the end.
  public func line(_ n: Int) -> Substring {
    n >= 1 && n <= lines.count ? lines[n - 1] : ""
  }
}

/// A position in a source: 1-based line and 1-based column counted in
/// Unicode scalars (what editors and the Jupyter protocol count).
public struct Span: Equatable, Sendable, CustomStringConvertible {
  /// 1-based line.
  public var line: Int
  /// 1-based column, in Unicode scalars.
  public var column: Int
  /// How many scalars the caret underline covers (at least 1).
  public var length: Int

  /// Creates a span.
  public init(line: Int, column: Int, length: Int = 1) {
    self.line = line
    self.column = column
    self.length = max(1, length)
  }

  /// A span for code that has no position (synthesised by the compiler).
  public static let none = Span(line: 0, column: 0)

  public var description: String { "\(line):\(column)" }
}
