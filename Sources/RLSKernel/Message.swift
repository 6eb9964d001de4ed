import Foundation
import RLSJSON
import Synchronization

/// One Jupyter message as received: routing identities, the header (parsed and
/// as its exact bytes, which replies echo as their parent header), parent
/// header, metadata, content and binary buffers.
public struct Message: Sendable {
  /// ZeroMQ routing identities (everything before `<IDS|MSG>`), echoed on replies.
  public var identities: [[UInt8]]
  /// The header: msg_id, session, username, date, msg_type, version.
  public var header: JSON
  /// The header frame exactly as received.
  public var rawHeader: [UInt8]
  public var parentHeader: JSON
  public var metadata: JSON
  public var content: JSON
  public var buffers: [[UInt8]]

  /// `header.msg_type`.
  public var type: String { header["msg_type"]?.string ?? "" }
  /// `header.msg_id`.
  public var id: String { header["msg_id"]?.string ?? "" }
}

/// The wire format (messaging protocol 5.3):
/// `[identities..., "<IDS|MSG>", hmac, header, parent_header, metadata, content, buffers...]`.
public enum Wire {
  /// The frame separating routing identities from the message.
  public static let delimiter = Array("<IDS|MSG>".utf8)
  /// The protocol version written in every header.
  public static let protocolVersion = "5.3"

  /// Why an incoming message was dropped.
  public enum Rejection: Error, CustomStringConvertible, Equatable {
    case noDelimiter
    case tooFewFrames(Int)
    case badSignature
    case badJSON(String)
    case noMessageType

    public var description: String {
      switch self {
      case .noDelimiter: return "no <IDS|MSG> delimiter"
      case .tooFewFrames(let n): return "\(n) frames after the delimiter (need 5)"
      case .badSignature: return "bad or missing signature"
      case .badJSON(let part): return "\(part) is not a JSON object"
      case .noMessageType: return "header has no msg_type"
      }
    }
  }

  /// Splits, checks the signature of, and parses an incoming message. The
  /// signature is checked before any JSON is parsed.
  public static func decode(_ frames: [[UInt8]], signer: Signer) -> Result<Message, Rejection> {
    guard let d = frames.firstIndex(of: delimiter) else { return .failure(.noDelimiter) }
    let rest = frames.count - d - 1
    guard rest >= 5 else { return .failure(.tooFewFrames(rest)) }
    guard signer.verify(frames[d + 1], frames[(d + 2)...(d + 5)]) else { return .failure(.badSignature) }
    func object(_ i: Int, _ name: String) -> JSON? {
      guard let v = try? JSON.parse(String(decoding: frames[i], as: UTF8.self)), v.object != nil else { return nil }
      return v
    }
    guard let header = object(d + 2, "header") else { return .failure(.badJSON("header")) }
    guard header["msg_type"]?.string != nil else { return .failure(.noMessageType) }
    guard let parent = object(d + 3, "parent_header") else { return .failure(.badJSON("parent_header")) }
    guard let metadata = object(d + 4, "metadata") else { return .failure(.badJSON("metadata")) }
    guard let content = object(d + 5, "content") else { return .failure(.badJSON("content")) }
    return .success(
      Message(
        identities: Array(frames[..<d]), header: header, rawHeader: frames[d + 2], parentHeader: parent,
        metadata: metadata, content: content, buffers: Array(frames[(d + 6)...])))
  }

  /// The frames of an outgoing message, signed.
  public static func encode(
    identities: [[UInt8]], header: [UInt8], parentHeader: [UInt8], metadata: [UInt8], content: [UInt8], signer: Signer
  ) -> [[UInt8]] {
    var frames = identities
    frames.reserveCapacity(identities.count + 6)
    frames.append(delimiter)
    let signed = [header, parentHeader, metadata, content]
    frames.append(signer.sign(signed[...]))
    frames += signed
    return frames
  }

  /// JSON text as bytes.
  public static func bytes(_ json: JSON) -> [UInt8] {
    Array(((try? JSON.stringify(json)) ?? "{}").utf8)
  }

  /// `{}`.
  public static let emptyObject = Array("{}".utf8)
}

/// Makes headers for outgoing messages of one kernel session.
public final class HeaderFactory: Sendable {
  /// The kernel's session id (a UUID).
  public let session: String
  private let counter = Atomic<Int>(0)

  public init(session: String = UUID().uuidString.lowercased()) {
    self.session = session
  }

  /// A new header of type `type`, as JSON bytes.
  public func header(_ type: String) -> [UInt8] {
    let n = counter.add(1, ordering: .relaxed).newValue
    return Wire.bytes(
      .obj([
        ("msg_id", .string("\(session)_\(n)")), ("session", .string(session)), ("username", "kernel"),
        ("date", .string(HeaderFactory.now())), ("msg_type", .string(type)), ("version", .string(Wire.protocolVersion)),
      ]))
  }

  /// The current time in ISO 8601 with microseconds: `2025-01-31T12:34:56.123456Z`.
  static func now() -> String {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    var t = tm()
    var secs = ts.tv_sec
    gmtime_r(&secs, &t)
    func pad(_ v: Int32, _ width: Int) -> String {
      let s = String(v)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(t.tm_year + 1900, 4))-\(pad(t.tm_mon + 1, 2))-\(pad(t.tm_mday, 2))T"
      + "\(pad(t.tm_hour, 2)):\(pad(t.tm_min, 2)):\(pad(t.tm_sec, 2)).\(pad(Int32(ts.tv_nsec / 1000), 6))Z"
  }
}
