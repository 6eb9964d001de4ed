import Foundation
import RLSCore

/// `rls kernel CONNECTION_FILE`: binds the sockets and serves until shutdown.
public enum KernelMain {
  /// Runs a kernel for `connectionFile` over `session`; returns the exit status.
  public static func run(connectionFile: String, session: Session, version: String) -> Int32 {
    let info: ConnectionInfo
    let transport: ZMQTransport
    do {
      info = try ConnectionInfo.read(path: connectionFile)
      if info.isWildcard {
        Kernel.log("the connection file asks for '\(info.ip)'; listening on \(info.bindAddress) only")
      }
      transport = try ZMQTransport(info)
    } catch {
      Kernel.log("\(error)")
      return 1
    }
    KernelSignals.install()
    let kernel = Kernel(session: session, transport: transport, key: info.key, connection: info, version: version)
    // Jupyter names its own process in JPY_PARENT_PID; if that process goes
    // away (we are re-parented, often to init), nobody can shut the kernel down any more.
    let parent = getppid()
    let watched = ProcessInfo.processInfo.environment["JPY_PARENT_PID"].flatMap { pid_t($0) }
    return kernel.run(parentAlive: {
      guard let watched else { return true }
      let now = getppid()
      return now != 1 && (now == watched || now == parent)
    })
  }
}
