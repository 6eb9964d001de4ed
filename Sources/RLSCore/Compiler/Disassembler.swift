/// Human-readable bytecode (`rls run --disassemble`).
public enum Disassembler {
  /// Every prototype, outermost first, one instruction per line.
  public static func disassemble(_ p: Proto) -> String {
    var out = "function \(p.name)(\(p.params.joined(separator: ", "))): \(p.maxRegisters) registers, \(p.upvalues.count) upvalues\n"
    for (pc, i) in p.code.enumerated() {
      let op = Opcode(rawValue: Instr.op(i)).map { "\($0)" } ?? "?"
      let line = p.span(at: pc).line
      var operands: String
      switch Opcode(rawValue: Instr.op(i)) {
      case .loadK, .getGlobal, .setGlobal, .defGlobal, .closure, .importPath, .importModule:
        operands = "\(Instr.a(i)) \(Instr.bx(i))" + comment(p, i)
      case .loadI, .tryBegin, .jmpIfPassed:
        operands = "\(Instr.a(i)) \(Instr.sbx(i))"
      case .jmp:
        operands = "\(Instr.sj(i)) -> \(pc + 1 + Instr.sj(i))"
      default:
        operands = "\(Instr.a(i)) \(Instr.b(i)) \(Instr.c(i))" + comment(p, i)
      }
      out += String(repeating: " ", count: max(0, 5 - String(pc).count)) + "\(pc)  [\(line)]  \(op.padding(12)) \(operands)\n"
    }
    for q in p.protos { out += "\n" + disassemble(q) }
    return out
  }

  private static func comment(_ p: Proto, _ i: UInt32) -> String {
    let op = Opcode(rawValue: Instr.op(i))
    func k(_ x: Int) -> String {
      guard x < p.constants.count else { return "?" }
      if let s = p.constants[x].string { return quote(s.value) }
      if case .number(let d) = p.constants[x] { return formatNumber(d) }
      return "?"
    }
    switch op {
    case .loadK, .importPath, .importModule: return "    ; \(k(Instr.bx(i)))"
    case .getGlobal, .setGlobal, .defGlobal:
      let s = Instr.bx(i)
      return "    ; \(s < p.globals.names.count ? p.globals.names[s] : "?")"
    case .getField, .addK, .subK, .mulK, .divK, .modK: return "    ; \(k(Instr.c(i)))"
    case .setField, .eqKJ, .ltKJ, .leKJ, .gtKJ, .geKJ: return "    ; \(k(Instr.b(i)))"
    case .closure: return "    ; \(Instr.bx(i) < p.protos.count ? p.protos[Instr.bx(i)].name : "?")"
    default: return ""
    }
  }
}

extension String {
  func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}

import RLSNumerics
