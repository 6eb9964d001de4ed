import Dispatch
import Foundation
import RLSCore
import RLSNumerics

/// The progress bar of a training loop: in notebooks an output updated in
/// place (`update_display_data` under one display id), in a terminal one
/// line on stderr rewritten with `\r`; nothing when stderr is not a terminal.
/// Updates are throttled so drawing never costs more than a few per second.
final class ProgressBar {
  private let vm: VM
  private let title: String
  private let total: Int
  private let displayID: String?
  private let toTerminal: Bool
  private var lastDraw: UInt64 = 0
  private var drawn = false

  nonisolated(unsafe) private static var counter = 0

  /// A bar for `total` iterations (drawing nothing when there is nowhere to draw).
  init(vm: VM, title: String, total: Int) {
    self.vm = vm
    self.title = title
    self.total = total
    if vm.display != nil {
      ProgressBar.counter += 1
      displayID = "rls-progress-\(getpid())-\(ProgressBar.counter)"
      toTerminal = false
    } else {
      displayID = nil
      toTerminal = isatty(2) != 0
    }
  }

  /// Shows the empty bar.
  func start() {
    draw(done: 0, stats: [], elapsed: 0, final: false, force: true)
  }

  /// Redraws when the last drawing is older than the throttle interval.
  func update(done: Int, stats: [(String, Double)], elapsed: Double) {
    draw(done: done, stats: stats, elapsed: elapsed, final: false, force: false)
  }

  /// Draws the last state and ends the terminal line.
  func finish(done: Int, stats: [(String, Double)], elapsed: Double) {
    draw(done: done, stats: stats, elapsed: elapsed, final: true, force: true)
  }

  private func draw(done: Int, stats: [(String, Double)], elapsed: Double, final: Bool, force: Bool) {
    guard displayID != nil || toTerminal else { return }
    let now = DispatchTime.now().uptimeNanoseconds
    let interval: UInt64 = displayID != nil ? 250_000_000 : 100_000_000
    if !force && now - lastDraw < interval { return }
    lastDraw = now
    let text = ProgressBar.line(title: title, done: done, total: total, stats: stats, elapsed: elapsed, width: 24)
    if let id = displayID, let show = vm.display {
      let html = ProgressBar.html(title: title, done: done, total: total, stats: stats, elapsed: elapsed)
      show(DisplayItem(data: [("text/html", html), ("text/plain", text)], displayID: id, isUpdate: drawn))
      drawn = true
    } else {
      vm.writeError("\r\u{1B}[2K" + text + (final ? "\n" : ""))
    }
  }

  /// `ppo  37/100 [████████▊           ]  1.2s  episodic_return 123.4  loss 0.0123`
  static func line(title: String, done: Int, total: Int, stats: [(String, Double)], elapsed: Double, width: Int) -> String {
    let fraction = total > 0 ? min(Double(done) / Double(total), 1) : 1
    let eighths = Int((fraction * Double(width * 8)).rounded(.down))
    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    var bar = String(repeating: "█", count: eighths / 8)
    if eighths / 8 < width { bar += partial[eighths % 8] }
    bar += String(repeating: " ", count: max(0, width - bar.count))
    var s = "\(title) \(done)/\(total) [\(bar)] \(formatSeconds(elapsed))"
    for (name, x) in stats.prefix(4) { s += "  \(name) \(formatStat(x))" }
    return s
  }

  /// The notebook form: an HTML `<progress>` element and the same statistics.
  static func html(title: String, done: Int, total: Int, stats: [(String, Double)], elapsed: Double) -> String {
    var s = "<div style=\"font-family: monospace\"><b>\(escape(title))</b> "
    s += "<progress value=\"\(done)\" max=\"\(max(total, 1))\" style=\"width: 20em; vertical-align: middle\"></progress> "
    s += "\(done)/\(total) · \(formatSeconds(elapsed))"
    for (name, x) in stats.prefix(6) { s += " · \(escape(name)) \(formatStat(x))" }
    return s + "</div>"
  }

  static func formatStat(_ x: Double) -> String {
    guard x.isFinite else { return formatNumber(x) }
    let a = abs(x)
    if a != 0 && (a < 1e-3 || a >= 1e6) { return String(format: "%.3e", x) }
    return String(format: a >= 100 ? "%.1f" : "%.4g", x)
  }

  static func formatSeconds(_ s: Double) -> String {
    s < 60 ? String(format: "%.1fs", s) : String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60)
  }

  private static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
  }
}
