import Foundation
import RLSNumerics

/// Hidden-layer activation of an `MLP` (the output layer is linear).
public enum Activation: String, Sendable, CaseIterable {
  case tanh, relu, identity
}

/// Weight initialisation of an `MLP`.
public enum Initialisation: Sendable, Equatable {
  /// PyTorch's nn.Linear default: kaiming-uniform with a = √5, i.e.
  /// W, b ~ U(-1/√fan_in, 1/√fan_in).
  case pytorchDefault
  /// CleanRL's `layer_init`: orthogonal W (QR of a normal matrix, signs
  /// fixed so diag(R) > 0, as torch.nn.init.orthogonal_) times `gain` on
  /// hidden layers and `outputGain` on the last; biases 0.
  case orthogonal(gain: Double, outputGain: Double)
}

/// Why an MLP refused an input (sizes, shapes).
public struct ModelError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// A multilayer perceptron over BLAS. Layer `i` maps `sizes[i]` inputs to
/// `sizes[i+1]` outputs as `y = x Wᵀ + b` on a whole minibatch (one dgemm),
/// with `W` stored `out × in` row-major (PyTorch's layout). `forward` keeps
/// the activations of the last batch; `backward` accumulates parameter
/// gradients (zero them with `zeroGrad`) and returns the input gradient.
public final class MLP {
  public let sizes: [Int]
  public let activation: Activation
  /// Parameters in order `W0, b0, W1, b1, ...`.
  public var params: [[Double]]
  /// Gradients, same layout as `params`.
  public var grads: [[Double]]
  private var acts: [[Double]] = []
  private var batch = 0

  public var layerCount: Int { sizes.count - 1 }
  public var inputSize: Int { sizes[0] }
  public var outputSize: Int { sizes[sizes.count - 1] }
  /// Shape of parameter `i` (`[out, in]` for weights, `[out]` for biases).
  public func shape(ofParam i: Int) -> [Int] {
    let l = i / 2
    return i % 2 == 0 ? [sizes[l + 1], sizes[l]] : [sizes[l + 1]]
  }

  /// A new MLP; `sizes` has at least two positive entries.
  public init(sizes: [Int], activation: Activation = .tanh, initialisation: Initialisation = .pytorchDefault, rng: inout RNG) throws {
    guard sizes.count >= 2 else { throw ModelError("sizes must list at least an input and an output size, got \(sizes.count)") }
    for (i, s) in sizes.enumerated() where s < 1 || s > 1 << 20 {
      throw ModelError("sizes[\(i)] = \(s) must be a positive layer width")
    }
    self.sizes = sizes
    self.activation = activation
    var ps: [[Double]] = []
    for l in 0..<(sizes.count - 1) {
      let fanIn = sizes[l]
      let fanOut = sizes[l + 1]
      switch initialisation {
      case .pytorchDefault:
        let bound = 1 / Double(fanIn).squareRoot()
        ps.append((0..<(fanIn * fanOut)).map { _ in -bound + 2 * bound * rng.uniform() })
        ps.append((0..<fanOut).map { _ in -bound + 2 * bound * rng.uniform() })
      case .orthogonal(let gain, let outGain):
        let g = l == sizes.count - 2 ? outGain : gain
        ps.append(MLP.orthogonal(rows: fanOut, cols: fanIn, rng: &rng).map { $0 * g })
        ps.append([Double](repeating: 0, count: fanOut))
      }
    }
    params = ps
    grads = ps.map { [Double](repeating: 0, count: $0.count) }
  }

  /// A model with the given parameters (checked against `sizes`).
  public init(sizes: [Int], activation: Activation, params: [[Double]]) throws {
    guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 }) else { throw ModelError("sizes must be at least two positive widths") }
    self.sizes = sizes
    self.activation = activation
    guard params.count == 2 * (sizes.count - 1) else {
      throw ModelError("expected \(2 * (sizes.count - 1)) parameter tensors, got \(params.count)")
    }
    self.params = params
    self.grads = params.map { [Double](repeating: 0, count: $0.count) }
    for i in 0..<params.count {
      let n = shape(ofParam: i).reduce(1, *)
      guard params[i].count == n else { throw ModelError("parameter \(i) must have \(n) numbers, got \(params[i].count)") }
    }
  }

  /// A copy with its own parameters (gradients zero).
  public func copy() -> MLP { try! MLP(sizes: sizes, activation: activation, params: params) }

  /// An orthogonal `rows × cols` matrix (row-major): QR of a standard normal
  /// matrix by modified Gram–Schmidt with reorthogonalisation (R's diagonal
  /// positive), transposed when rows < cols, as torch.nn.init.orthogonal_.
  public static func orthogonal(rows: Int, cols: Int, rng: inout RNG) -> [Double] {
    let m = max(rows, cols)
    let n = min(rows, cols)
    // columns of an m×n normal matrix
    var q = (0..<n).map { _ in (0..<m).map { _ in rng.normal() } }
    for j in 0..<n {
      for _ in 0..<2 {
        for k in 0..<j {
          var d = 0.0
          for i in 0..<m { d += q[k][i] * q[j][i] }
          for i in 0..<m { q[j][i] -= d * q[k][i] }
        }
      }
      var norm = 0.0
      for i in 0..<m { norm += q[j][i] * q[j][i] }
      norm = norm.squareRoot()
      for i in 0..<m { q[j][i] /= norm }
    }
    var out = [Double](repeating: 0, count: rows * cols)
    if rows >= cols {
      for r in 0..<rows { for c in 0..<cols { out[r * cols + c] = q[c][r] } }
    } else {
      for r in 0..<rows { for c in 0..<cols { out[r * cols + c] = q[r][c] } }
    }
    return out
  }

  /// Outputs for an `n × inputSize` row-major batch; keeps activations for `backward`.
  public func forward(_ x: [Double], rows n: Int) throws -> [Double] {
    guard x.count == n * inputSize else {
      throw ModelError("input has \(n == 0 ? 0 : x.count / max(n, 1)) columns but the model takes \(inputSize)")
    }
    batch = n
    // the activation buffers of the last pass are reused when the batch size repeats (no allocation per call)
    if acts.count != sizes.count { acts = [[Double]](repeating: [], count: sizes.count) }
    acts[0] = x
    for l in 0..<layerCount {
      let fin = sizes[l]
      let fout = sizes[l + 1]
      var y = acts[l + 1]
      acts[l + 1] = []
      if y.count != n * fout { y = [Double](repeating: 0, count: n * fout) }
      let b = params[2 * l + 1]
      y.withUnsafeMutableBufferPointer { yp in
        for r in 0..<n { for j in 0..<fout { yp[r * fout + j] = b[j] } }
        acts[l].withUnsafeBufferPointer { xp in
          params[2 * l].withUnsafeBufferPointer { wp in
            BLAS.gemm(
              transA: false, transB: true, m: n, n: fout, k: fin, alpha: 1, a: xp.baseAddress!, lda: fin,
              b: wp.baseAddress!, ldb: fin, beta: 1, c: yp.baseAddress!, ldc: fout)
          }
        }
        if l < layerCount - 1 {
          switch activation {
          case .tanh: FastTanh.apply(yp)
          case .relu: for i in 0..<yp.count where !(yp[i] > 0) { yp[i] = 0 }
          case .identity: break
          }
        }
      }
      acts[l + 1] = y
    }
    return acts[layerCount]
  }

  /// Accumulates parameter gradients for `gradOutput` (n × outputSize, the
  /// gradient of the loss with respect to the last `forward`'s outputs) and
  /// returns the gradient with respect to its inputs.
  @discardableResult
  public func backward(_ gradOutput: [Double], inputGradient: Bool = true) throws -> [Double] {
    guard acts.count == sizes.count else { throw ModelError("backward needs a forward pass first") }
    let n = batch
    guard gradOutput.count == n * outputSize else {
      throw ModelError("gradient has \(gradOutput.count) numbers but the last forward pass produced \(n)×\(outputSize)")
    }
    var g = gradOutput
    for l in stride(from: layerCount - 1, through: 0, by: -1) {
      let fin = sizes[l]
      let fout = sizes[l + 1]
      if l < layerCount - 1 {
        let a = acts[l + 1]
        switch activation {
        case .tanh: for i in 0..<g.count { g[i] *= 1 - a[i] * a[i] }
        case .relu: for i in 0..<g.count where !(a[i] > 0) { g[i] = 0 }
        case .identity: break
        }
      }
      g.withUnsafeBufferPointer { gp in
        acts[l].withUnsafeBufferPointer { xp in
          grads[2 * l].withUnsafeMutableBufferPointer { dw in
            BLAS.gemm(
              transA: true, transB: false, m: fout, n: fin, k: n, alpha: 1, a: gp.baseAddress!, lda: fout,
              b: xp.baseAddress!, ldb: fin, beta: 1, c: dw.baseAddress!, ldc: fin)
          }
        }
        grads[2 * l + 1].withUnsafeMutableBufferPointer { db in
          for r in 0..<n { for j in 0..<fout { db[j] += gp[r * fout + j] } }
        }
      }
      if l == 0 && !inputGradient { return [] }
      var gin = [Double](repeating: 0, count: n * fin)
      g.withUnsafeBufferPointer { gp in
        params[2 * l].withUnsafeBufferPointer { wp in
          gin.withUnsafeMutableBufferPointer { ip in
            BLAS.gemm(
              transA: false, transB: false, m: n, n: fin, k: fout, alpha: 1, a: gp.baseAddress!, lda: fout,
              b: wp.baseAddress!, ldb: fin, beta: 0, c: ip.baseAddress!, ldc: fin)
          }
        }
      }
      g = gin
    }
    return g
  }

  /// Sets every gradient to zero.
  public func zeroGrad() {
    for i in 0..<grads.count { grads[i].withUnsafeMutableBufferPointer { p in p.update(repeating: 0) } }
  }

  /// `(1 - w) · a + w · b`, parameter by parameter (models of the same sizes).
  public static func merge(_ a: MLP, _ b: MLP, weight w: Double) throws -> MLP {
    guard a.sizes == b.sizes else { throw ModelError("models have different sizes \(a.sizes) and \(b.sizes)") }
    let ps = zip(a.params, b.params).map { pa, pb in zip(pa, pb).map { (1 - w) * $0 + w * $1 } }
    return try MLP(sizes: a.sizes, activation: a.activation, params: ps)
  }
}
