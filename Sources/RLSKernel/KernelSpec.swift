import Foundation
import RLSJSON

/// `rls kernel install`: writes the kernelspec directory `rlscript` (kernel.json
/// and two logos) where `jupyter kernelspec list` finds it.
public enum KernelSpec {
  /// The kernelspec's name.
  public static let name = "rlscript"

  /// Where to install.
  public enum Location: Equatable {
    /// `/usr/local/share/jupyter/kernels` (Jupyter's system-wide path).
    case system
    /// `$JUPYTER_DATA_DIR/kernels`, or `~/.local/share/jupyter/kernels`.
    case user
    /// `DIR/share/jupyter/kernels` (a virtualenv or conda prefix).
    case prefix(String)
    /// The active Python environment's prefix: `$VIRTUAL_ENV`, `$CONDA_PREFIX`, or python3's `sys.prefix`.
    case sysPrefix
  }

  /// The kernels directory of a location.
  public static func kernelsDirectory(_ location: Location) throws -> String {
    let env = ProcessInfo.processInfo.environment
    switch location {
    case .system:
      return "/usr/local/share/jupyter/kernels"
    case .user:
      if let d = env["JUPYTER_DATA_DIR"], !d.isEmpty { return d + "/kernels" }
      if let x = env["XDG_DATA_HOME"], !x.isEmpty { return x + "/jupyter/kernels" }
      return (env["HOME"] ?? NSHomeDirectory()) + "/.local/share/jupyter/kernels"
    case .prefix(let dir):
      return absolute(dir) + "/share/jupyter/kernels"
    case .sysPrefix:
      if let v = env["VIRTUAL_ENV"] ?? env["CONDA_PREFIX"], !v.isEmpty { return v + "/share/jupyter/kernels" }
      guard let p = pythonPrefix() else {
        throw InstallError(description: "--sys-prefix: no active Python environment (VIRTUAL_ENV, CONDA_PREFIX or python3)")
      }
      return p + "/share/jupyter/kernels"
    }
  }

  /// An installation problem.
  public struct InstallError: Error, CustomStringConvertible {
    public var description: String
  }

  /// The contents of kernel.json.
  public static func kernelJSON(executable: String, interruptMode: String) -> JSON {
    .obj([
      ("argv", .array([.string(executable), "kernel", "{connection_file}"])), ("display_name", "RLScript"),
      ("language", "rlscript"), ("interrupt_mode", .string(interruptMode)), ("metadata", .obj([("debugger", false)])),
    ])
  }

  /// Writes the kernelspec; returns its directory.
  @discardableResult
  public static func install(_ location: Location, executable: String, interruptMode: String = "message") throws -> String {
    let dir = try kernelsDirectory(location) + "/" + name
    do {
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
      try JSON.write(kernelJSON(executable: executable, interruptMode: interruptMode), path: dir + "/kernel.json", indent: 1)
      for size in [32, 64] {
        let png = Data(PNG.logo(size: size))
        try png.write(to: URL(fileURLWithPath: "\(dir)/logo-\(size)x\(size).png"))
      }
    } catch {
      throw InstallError(description: "cannot install the kernelspec in \(dir): \(error)")
    }
    return dir
  }

  /// The absolute path of the running binary.
  public static func currentExecutable() -> String {
    if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
    return absolute(CommandLine.arguments[0])
  }

  static func absolute(_ path: String) -> String {
    let p = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    return URL(fileURLWithPath: p).standardized.path
  }

  static func pythonPrefix() -> String? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return nil }
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { return nil }
    let s = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    return s.isEmpty ? nil : s
  }
}
