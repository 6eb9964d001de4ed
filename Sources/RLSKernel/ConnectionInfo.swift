import RLSJSON

/// The connection file Jupyter writes for a kernel: transport, address, the
/// five ports and the signing key.
///
/// ```json
/// {"transport": "tcp", "ip": "127.0.0.1", "shell_port": 53794, "iopub_port": 53795,
///  "stdin_port": 53796, "control_port": 53797, "hb_port": 53798,
///  "key": "a0436f6c-...", "signature_scheme": "hmac-sha256", "kernel_name": "rlscript"}
/// ```
public struct ConnectionInfo: Sendable, Equatable {
  /// "tcp" or "ipc".
  public var transport: String
  /// The address to bind (tcp) or the path prefix of the sockets (ipc).
  public var ip: String
  public var shellPort: Int
  public var iopubPort: Int
  public var stdinPort: Int
  public var controlPort: Int
  public var hbPort: Int
  /// The HMAC key; empty means messages are neither signed nor checked.
  public var key: String
  /// "hmac-sha256" (the only scheme supported).
  public var signatureScheme: String

  public init(
    transport: String = "tcp", ip: String = "127.0.0.1", shellPort: Int, iopubPort: Int, stdinPort: Int,
    controlPort: Int, hbPort: Int, key: String, signatureScheme: String = "hmac-sha256"
  ) {
    self.transport = transport
    self.ip = ip
    self.shellPort = shellPort
    self.iopubPort = iopubPort
    self.stdinPort = stdinPort
    self.controlPort = controlPort
    self.hbPort = hbPort
    self.key = key
    self.signatureScheme = signatureScheme
  }

  /// A connection-file problem (missing file, bad JSON, missing port...).
  public struct Invalid: Error, CustomStringConvertible {
    public var description: String
  }

  /// Reads and checks a connection file.
  public static func read(path: String) throws -> ConnectionInfo {
    let json: JSON
    do {
      json = try JSON.read(path: path)
    } catch {
      throw Invalid(description: "cannot read connection file: \(error)")
    }
    return try parse(json)
  }

  /// Checks the fields of a parsed connection file.
  public static func parse(_ json: JSON) throws -> ConnectionInfo {
    guard json.object != nil else { throw Invalid(description: "connection file is not a JSON object") }
    func port(_ name: String) throws -> Int {
      guard let p = json[name]?.int, (1...65535).contains(p) else {
        throw Invalid(description: "connection file: '\(name)' must be a port number (1-65535)")
      }
      return p
    }
    let transport = json["transport"]?.string ?? "tcp"
    guard transport == "tcp" || transport == "ipc" else {
      throw Invalid(description: "connection file: unsupported transport '\(transport)' (tcp or ipc)")
    }
    let scheme = json["signature_scheme"]?.string ?? "hmac-sha256"
    let key = json["key"]?.string ?? ""
    if !key.isEmpty && scheme != "hmac-sha256" {
      throw Invalid(description: "connection file: unsupported signature scheme '\(scheme)' (hmac-sha256)")
    }
    return ConnectionInfo(
      transport: transport, ip: json["ip"]?.string ?? (transport == "tcp" ? "127.0.0.1" : "kernel-ipc"),
      shellPort: try port("shell_port"), iopubPort: try port("iopub_port"), stdinPort: try port("stdin_port"),
      controlPort: try port("control_port"), hbPort: try port("hb_port"), key: key, signatureScheme: scheme)
  }

  /// True when `ip` would listen on every interface (never bound: see `bindAddress`).
  public var isWildcard: Bool {
    ["0.0.0.0", "*", "::", "[::]", ""].contains(ip)
  }

  /// The address actually bound: the file's address, except that a wildcard
  /// (`0.0.0.0`, `*`, `::`) is replaced by the loopback address, so the kernel
  /// never listens on every interface.
  public var bindAddress: String {
    guard transport == "tcp" else { return ip }
    if isWildcard { return ip.contains(":") ? "::1" : "127.0.0.1" }
    return ip
  }

  /// The ZeroMQ endpoint of one port: `tcp://127.0.0.1:53794` or `ipc://kernel-ipc-53794`.
  public func endpoint(_ port: Int) -> String {
    if transport == "ipc" { return "ipc://\(ip)-\(port)" }
    let host = bindAddress.contains(":") && !bindAddress.hasPrefix("[") ? "[\(bindAddress)]" : bindAddress
    return "tcp://\(host):\(port)"
  }
}
