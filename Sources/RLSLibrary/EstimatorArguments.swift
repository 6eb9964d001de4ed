import RLSCore
import RLSNumerics
import RLSPrimitives

/// Argument conversion shared by the estimator namespaces (`ope`, `ops`,
/// `adv`, `loss`, `reward`): map fields as tensors, primitive errors as
/// errors of the calling function, interrupts for long loops.
enum EstimatorArguments {
  /// Field `key` of map argument `i` (named `what`) as a tensor, or nil when absent.
  static func field(_ c: NativeCall, _ m: ObjMap, _ key: String, _ what: String, argument i: Int = 0) throws -> Tensor? {
    guard let v = m.get(key), !v.isNil else { return nil }
    do {
      return try c.vm.toTensor(v, "\(what).\(key)")
    } catch var e as RLSError {
      e.message = "\(c.native.name): \(e.message)"
      e.argumentIndex = i
      throw e
    }
  }

  /// Runs a primitive, turning its `EstimatorError` into this function's
  /// error (pointing at `argument`) and a stop into the pending interrupt.
  static func run<T>(_ c: NativeCall, argument: Int? = 0, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as EstimatorError {
      if e == .stopped {
        try Interrupt.check()
      }
      throw c.error(e.message, argument: argument)
    } catch let e as TensorError {
      throw c.error(e.message, argument: argument)
    }
  }

  /// A number option that must be given as a non-negative number (∞ allowed).
  static func number(_ c: NativeCall, _ name: String, default d: Double) throws -> Double {
    try c.number(option: name, default: d)
  }

  /// Argument `i` or option-like value as a vector: a number becomes a vector of one.
  static func vectorOrNumber(_ c: NativeCall, _ v: Value, _ name: String) throws -> Tensor {
    if case .number(let d) = v { return Tensor(vector: [d]) }
    do {
      let t = try c.vm.toTensor(v, name)
      guard t.rank == 1 else { throw c.error("\(name) must be a number or a vector, got a tensor of shape \(t.shape)") }
      return t
    } catch var e as RLSError {
      if !e.message.hasPrefix(c.native.name) { e.message = "\(c.native.name): \(e.message)" }
      throw e
    }
  }

  /// An option value as a tensor (a number becomes a vector of one).
  static func tensorOption(_ c: NativeCall, _ v: Value, _ name: String) throws -> Tensor {
    if case .number(let d) = v { return Tensor(vector: [d]) }
    do {
      return try c.vm.toTensor(v, name)
    } catch var e as RLSError {
      e.message = "\(c.native.name): \(e.message)"
      throw e
    }
  }

  /// A tensor result or a map of tensors.
  static func tensor(_ c: NativeCall, _ t: Tensor) -> Value { c.vm.tensorValue(t) }
}
