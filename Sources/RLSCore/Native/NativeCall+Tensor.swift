import RLSNumerics

/// Tensor arguments: a tensor value or a (nested) list of numbers is accepted
/// wherever a vector or matrix is expected.
extension NativeCall {
  /// Argument `i` as a tensor of rank 1 or 2.
  public func tensor(_ i: Int, _ name: String) throws -> Tensor {
    do {
      return try vm.toTensor(self[i], name)
    } catch var e as RLSError {
      e.message = "\(native.name): \(e.message)"
      e.argumentIndex = i
      throw e
    }
  }

  /// Argument `i` as a vector (rank 1).
  public func vector(_ i: Int, _ name: String) throws -> Tensor {
    let t = try tensor(i, name)
    guard t.rank == 1 else { throw error("\(name) must be a vector, got a tensor of shape \(t.shape)", argument: i) }
    return t
  }

  /// Argument `i` as a matrix (rank 2).
  public func matrix(_ i: Int, _ name: String) throws -> Tensor {
    let t = try tensor(i, name)
    guard t.rank == 2 else { throw error("\(name) must be a matrix, got a tensor of shape \(t.shape)", argument: i) }
    return t
  }

  /// A tensor or number result as a value.
  public func value(_ r: TensorOrScalar) -> Value { vm.value(r) }
}
