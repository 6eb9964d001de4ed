import RLSCore

/// `rls run --dump-ast` and `--disassemble`.
public enum Debugging {
  /// The syntax tree (as S-expressions) or the bytecode of a source.
  public static func dump(_ source: Source, session: Session, ast: Bool) throws -> String {
    if ast {
      switch session.parse(source) {
      case .success(let program): return program.statements.map { ASTPrinter.print($0) }.joined(separator: "\n")
      case .incomplete: throw RLSError(.syntax, "unexpected end of input")
      case .failure(let d):
        var e = RLSError(.syntax, d.first?.message ?? "syntax error")
        e.source = source
        e.diagnostics = d
        throw e
      }
    }
    return Disassembler.disassemble(try session.compileOnly(source))
  }
}
