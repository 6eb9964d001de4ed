import Foundation
import RLSCore
import RLSJSON

/// Everything the kernel broadcasts on iopub: status, the input being run,
/// streamed output, rich display, results and errors.
///
/// Output written while a cell runs is buffered and sent as `stream`
/// messages promptly: at once for the first line after a quiet spell, then at
/// most every `flushInterval` (so a loop printing thousands of lines makes a
/// few dozen messages, not thousands), and in chunks of at most `chunkBytes`.
/// One lock orders every iopub message, so buffered text always goes out
/// before the display, result, error or status that follows it.
public final class Publisher: @unchecked Sendable {
  let transport: Transport
  let signer: Signer
  let headers: HeaderFactory
  /// How long output may wait in the buffer.
  public var flushInterval: Double = 0.05
  /// The largest `stream` message text, in UTF-8 bytes.
  public var chunkBytes = 64 * 1024

  private let lock = NSLock()
  /// The header (exact bytes) of the request whose code is running.
  private var parent: [UInt8] = Wire.emptyObject
  /// Output of a `silent` execution is dropped.
  private var muted = false
  private var streamName = "stdout"
  private var buffer = ""
  private var bufferBytes = 0
  private var lastFlush = 0.0
  private var flushScheduled = false

  init(transport: Transport, signer: Signer, headers: HeaderFactory) {
    self.transport = transport
    self.signer = signer
    self.headers = headers
  }

  static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  // MARK: Messages

  /// Sends one iopub message (after any buffered output).
  func publish(_ type: String, _ content: JSON, parent: [UInt8], topic: String? = nil) {
    lock.lock()
    defer { lock.unlock() }
    flushLocked()
    sendLocked(type, Wire.bytes(content), parent: parent, topic: topic)
  }

  private func sendLocked(_ type: String, _ content: [UInt8], parent: [UInt8], topic: String? = nil) {
    let topic = Array((topic ?? "kernel.\(headers.session).\(type)").utf8)
    let frames = Wire.encode(
      identities: [topic], header: headers.header(type), parentHeader: parent, metadata: Wire.emptyObject, content: content,
      signer: signer)
    transport.send(frames, on: .iopub)
  }

  /// `status` busy / idle / starting.
  func status(_ state: String, parent: [UInt8]) {
    publish("status", .obj([("execution_state", .string(state))]), parent: parent)
  }

  // MARK: The running cell

  /// Starts attributing output to `parent` (the execute request's header).
  func begin(parent: [UInt8], muted: Bool) {
    lock.lock()
    defer { lock.unlock() }
    flushLocked()
    self.parent = parent
    self.muted = muted
  }

  /// Publishes a message of the running cell (nothing when muted).
  func publishForCell(_ type: String, _ content: JSON) {
    lock.lock()
    defer { lock.unlock() }
    flushLocked()
    if !muted { sendLocked(type, Wire.bytes(content), parent: parent) }
  }

  /// Whether the running cell's output is dropped.
  var isMuted: Bool {
    lock.lock()
    defer { lock.unlock() }
    return muted
  }

  /// Sets whether output is dropped (user expressions run muted).
  func setMuted(_ m: Bool) {
    lock.lock()
    defer { lock.unlock() }
    flushLocked()
    muted = m
  }

  // MARK: Streams

  /// Buffers text written to stdout or stderr by the running cell.
  func write(_ name: String, _ text: String) {
    guard !text.isEmpty else { return }
    lock.lock()
    defer { lock.unlock() }
    if muted { return }
    if name != streamName { flushLocked() }
    streamName = name
    buffer += text
    bufferBytes += text.utf8.count
    let now = Publisher.now()
    if bufferBytes >= chunkBytes || (now - lastFlush >= flushInterval && text.utf8.contains(10)) {
      flushLocked()
    } else if !flushScheduled {
      flushScheduled = true
      DispatchQueue.global().asyncAfter(deadline: .now() + flushInterval) { [weak self] in
        guard let self else { return }
        self.lock.lock()
        defer { self.lock.unlock() }
        self.flushScheduled = false
        self.flushLocked()
      }
    }
  }

  /// Sends buffered output now.
  func flush() {
    lock.lock()
    defer { lock.unlock() }
    flushLocked()
  }

  private func flushLocked() {
    guard !buffer.isEmpty else { return }
    let text = buffer
    buffer = ""
    bufferBytes = 0
    lastFlush = Publisher.now()
    for piece in Publisher.chunks(text, maxBytes: chunkBytes) {
      let content: JSON = .obj([("name", .string(streamName)), ("text", .string(piece))])
      sendLocked("stream", Wire.bytes(content), parent: parent, topic: "stream.\(streamName)")
    }
  }

  /// Splits text into pieces of at most `maxBytes` UTF-8 bytes, never inside a scalar.
  static func chunks(_ text: String, maxBytes: Int) -> [String] {
    let utf8 = text.utf8
    if utf8.count <= maxBytes { return [text] }
    var out: [String] = []
    var start = utf8.startIndex
    while start < utf8.endIndex {
      var end = utf8.index(start, offsetBy: maxBytes, limitedBy: utf8.endIndex) ?? utf8.endIndex
      while end < utf8.endIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
      out.append(String(text.unicodeScalars[start..<end]))
      start = end
    }
    return out
  }

  // MARK: Rich display

  /// Turns a `DisplayItem` of the running cell into display_data,
  /// update_display_data or clear_output.
  func display(_ item: DisplayItem) {
    if item.isClear {
      publishForCell("clear_output", .obj([("wait", .bool(item.isUpdate))]))
      return
    }
    var content: [(String, JSON)] = [("data", Publisher.bundle(item.data)), ("metadata", .emptyObject)]
    if let id = item.displayID { content.append(("transient", .obj([("display_id", .string(id))]))) }
    let type = item.isUpdate && item.displayID != nil ? "update_display_data" : "display_data"
    publishForCell(type, .obj(content))
  }

  /// A MIME bundle as a JSON object (the first entry of a type wins).
  static func bundle(_ data: [(mime: String, content: String)]) -> JSON {
    var o = JSONObject()
    for (mime, content) in data where o[mime] == nil { o[mime] = .string(content) }
    return .object(o)
  }
}
