import RLSNumerics

/// A tensor value (reference semantics, like numpy arrays: `b = a; b[0] = 1`
/// changes `a`). Slices are copies.
public final class ObjTensor: Obj {
  /// The data.
  public var tensor: Tensor

  /// Wraps a tensor (track it with `Heap.track`).
  public init(_ tensor: Tensor) {
    self.tensor = tensor
    super.init(kind: .tensor)
  }

  public override var typeName: String { "tensor" }
  public override var byteSize: Int { 64 + tensor.count * 8 }
}
