import Foundation
import RLSCore

/// Where SVG output goes when there is no notebook to show it: a file in the
/// temporary directory, whose path is printed.
public enum FigureFiles {
  nonisolated(unsafe) static var counter = 0

  /// The text a terminal shows for a display item: SVG is saved to a file.
  public static func textForm(_ item: DisplayItem) -> String {
    if let svg = item.content("image/svg+xml") {
      counter += 1
      let path = NSTemporaryDirectory() + "rls-figure-\(getpid())-\(counter).svg"
      if (try? svg.write(toFile: path, atomically: true, encoding: .utf8)) != nil {
        return "figure saved to \(path)"
      }
    }
    return item.content("text/plain") ?? ""
  }
}
