/// The instruction set of the register VM.
///
/// An instruction is 32 bits: `op` (8) | `A` (8) | `B` (8) | `C` (8); `Bx` is
/// the 16 bits of B and C, `sBx` is `Bx - 32767`, and `sJ` (JMP only) is the
/// 24 bits above `op` minus 2^23. `R[x]` is register x of the current frame,
/// `K[x]` a constant, `G[x]` a global slot of the function's module, `U[x]` an
/// upvalue. "Then-jump" instructions are followed by a `JMP` that is taken
/// when the condition holds and skipped otherwise.
public enum Opcode: UInt8, CaseIterable {
  /// `R[A] = R[B]`
  case move
  /// `R[A] = K[Bx]`
  case loadK
  /// `R[A] = Double(sBx)`
  case loadI
  /// `R[A] ... R[A+B] = nil`
  case loadNil
  /// `R[A] = (B != 0)`
  case loadBool
  /// `R[A] = G[Bx]`; error when the global is not defined yet
  case getGlobal
  /// `G[Bx] = R[A]`; error when the global is not defined yet
  case setGlobal
  /// `G[Bx] = R[A]` (a top-level `let` or `fn`)
  case defGlobal
  /// `R[A] = U[B]`
  case getUpval
  /// `U[B] = R[A]`
  case setUpval
  /// close every open upvalue at or above `R[A]`
  case close
  /// `R[A] = closure of nested prototype Bx`
  case closure
  /// `R[A] = [R[B], ..., R[B+C-1]]`
  case newList
  /// append `R[B], ..., R[B+C-1]` to the list `R[A]`
  case appendList
  /// `R[A] = {}`
  case newMap
  /// `R[A] = R[B].K[C]` (K[C] a string)
  case getField
  /// `R[A].K[B] = R[C]`
  case setField
  /// `R[A] = R[B][R[C]]`
  case getIndex
  /// `R[A][R[B]] = R[C]`
  case setIndex
  /// `R[A] = R[B][R[B+1], ..., R[B+C]]` (several subscripts)
  case getIndexN
  /// `R[A][R[A+1], ..., R[A+B]] = R[C]`
  case setIndexN
  /// `R[A] = slice(R[B], R[B+1], R[B+2])` (nil bounds omitted)
  case slice
  /// `R[A] = R[B] + R[C]`
  case add
  /// `R[A] = R[B] - R[C]`
  case sub
  /// `R[A] = R[B] * R[C]`
  case mul
  /// `R[A] = R[B] / R[C]`
  case div
  /// `R[A] = R[B] % R[C]` (floored)
  case mod
  /// `R[A] = R[B] ** R[C]`
  case pow
  /// `R[A] = R[B] @ R[C]`
  case matmul
  /// `R[A] = R[B] + K[C]`
  case addK
  /// `R[A] = R[B] - K[C]`
  case subK
  /// `R[A] = R[B] * K[C]`
  case mulK
  /// `R[A] = R[B] / K[C]`
  case divK
  /// `R[A] = R[B] % K[C]`
  case modK
  /// `R[A] = -R[B]`
  case neg
  /// `R[A] = not R[B]`
  case not
  /// `R[A] = R[B] == R[C]`
  case eq
  /// `R[A] = R[B] != R[C]`
  case ne
  /// `R[A] = R[B] < R[C]`
  case lt
  /// `R[A] = R[B] <= R[C]`
  case le
  /// then-jump when `(R[A] == R[B]) == (C != 0)`
  case eqJ
  /// then-jump when `(R[A] < R[B]) == (C != 0)`
  case ltJ
  /// then-jump when `(R[A] <= R[B]) == (C != 0)`
  case leJ
  /// then-jump when `(R[A] == K[B]) == (C != 0)`
  case eqKJ
  /// then-jump when `(R[A] < K[B]) == (C != 0)`
  case ltKJ
  /// then-jump when `(R[A] <= K[B]) == (C != 0)`
  case leKJ
  /// then-jump when `(R[A] > K[B]) == (C != 0)`
  case gtKJ
  /// then-jump when `(R[A] >= K[B]) == (C != 0)`
  case geKJ
  /// then-jump when `truthy(R[A]) == (C != 0)`
  case testJ
  /// `pc += sJ`; a backward jump is a safe point (interrupts, collection)
  case jmp
  /// `R[A] = R[A](R[A+1], ..., R[A+B])`; with C = 1 a keyword-argument map follows in `R[A+B+1]`
  case call
  /// return `R[A]` (B = 1) or nil (B = 0)
  case ret
  /// start iterating `R[A]`: check it is iterable, `R[A+1] = 0`
  case iterPrep
  /// next element of `R[A]` into `R[A+2]` (and `R[A+3]` when C = 2), then-jump when done
  case iterNext
  /// push a handler: on error, `R[A] = error`, `pc += sBx`
  case tryBegin
  /// pop B handlers
  case tryEnd
  /// `R[A] = str(R[B]) + ... + str(R[B+C-1])` (string interpolation)
  case concat
  /// `R[A] = import(K[Bx])`: a user file (path)
  case importPath
  /// `R[A] = import(K[Bx])`: a Stdlib module (name)
  case importModule
  /// when `R[A]` is undef (argument not passed), fall through to compute its default; else `pc += sBx`
  case jmpIfPassed
}

/// Encoding and decoding of 32-bit instructions.
public enum Instr {
  @inline(__always) public static func abc(_ op: Opcode, _ a: Int, _ b: Int, _ c: Int) -> UInt32 {
    UInt32(op.rawValue) | UInt32(a & 0xff) << 8 | UInt32(b & 0xff) << 16 | UInt32(c & 0xff) << 24
  }
  @inline(__always) public static func abx(_ op: Opcode, _ a: Int, _ bx: Int) -> UInt32 {
    UInt32(op.rawValue) | UInt32(a & 0xff) << 8 | UInt32(bx & 0xffff) << 16
  }
  @inline(__always) public static func asbx(_ op: Opcode, _ a: Int, _ sbx: Int) -> UInt32 {
    abx(op, a, sbx + 32767)
  }
  @inline(__always) public static func sj(_ op: Opcode, _ offset: Int) -> UInt32 {
    UInt32(op.rawValue) | UInt32((offset + (1 << 23)) & 0xff_ffff) << 8
  }
  @inline(__always) public static func op(_ i: UInt32) -> UInt8 { UInt8(truncatingIfNeeded: i) }
  @inline(__always) public static func a(_ i: UInt32) -> Int { Int((i >> 8) & 0xff) }
  @inline(__always) public static func b(_ i: UInt32) -> Int { Int((i >> 16) & 0xff) }
  @inline(__always) public static func c(_ i: UInt32) -> Int { Int(i >> 24) }
  @inline(__always) public static func bx(_ i: UInt32) -> Int { Int(i >> 16) }
  @inline(__always) public static func sbx(_ i: UInt32) -> Int { Int(i >> 16) &- 32767 }
  @inline(__always) public static func sj(_ i: UInt32) -> Int { Int(i >> 8) &- (1 << 23) }

  /// Largest offsets the encodings can hold.
  public static let maxSBx = 32767
  public static let maxSJ = (1 << 23) - 1
}
