import Foundation

/// Builtins the VM runs inline when called with their common argument shapes.
///
/// The tag belongs to the function object (set when the library registers
/// it), so rebinding a name (`let len = ...`) or calling the builtin through
/// another name behaves exactly as before: only calls whose callee *is* the
/// builtin take the fast path. Each fast path handles a subset of what the
/// native body accepts, with the same result; anything else (wrong types,
/// errors, unusual arities) falls through to the body.
public enum Intrinsic: UInt8 {
  case none
  /// `len(list | string | map)`
  case len
  /// `push(list, value)`
  case push
  /// `str(string | whole number)`
  case str
  /// `sqrt(number)`
  case sqrt
  /// `floor(number)`
  case floor
  /// `abs(number)`
  case abs
  /// `has(map, key)`
  case has
}

extension VM {
  /// Calls a native from the dispatch loop: inline intrinsics first, then a
  /// lean path for natives without options, then the general `callNative`.
  @inline(__always)
  func callNativeFast(_ nu: Unmanaged<ObjNative>, args: UnsafeBufferPointer<Value>, keywords: ObjMap?) throws -> Value {
    try nu._withUnsafeGuaranteedRef { n in
      guard keywords == nil, n.takesNoOptions, args.count >= n.minArgs, args.count <= n.maxArgs else {
        return try callNative(n, args: args, keywords: keywords, receiver: nil)
      }
      if n.intrinsic != .none, let v = intrinsic(n.intrinsic, args) { return v }
      var call = NativeCall(vm: self, native: n, args: args, options: nil, receiver: nil)
      do {
        return try n.body(&call)
      } catch let e as RLSError {
        throw e
      } catch {
        throw RLSError.value("\(n.name): \(error)")
      }
    }
  }

  /// The intrinsic's result, or nil to run the native body instead.
  @inline(__always)
  func intrinsic(_ which: Intrinsic, _ args: UnsafeBufferPointer<Value>) -> Value? {
    switch which {
    case .none:
      return nil
    case .len:
      guard args.count == 1, case .object(let u) = args[0] else { return nil }
      return u._withUnsafeGuaranteedRef { o -> Value? in
        switch o.kind {
        case .list: return .number(Double(unsafeDowncast(o, to: ObjList.self).items.count))
        case .string: return .number(Double(unsafeDowncast(o, to: ObjString.self).length))
        case .map: return .number(Double(unsafeDowncast(o, to: ObjMap.self).count))
        default: return nil
        }
      }
    case .push:
      guard args.count == 2, case .object(let u) = args[0], u._withUnsafeGuaranteedRef({ $0.kind == .list }) else { return nil }
      unsafeBitCast(u, to: Unmanaged<ObjList>.self)._withUnsafeGuaranteedRef { $0.items.append(args[1]) }
      heap.grew(by: 16)
      return args[0]
    case .str:
      guard args.count == 1 else { return nil }
      switch args[0] {
      case .number(let d):
        guard Swift.abs(d) < 1e15, let n = Int64(exactly: d) else { return nil }
        if n >= 0 && n < 256 {
          if let s = smallIntStrings[Int(n)] { return Value(s) }
          let s = ObjString(decimal: n)
          smallIntStrings[Int(n)] = s
          return Value(s)
        }
        return heap.makeString(ObjString.decimal(n), asciiState: 1)
      case .object(let u):
        return u._withUnsafeGuaranteedRef { $0.kind == .string } ? args[0] : nil
      default:
        return nil
      }
    case .sqrt:
      guard args.count == 1, case .number(let d) = args[0] else { return nil }
      return .number(d.squareRoot())
    case .floor:
      guard args.count == 1, case .number(let d) = args[0] else { return nil }
      return .number(d.rounded(.down))
    case .abs:
      guard args.count == 1, case .number(let d) = args[0] else { return nil }
      return .number(Swift.abs(d))
    case .has:
      guard args.count == 2, case .object(let u) = args[0], u._withUnsafeGuaranteedRef({ $0.kind == .map }) else { return nil }
      guard ObjMap.isValidKeyFast(args[1]) else { return .bool(false) }
      return .bool(unsafeBitCast(u, to: Unmanaged<ObjMap>.self)._withUnsafeGuaranteedRef { $0.has(args[1]) })
    }
  }
}
