import RLSJSON

/// `history_request`: tail, range and search over `History`.
enum HistoryHandler {
  static func history(_ k: Kernel, _ request: Message) -> JSON? {
    let c = request.content
    let output = c["output"]?.bool ?? false
    let entries: [History.Entry]
    switch c["hist_access_type"]?.string ?? "tail" {
    case "range":
      entries = k.history.range(session: c["session"]?.int ?? 0, start: c["start"]?.int ?? 1, stop: c["stop"]?.int)
    case "search":
      entries = k.history.search(c["pattern"]?.string ?? "*", n: c["n"]?.int, unique: c["unique"]?.bool ?? false)
    default:
      entries = k.history.tail(c["n"]?.int ?? 10)
    }
    let rows: [JSON] = entries.map { e in
      let input: JSON = .string(e.input)
      let item: JSON = output ? .array([input, e.output.map { .string($0) } ?? .null]) : input
      return .array([.number(Double(History.session)), .number(Double(e.line)), item])
    }
    return .obj([("status", "ok"), ("history", .array(rows))])
  }
}
