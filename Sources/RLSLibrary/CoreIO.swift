import Foundation
import RLSCore

/// Output, input and rich display: `print`, `eprint`, `input`, `display`,
/// `display_svg`, `clear_output`, `clock`.
enum CoreIO {
  static let rows: [Native] = [
    Native("print", usage: "print(values...)", doc: "Writes the values separated by one space, then a newline. Strings print bare at top level and quoted inside lists and maps.") { c in
      c.vm.write(line(c))
      return .null
    },
    Native("eprint", usage: "eprint(values...)", doc: "Like print, to standard error.") { c in
      c.vm.writeError(line(c))
      return .null
    },
    Native("input", usage: "input(prompt = \"\")", doc: "Reads one line from standard input (without its newline); nil at end of input. In notebooks the kernel asks the front end.") { c in
      let prompt = c.has(0) ? try c.string(0, "prompt") : ""
      guard let s = c.vm.readLine(prompt) else {
        try Interrupt.check()  // a notebook's input() ends its wait on an interrupt
        return .null
      }
      return c.vm.string(s)
    },
    Native("clock", usage: "clock()", doc: "Seconds from an arbitrary fixed point (monotonic), for timing: `let t = clock(); ...; print(clock() - t)`.") { _ in
      .number(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
    },
    Native("display", usage: "display(value, id: nil, update: false)", doc: "Shows a value as rich output: in notebooks tensors and lists of maps become HTML tables and figures SVG; elsewhere the text form is printed. With `id:`, later `display(v, id: same, update: true)` replaces it in place (progress bars).") { c in
      let bundle = RichDisplay.bundle(c[0], vm: c.vm)
      let id = c.option("id").map { c.vm.display($0) }
      emit(c, DisplayItem(data: bundle, displayID: id, isUpdate: try c.bool(option: "update", default: false)))
      return .null
    },
    Native("display_svg", usage: "display_svg(svg)", doc: "Shows SVG markup as an image in notebooks; elsewhere prints a one-line note with its size.") { c in
      let svg = try c.string(0, "svg")
      emit(c, DisplayItem(data: [("image/svg+xml", svg), ("text/plain", "<SVG image, \(svg.utf8.count) bytes>")]))
      return .null
    },
    Native("clear_output", usage: "clear_output(wait: false)", doc: "Clears the cell's output in notebooks (with `wait: true`, when new output arrives); does nothing elsewhere.") { c in
      if let d = c.vm.display { d(DisplayItem(data: [], isUpdate: try c.bool(option: "wait", default: false), isClear: true)) }
      return .null
    },
  ]

  static func line(_ c: NativeCall) -> String {
    var s = ""
    for i in 0..<c.count {
      if i > 0 { s += " " }
      s += c.vm.display(c[i])
    }
    return s + "\n"
  }

  static func emit(_ c: NativeCall, _ item: DisplayItem) {
    if let d = c.vm.display {
      d(item)
    } else if !item.isClear {
      c.vm.write(FigureFiles.textForm(item) + "\n")
    }
  }
}
