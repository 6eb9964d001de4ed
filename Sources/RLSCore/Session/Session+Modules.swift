import Foundation

/// `import "file.rls" as h` and `import name` (Stdlib modules).
extension Session {
  /// Where Stdlib modules are looked for: `$RLS_STDLIB` (colon-separated),
  /// `<binary>/../share/rlscript/Stdlib` (installed), the source tree the
  /// binary was built from (`<binary>/../../../Stdlib`), and the source tree
  /// this file was compiled in.
  static func defaultStdlibPaths() -> [String] {
    var paths: [String] = []
    if let env = ProcessInfo.processInfo.environment["RLS_STDLIB"] {
      paths += env.split(separator: ":").map(String.init)
    }
    let exe =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments.first ?? ""
    let dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
    paths.append(dir.appendingPathComponent("../share/rlscript/Stdlib").standardized.path)
    paths.append(dir.appendingPathComponent("../../../Stdlib").standardized.path)
    paths.append(dir.appendingPathComponent("../../Stdlib").standardized.path)
    let here = URL(fileURLWithPath: #filePath)
    paths.append(here.appendingPathComponent("../../../../Stdlib").standardized.path)
    var seen: Set<String> = []
    return paths.filter { seen.insert($0).inserted }
  }

  /// Loads (once) and returns a module value.
  func importModule(_ name: String, isPath: Bool, from: Source) throws -> Value {
    let path: String
    if isPath {
      let baseDir: URL
      if from.name.hasPrefix("<") {
        baseDir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
      } else {
        baseDir = URL(fileURLWithPath: from.name).deletingLastPathComponent()
      }
      path = name.hasPrefix("/") ? name : baseDir.appendingPathComponent(name).standardized.path
    } else {
      guard let found = stdlibPaths.map({ "\($0)/\(name).rls" }).first(where: { FileManager.default.fileExists(atPath: $0) }) else {
        throw RLSError(.importError, "no module named '\(name)' (searched: \(stdlibPaths.joined(separator: ", ")))")
      }
      path = found
    }
    if let m = modules[path] { return m }
    if loading.contains(path) { throw RLSError(.importError, "circular import of '\(name)'") }
    loading.insert(path)
    defer { loading.remove(path) }
    let source = try Session.readSource(path: path)
    let table = GlobalTable(moduleName: path)
    table.inherit(builtins: vm.builtins)
    let proto = try compile(source, into: table)
    _ = try vm.run(proto)
    let displayName = isPath ? Compiler.importName(name, true, nil) : name
    let module = Value(vm.heap.track(ObjModule(name: displayName, table: table)))
    modules[path] = module
    return module
  }
}
