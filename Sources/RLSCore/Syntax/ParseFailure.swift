/// How a parse function gives up after a syntax error (the diagnostic is
/// already recorded when this is thrown).
enum ParseFailure: Error {
  /// Skip to the next statement boundary and carry on.
  case recover
  /// Stop parsing: the input ended, nesting is too deep, or there are too
  /// many errors.
  case abort
}
