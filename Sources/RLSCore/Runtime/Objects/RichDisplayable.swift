/// A native object with a rich form (figures: SVG): `display(x)` and the
/// kernel's execute_result show its MIME bundle; hosts without rich output
/// use the text form (the REPL saves SVG figures to a file and prints where).
public protocol RichDisplayable: AnyObject {
  /// MIME type → content, most preferred first; include "text/plain".
  func mimeBundle(vm: VM) -> [(mime: String, content: String)]
}
