import CReadline
import Foundation
import RLSCore

/// The terminal loop over readline's callback interface: a `poll` on stdin
/// that a Ctrl-C interrupts (EINTR), so the current line can be dropped
/// cleanly instead of being stuck inside `readline()`.
extension Repl {
  nonisolated(unsafe) static var current: Repl?
  nonisolated(unsafe) static var lineReady: String??
  nonisolated(unsafe) static var completionMatches: [String] = []

  func runInteractive() -> Int32 {
    Repl.current = self
    using_history()
    if access(historyPath, F_OK) != 0 { write_history(historyPath) }
    read_history(historyPath)
    rl_readline_name = UnsafePointer(strdup("rls"))
    rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{([,+-*/%"))
    rl_attempted_completion_function = { text, start, end in
      rl_attempted_completion_over = 1
      rl_completion_append_character = 0
      return rl_completion_matches(text) { text, state in Repl.completionCandidate(text, state) }
    }
    print("RLScript \(RLSVersion.string) — :help for help, :quit to leave")
    var status: Int32 = 0
    loop: while true {
      let prompt = buffer.isEmpty ? "rls> " : "...> "
      rl_callback_handler_install(prompt) { line in
        if let line {
          Repl.lineReady = .some(String(cString: line))
          free(line)
        } else {
          Repl.lineReady = .some(nil)
        }
        rl_callback_handler_remove()
      }
      Repl.lineReady = nil
      while Repl.lineReady == nil {
        var fds = [
          pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
          pollfd(fd: SignalHandling.wakeFD, events: Int16(POLLIN), revents: 0),
        ]
        let r = poll(&fds, SignalHandling.wakeFD >= 0 ? 2 : 1, -1)
        if (r < 0 && errno == EINTR) || (r > 0 && fds[1].revents != 0) {
          if SignalHandling.takeInterrupt() {
            rl_point = rl_end
            rl_redisplay()
            print("^C")
            rl_free_line_state()
            rl_callback_sigcleanup()
            rl_callback_handler_remove()
            buffer = []
            continue loop
          }
          continue
        }
        if r > 0 && fds[0].revents != 0 { rl_callback_read_char() }
      }
      guard case .some(let maybeLine) = Repl.lineReady, let line = maybeLine else {
        print("")
        break
      }
      if !line.trimmingCharacters(in: .whitespaces).isEmpty {
        add_history(line)
        append_history(1, historyPath)
      }
      if feed(line) == .quit { break }
      status = 0
    }
    history_truncate_file(historyPath, 2000)
    return status
  }

  /// Readline's generator: the `state`-th match for `text`.
  static func completionCandidate(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    guard let repl = current, let text else { return nil }
    if state == 0 {
      let word = String(cString: text)
      let line = String(cString: rl_line_buffer)
      let cursor = line.utf8.prefix(Int(rl_point)).count
      let prefix = String(decoding: line.utf8.prefix(cursor), as: UTF8.self)
      let (start, _, names) = repl.session.completions(prefix, cursor: prefix.unicodeScalars.count)
      let typedStart = String(String.UnicodeScalarView(prefix.unicodeScalars.prefix(start)))
      let wordStartInLine = prefix.unicodeScalars.count - word.unicodeScalars.count
      let lead = String(String.UnicodeScalarView(prefix.unicodeScalars.dropFirst(wordStartInLine).prefix(max(0, typedStart.unicodeScalars.count - wordStartInLine))))
      Repl.completionMatches = names.map { lead + $0 }
    }
    let i = Int(state)
    return i < Repl.completionMatches.count ? strdup(Repl.completionMatches[i]) : nil
  }
}

/// The product version.
public enum RLSVersion {
  public static let string = "0.1.0"
}
