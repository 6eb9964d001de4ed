import Foundation
import RLSCore
import RLSJSON
import RLSLibrary

/// `execute_request`: runs a cell in the session.
///
/// Publishes execute_input, then the cell's streams and displays as they
/// happen, then execute_result (the value of the last expression) or exactly
/// one `error` message. `store_history` (forced off by `silent`) advances
/// the execution count; `silent` publishes nothing but status.
enum ExecuteHandler {
  static func execute(_ k: Kernel, _ request: Message) -> JSON? {
    let c = request.content
    let code = c["code"]?.string ?? ""
    let silent = c["silent"]?.bool ?? false
    let storeHistory = !silent && (c["store_history"]?.bool ?? true)
    let allowStdin = c["allow_stdin"]?.bool ?? true
    let stopOnError = c["stop_on_error"]?.bool ?? true
    if storeHistory { k.executionCount += 1 }
    let count = k.executionCount

    k.publisher.begin(parent: request.rawHeader, muted: silent)
    k.publisher.publishForCell("execute_input", .obj([("code", .string(code)), ("execution_count", .number(Double(count)))]))
    if storeHistory { k.history.record(line: count, input: code) }

    var payload: [JSON] = []
    let outcome: Result<Value, RLSError>
    if let page = pagerRequest(code, k) {
      payload.append(page)
      outcome = .success(.null)
    } else if [":quit", ":q", ":exit"].contains(code.trimmingCharacters(in: .whitespacesAndNewlines)) {
      // As the REPL's :quit: consoles end the session (IPython's "ask_exit").
      payload.append(.obj([("source", "ask_exit"), ("keepkernel", false)]))
      outcome = .success(.null)
    } else {
      k.stdin.begin(request, allowed: allowStdin)
      outcome = evaluate(code, name: count > 0 ? "<cell \(count)>" : "<cell>", in: k.session)
      k.stdin.end()
    }

    switch outcome {
    case .success(let value):
      if !value.isNil {
        let bundle = RichDisplay.resultBundle(value, vm: k.session.vm)
        k.publisher.publishForCell(
          "execute_result",
          .obj([("execution_count", .number(Double(count))), ("data", Publisher.bundle(bundle)), ("metadata", .emptyObject)]))
        if storeHistory { k.history.setOutput(line: count, bundle.first { $0.mime == "text/plain" }?.content ?? "") }
      }
      let expressions = userExpressions(c["user_expressions"]?.object ?? JSONObject(), k)
      k.publisher.flush()
      return .obj([
        ("status", "ok"), ("execution_count", .number(Double(count))), ("payload", .array(payload)),
        ("user_expressions", expressions),
      ])
    case .failure(let error):
      let fields = errorFields(error)
      k.publisher.publishForCell("error", .obj(fields))
      k.publisher.flush()
      if stopOnError { k.abortQueuedExecutions() }
      return .obj([("status", "error"), ("execution_count", .number(Double(count)))] + fields)
    }
  }

  /// Runs code in the session; every failure comes back as an `RLSError`.
  static func evaluate(_ code: String, name: String, in session: Session) -> Result<Value, RLSError> {
    do {
      return .success(try session.evaluate(code, name: name))
    } catch let e as RLSError {
      return .failure(e)
    } catch {
      return .failure(RLSError(.user, "\(error)"))
    }
  }

  /// ename / evalue / traceback of an error: the kind, the message, and the
  /// lines of the rendered block (the same text the REPL prints), with the
  /// `error:` lines in red.
  static func errorFields(_ e: RLSError) -> [(String, JSON)] {
    let lines = ErrorRenderer.render(e).split(separator: "\n", omittingEmptySubsequences: false).map { line -> JSON in
      line.contains("error: ") && !line.hasPrefix(" ") ? .string("\u{1b}[31;1m\(line)\u{1b}[0m") : .string(String(line))
    }
    return [("ename", .string(e.kind.rawValue)), ("evalue", .string(e.message)), ("traceback", .array(lines))]
  }

  /// The reply to an execute request dropped because an earlier one failed
  /// (status "error", as protocol 5.1+ asks instead of "aborted").
  static func abortedReply(_ count: Int) -> JSON {
    .obj([
      ("status", "error"), ("execution_count", .number(Double(count))), ("ename", "Aborted"),
      ("evalue", "not run: an earlier cell failed"), ("traceback", .array([])),
    ])
  }

  /// `:help name` shows a function's documentation in the pager (as IPython's `name?`).
  static func pagerRequest(_ code: String, _ k: Kernel) -> JSON? {
    let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
    guard trimmed.hasPrefix(":help") else { return nil }
    let name = trimmed.dropFirst(":help".count).trimmingCharacters(in: .whitespaces)
    let text = name.isEmpty ? generalHelp : (k.session.help(name) ?? "no help for '\(name)'")
    return .obj([("source", "page"), ("data", .obj([("text/plain", .string(text))])), ("start", 0)])
  }

  static let generalHelp = """
    RLScript kernel. Run cells of RLScript; the value of a cell's last expression is shown.
      :help name    documentation of a function or namespace (e.g. :help print, :help json)
      :quit         ends a console session (jupyter console)
      Tab           completes names, namespace members and map fields
      Shift-Tab     shows the documentation of the name under the cursor
    """

  /// Evaluates `user_expressions` quietly: name → {status, data, metadata} or an error.
  static func userExpressions(_ expressions: JSONObject, _ k: Kernel) -> JSON {
    guard !expressions.isEmpty else { return .emptyObject }
    let wasMuted = k.publisher.isMuted
    k.publisher.setMuted(true)
    defer { k.publisher.setMuted(wasMuted) }
    var out = JSONObject()
    for (name, expression) in expressions {
      switch evaluate(expression.string ?? "", name: "<user_expression>", in: k.session) {
      case .success(let v):
        let bundle = RichDisplay.resultBundle(v, vm: k.session.vm)
        out[name] = .obj([("status", "ok"), ("data", Publisher.bundle(bundle)), ("metadata", .emptyObject)])
      case .failure(let e):
        out[name] = .obj([("status", "error")] + errorFields(e))
      }
    }
    return .object(out)
  }
}
