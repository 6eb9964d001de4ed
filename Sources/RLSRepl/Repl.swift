import CReadline
import Foundation
import RLSCore
import RLSLibrary

/// The interactive loop: reads entries (continuing while the parser says the
/// input is incomplete), evaluates them in the session, prints values and
/// errors. Over a terminal it uses GNU readline (history in `~/.rls_history`,
/// tab completion); otherwise it reads plain lines with no prompts.
public final class Repl {
  let session: Session
  let interactive: Bool
  var buffer: [String] = []
  /// Set when an entry failed (a piped REPL then exits with status 1).
  var hadError = false
  let historyPath = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.rls_history"

  /// Creates a REPL over a session; `interactive` when stdin is a terminal.
  public init(session: Session, interactive: Bool = isatty(0) != 0) {
    self.session = session
    self.interactive = interactive
  }

  /// Runs until `:quit` or end of input; returns the exit status.
  public func run() -> Int32 {
    if interactive { return runInteractive() }
    while let line = Swift.readLine(strippingNewline: true) {
      if feed(line) == .quit { return hadError ? 1 : 0 }
    }
    if !buffer.isEmpty { evaluate(buffer.joined(separator: "\n")) }
    return hadError ? 1 : 0
  }

  enum Outcome { case more, done, quit }

  /// Adds a line; evaluates once the entry is complete.
  func feed(_ line: String) -> Outcome {
    if buffer.isEmpty {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix(":") { return command(trimmed) }
      if trimmed.isEmpty { return .done }
    }
    buffer.append(line)
    let text = buffer.joined(separator: "\n")
    if case .incomplete = session.parse(Source(name: "<repl>", text: text)) { return .more }
    buffer = []
    evaluate(text)
    return .done
  }

  /// Evaluates an entry and prints its value (nil is not printed) or its error.
  func evaluate(_ text: String, timed: Bool = false) {
    SignalHandling.reset()
    let start = DispatchTime.now()
    do {
      let v = try session.evaluate(text, name: "<repl>")
      if v.object is RichDisplayable {
        // Figures: saved as SVG, with the path printed.
        session.vm.write(FigureFiles.textForm(DisplayItem(data: RichDisplay.bundle(v, vm: session.vm))) + "\n")
      } else if !v.isNil {
        session.vm.write(session.vm.formatValue(v) + "\n")
      }
    } catch let e as RLSError {
      hadError = true
      session.vm.writeError(ErrorRenderer.render(e) + "\n")
    } catch {
      hadError = true
      session.vm.writeError("error: \(error)\n")
    }
    if timed {
      let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
      session.vm.write("time: \(String(format: "%.3f", ms)) ms\n")
    }
    _ = SignalHandling.takeInterrupt()
  }

  /// `:help [name]`, `:time expr`, `:quit`.
  func command(_ line: String) -> Outcome {
    let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
    let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
    switch parts[0] {
    case ":quit", ":q", ":exit":
      return .quit
    case ":help", ":h":
      if arg.isEmpty {
        session.vm.write(Repl.generalHelp + "\n")
      } else if let h = session.help(arg) {
        session.vm.write(h + "\n")
      } else {
        session.vm.writeError("no help for '\(arg)'\n")
      }
    case ":time":
      evaluate(arg, timed: true)
    default:
      session.vm.writeError("unknown command \(parts[0]) (try :help)\n")
    }
    return .done
  }

  static let generalHelp = """
    RLScript REPL. Enter expressions or statements; an unfinished entry continues on the next line.
      :help name    documentation of a function or namespace (e.g. :help print, :help json.parse, :help json)
      :time expr    evaluate and print how long it took
      :quit         leave (or Ctrl-D); Ctrl-C stops running code or clears the line
    """
}
