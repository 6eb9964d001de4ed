import RLSJSON

/// kernel_info, connect, comm_info and comms (RLScript registers no comm targets).
enum InfoHandlers {
  /// `kernel_info_request` (shell and control).
  ///
  /// RLScript has no Pygments lexer or CodeMirror mode of its own; both are
  /// "ruby", the closest existing ones: `#` comments, `nil`/`true`/`false`,
  /// `and`/`or`/`not`, `if`/`else`/`for`/`in`/`while`/`return` keywords, brace
  /// blocks, double-quoted strings, and `name: value` keyword arguments and
  /// map keys all highlight as in RLScript.
  static func kernelInfo(_ k: Kernel, _ request: Message) -> JSON? {
    .obj([
      ("status", "ok"), ("protocol_version", .string(Wire.protocolVersion)), ("implementation", "rlscript"),
      ("implementation_version", .string(k.version)),
      (
        "language_info",
        .obj([
          ("name", "rlscript"), ("version", .string(k.version)), ("mimetype", "text/x-rlscript"), ("file_extension", ".rls"),
          ("pygments_lexer", "ruby"), ("codemirror_mode", "ruby"), ("nbconvert_exporter", "script"),
        ])
      ),
      ("banner", .string("RLScript \(k.version) — a small, fast language for reinforcement-learning research. :help name for docs.")),
      ("help_links", .array([])), ("debugger", false),
    ])
  }

  /// `connect_request` (deprecated): the ports.
  static func connect(_ k: Kernel, _ request: Message) -> JSON? {
    guard let c = k.connection else { return .obj([("status", "ok")]) }
    return .obj([
      ("status", "ok"), ("shell_port", .number(Double(c.shellPort))), ("iopub_port", .number(Double(c.iopubPort))),
      ("stdin_port", .number(Double(c.stdinPort))), ("hb_port", .number(Double(c.hbPort))),
      ("control_port", .number(Double(c.controlPort))),
    ])
  }

  /// `comm_info_request`: no comms are open.
  static func commInfo(_ k: Kernel, _ request: Message) -> JSON? {
    .obj([("status", "ok"), ("comms", .emptyObject)])
  }

  /// `comm_open` for a target the kernel does not have: answered with
  /// `comm_close` on iopub, so the front end does not wait for the comm.
  static func commOpen(_ k: Kernel, _ request: Message) -> JSON? {
    let id = request.content["comm_id"]?.string ?? ""
    k.publisher.publish("comm_close", .obj([("comm_id", .string(id)), ("data", .emptyObject)]), parent: request.rawHeader)
    return nil
  }

  /// comm_msg / comm_close: nothing to do, no reply.
  static func ignore(_ k: Kernel, _ request: Message) -> JSON? { nil }
}
