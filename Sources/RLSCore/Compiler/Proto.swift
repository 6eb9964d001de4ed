import Foundation

/// A compiled function: code, constants, nested prototypes, line table.
///
/// After compilation `freeze()` copies code and constants into raw buffers that
/// the dispatch loop reads without bounds or uniqueness checks.
public final class Proto {
  /// The function's name (`<script>` for a top-level unit, `<anonymous>` for lambdas).
  public let name: String
  /// Where it was written.
  public let source: Source
  /// The globals of the module it belongs to.
  public let globals: GlobalTable
  /// Instructions.
  public internal(set) var code: [UInt32] = []
  /// Source position of each instruction.
  public internal(set) var spans: [Span] = []
  /// Constants (numbers and strings).
  public internal(set) var constants: [Value] = []
  /// Nested function prototypes.
  public internal(set) var protos: [Proto] = []
  /// For each upvalue: captured from the enclosing function's register (`fromLocal`) or its upvalue.
  public internal(set) var upvalues: [(fromLocal: Bool, index: Int, name: String)] = []
  /// Parameter names in order.
  public internal(set) var params: [String] = []
  /// How many leading parameters have no default.
  public internal(set) var requiredParams = 0
  /// Registers the frame needs.
  public internal(set) var maxRegisters = 1
  /// Spans of the arguments of each call instruction, by instruction index.
  public internal(set) var argumentSpans: [Int: [Span]] = [:]
  /// Where the `fn` keyword stands (line 0 for a top-level unit).
  public internal(set) var definition = Span.none

  /// The `#` comment lines written right above the declaration (for `:help`).
  public var doc: String? {
    guard definition.line > 1 else { return nil }
    var lines: [String] = []
    var n = definition.line - 1
    while n >= 1 {
      let text = source.line(n).trimmingCharacters(in: .whitespaces)
      guard text.hasPrefix("#") else { break }
      lines.insert(String(text.dropFirst()).trimmingCharacters(in: .whitespaces), at: 0)
      n -= 1
    }
    return lines.isEmpty ? nil : lines.joined(separator: "\n")
  }

  /// Raw code for the dispatch loop (valid after `freeze`).
  public private(set) var codePointer: UnsafeMutablePointer<UInt32> = .allocate(capacity: 1)
  /// Raw constants for the dispatch loop (valid after `freeze`).
  public private(set) var constantPointer: UnsafeMutablePointer<Value> = .allocate(capacity: 1)

  init(name: String, source: Source, globals: GlobalTable) {
    self.name = name
    self.source = source
    self.globals = globals
  }

  deinit {
    codePointer.deallocate()
    constantPointer.deallocate()
  }

  /// Copies code and constants into the raw buffers.
  func freeze() {
    codePointer.deallocate()
    constantPointer.deallocate()
    codePointer = .allocate(capacity: max(1, code.count))
    codePointer.initialize(from: code, count: code.count)
    constantPointer = .allocate(capacity: max(1, constants.count))
    constantPointer.initialize(from: constants, count: constants.count)
  }

  /// The source position of instruction `pc`.
  public func span(at pc: Int) -> Span { pc >= 0 && pc < spans.count ? spans[pc] : .none }
}
