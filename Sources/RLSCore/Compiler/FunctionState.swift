/// A local variable in a register.
struct Local {
  var name: String
  var register: Int
  var depth: Int
  var captured = false
}

/// An enclosing loop: where `break` and `continue` go.
struct LoopState {
  var breakJumps: [Int] = []
  var continueJumps: [Int] = []
  /// Registers at or above this belong to the loop (closed each iteration when captured).
  var firstRegister: Int
  /// `try` blocks open when the loop started (break/continue pop the ones opened since).
  var tryDepth: Int
  var needsClose = false
}

/// Compilation state of one function: its prototype under construction,
/// locals, scopes, registers, loops, upvalues and constant pools.
final class FunctionState {
  let proto: Proto
  let parent: FunctionState?
  var locals: [Local] = []
  var scopeDepth = 0
  var freeRegister = 0
  var loops: [LoopState] = []
  var tryDepth = 0
  var span = Span.none
  var numberConstants: [UInt64: Int] = [:]
  var stringConstants: [StringBytes: Int] = [:]

  init(proto: Proto, parent: FunctionState?) {
    self.proto = proto
    self.parent = parent
  }

  /// True for the top-level unit at its outermost scope (where `let` makes globals).
  var isGlobalScope: Bool { parent == nil && scopeDepth == 0 }

  /// The register of local `name`, innermost first.
  func resolveLocal(_ name: String) -> Int? {
    for l in locals.reversed() where l.name == name { return l.register }
    return nil
  }

  /// Marks the local in `register` as captured by a closure.
  func markCaptured(_ register: Int) {
    for i in locals.indices.reversed() where locals[i].register == register {
      locals[i].captured = true
      break
    }
    for i in loops.indices where loops[i].firstRegister <= register { loops[i].needsClose = true }
  }

  /// The upvalue index for `name`, adding one that captures it from an enclosing function.
  func resolveUpvalue(_ name: String) -> Int? {
    if let i = proto.upvalues.firstIndex(where: { $0.name == name }) { return i }
    guard let parent else { return nil }
    if let r = parent.resolveLocal(name) {
      parent.markCaptured(r)
      proto.upvalues.append((fromLocal: true, index: r, name: name))
      return proto.upvalues.count - 1
    }
    if let u = parent.resolveUpvalue(name) {
      proto.upvalues.append((fromLocal: false, index: u, name: name))
      return proto.upvalues.count - 1
    }
    return nil
  }
}
