/// An error raised while compiling or running RLScript code: what went wrong,
/// where, and the call trace. Produced in one place (the VM and compiler) and
/// rendered in one place (`ErrorRenderer`).
public struct RLSError: Error, CustomStringConvertible {
  /// The class of error; its raw value is the kernel's `ename`.
  public enum Kind: String, Sendable {
    case syntax = "SyntaxError"
    case name = "NameError"
    case type = "TypeError"
    case value = "ValueError"
    case index = "IndexError"
    case argument = "ArgumentError"
    case io = "IOError"
    case user = "Error"
    case assertion = "AssertionError"
    case interrupt = "Interrupted"
    case stackOverflow = "StackOverflow"
    case memory = "MemoryError"
    case importError = "ImportError"
  }

  /// One line of the call trace.
  public struct TraceEntry: Sendable {
    public var function: String
    public var sourceName: String
    public var line: Int
  }

  public var kind: Kind
  public var message: String
  /// Where the error happened (nil when unknown).
  public var source: Source?
  public var span: Span?
  /// Innermost call first.
  public var trace: [TraceEntry] = []
  /// All syntax errors of a unit (for `.syntax`).
  public var diagnostics: [Diagnostic] = []
  /// The value passed to `error(v)` when it was not a string.
  public var payload: Value?
  /// Which argument of a native call was at fault (points the caret at it).
  public var argumentIndex: Int?

  /// Creates an error without a location (the VM adds it).
  public init(_ kind: Kind, _ message: String, argument: Int? = nil) {
    self.kind = kind
    self.message = message
    self.argumentIndex = argument
  }

  /// True once a source position has been attached.
  public var isLocated: Bool { source != nil }

  public var description: String { ErrorRenderer.render(self) }

  /// A type error.
  public static func type(_ m: String, argument: Int? = nil) -> RLSError { .init(.type, m, argument: argument) }
  /// A value error.
  public static func value(_ m: String, argument: Int? = nil) -> RLSError { .init(.value, m, argument: argument) }
  /// An index error.
  public static func index(_ m: String, argument: Int? = nil) -> RLSError { .init(.index, m, argument: argument) }
  /// An argument (arity / option) error.
  public static func argument(_ m: String, argument: Int? = nil) -> RLSError { .init(.argument, m, argument: argument) }
}
