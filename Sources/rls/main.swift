import ArgumentParser
import Foundation
import RLSCore
import RLSKernel
import RLSLibrary
import RLSRepl

/// `rls`: the REPL, `rls run FILE`, `rls check FILE`, `rls kernel`, `rls --version`.
struct RLS: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rls",
    abstract: "RLScript: a small, fast language for reinforcement-learning research.",
    version: RLSVersion.string,
    subcommands: [Repl.self, Run.self, Check.self, KernelCommand.self, ReferenceDoc.self],
    defaultSubcommand: Repl.self)

  /// `rls` / `rls repl`: the interactive loop.
  struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "Start the interactive REPL (the default).")
    func run() throws {
      SignalHandling.install()
      let status = runOnLargeStack {
        RLSRepl.Repl(session: NativeLibrary.makeSession()).run()
      }
      throw ExitCode(status)
    }
  }

  /// `rls run FILE [ARGS...]`.
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a script headless (its arguments are in `args`).")
    @Flag(help: "Print the syntax tree instead of running.") var dumpAst = false
    @Flag(help: "Print the bytecode instead of running.") var disassemble = false
    @Argument(help: "The script.") var file: String
    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script.") var arguments: [String] = []

    func run() throws {
      throw ExitCode(Run.execute(file: file, arguments: arguments, dumpAst: dumpAst, disassemble: disassemble))
    }

    /// Runs (or dumps) a script; returns the exit status.
    static func execute(file: String, arguments: [String], dumpAst: Bool, disassemble: Bool) -> Int32 {
      SignalHandling.install()
      return runOnLargeStack {
        let session = NativeLibrary.makeSession()
        // The process exits right after the script: skip tearing the session
        // down (freeing every live object one by one costs measurable time
        // for scripts that end with large data structures).
        _ = Unmanaged.passRetained(session)
        session.setArguments(arguments)
        do {
          let source = try Session.readSource(path: file)
          if dumpAst || disassemble {
            print(try Debugging.dump(source, session: session, ast: dumpAst))
            return 0
          }
          _ = try session.evaluate(source)
          return 0
        } catch let e as RLSError {
          FileHandle.standardError.write(Data((ErrorRenderer.render(e) + "\n").utf8))
          return e.kind == .interrupt ? 130 : 1
        } catch {
          FileHandle.standardError.write(Data("error: \(error)\n".utf8))
          return 1
        }
      }
    }
  }

  /// `rls kernel CONNECTION_FILE` and `rls kernel install`.
  struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "kernel", abstract: "Run the Jupyter kernel, or install its kernelspec.",
      usage: "rls kernel CONNECTION_FILE\nrls kernel install [--user | --prefix DIR | --sys-prefix]",
      subcommands: [Serve.self, Install.self], defaultSubcommand: Serve.self)

    /// `rls kernel CONNECTION_FILE` (what kernel.json's argv runs).
    struct Serve: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve a Jupyter front end (messaging protocol 5.3 over ZeroMQ).")
      @Argument(help: "The connection file Jupyter wrote.") var connectionFile: String
      func run() throws {
        let status = KernelMain.run(connectionFile: connectionFile, session: NativeLibrary.makeSession(), version: RLSVersion.string)
        throw ExitCode(status)
      }
    }

    /// `rls kernel install [--user | --prefix DIR | --sys-prefix]`.
    struct Install: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Install the kernelspec 'rlscript' (default: system-wide, /usr/local/share/jupyter/kernels).")
      @Flag(help: "Install for the current user (~/.local/share/jupyter/kernels).") var user = false
      @Option(help: "Install under DIR/share/jupyter/kernels (e.g. a virtualenv).") var prefix: String?
      @Flag(help: "Install into the active Python environment's prefix.") var sysPrefix = false
      @Option(help: "How Jupyter interrupts the kernel: message (interrupt_request) or signal (SIGINT).")
      var interruptMode = "message"

      func validate() throws {
        if [user, prefix != nil, sysPrefix].filter({ $0 }).count > 1 {
          throw ValidationError("choose one of --user, --prefix and --sys-prefix")
        }
        if !["message", "signal"].contains(interruptMode) {
          throw ValidationError("--interrupt-mode must be 'message' or 'signal'")
        }
      }

      func run() throws {
        let location: KernelSpec.Location =
          user ? .user : prefix.map { .prefix($0) } ?? (sysPrefix ? .sysPrefix : .system)
        do {
          let dir = try KernelSpec.install(location, executable: KernelSpec.currentExecutable(), interruptMode: interruptMode)
          print("Installed kernelspec rlscript in \(dir)")
        } catch {
          FileHandle.standardError.write(Data("error: \(error)\n".utf8))
          throw ExitCode(1)
        }
      }
    }
  }

  /// `rls reference`: prints docs/reference.md.
  struct ReferenceDoc: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "reference", abstract: "Print the Markdown reference of every native function.", shouldDisplay: false)
    func run() throws { print(Reference.markdown(), terminator: "") }
  }

  /// `rls check FILE`.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse and resolve a script without running it.")
    @Argument(help: "The script.") var file: String
    func run() throws {
      let session = NativeLibrary.makeSession()
      do {
        let source = try Session.readSource(path: file)
        if let e = session.check(source) {
          FileHandle.standardError.write(Data((ErrorRenderer.render(e) + "\n").utf8))
          throw ExitCode(1)
        }
      } catch let e as RLSError {
        FileHandle.standardError.write(Data((ErrorRenderer.render(e) + "\n").utf8))
        throw ExitCode(1)
      }
    }
  }
}

/// Start-up: the plain `rls run FILE [ARGS...]` (no option anywhere) skips
/// swift-argument-parser, whose first use costs a few milliseconds of runtime
/// type lookups; it means exactly what the parser would make of it.
let argv = CommandLine.arguments
if argv.count >= 3, argv[1] == "run", !argv[2...].contains(where: { $0.hasPrefix("-") }) {
  exit(RLS.Run.execute(file: argv[2], arguments: Array(argv[3...]), dumpAst: false, disassemble: false))
}

/// Usage errors exit with status 2 (not swift-argument-parser's 64).
do {
  var command = try RLS.parseAsRoot()
  try command.run()
} catch let e as ExitCode {
  exit(e.rawValue)
} catch {
  let code = RLS.exitCode(for: error)
  if code == .success {
    print(RLS.fullMessage(for: error))
    exit(0)
  }
  FileHandle.standardError.write(Data((RLS.fullMessage(for: error) + "\n").utf8))
  exit(code == .validationFailure ? 2 : code.rawValue)
}
