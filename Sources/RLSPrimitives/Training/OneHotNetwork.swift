import Foundation
import RLSNumerics

/// Forward and backward passes of an `MLP` whose inputs are 0/1 vectors
/// given by their active columns (a one-hot encoding): the first layer adds
/// the active columns of `W0` to the bias instead of multiplying a mostly
/// zero matrix, the other layers are the MLP's own dgemm shapes. The result
/// is the same function as `MLP.forward` on the dense 0/1 rows (sums taken in
/// another order), and the gradients accumulate into the MLP's `grads` as
/// `MLP.backward` does.
final class OneHotNetwork {
  let model: MLP
  private var rows = 0
  private var active: [Int] = []
  private var offsets: [Int] = [0]
  /// Post-activation outputs of every layer (the last: the linear outputs).
  private var acts: [[Double]] = []

  init(_ model: MLP) { self.model = model }

  /// Outputs (`rows × outputSize`) for rows whose active input columns are
  /// `active[offsets[r]..<offsets[r + 1]]`; keeps what `backward` needs.
  func forward(active: [Int], offsets: [Int]) -> [Double] {
    let n = offsets.count - 1
    let m = model
    let L = m.layerCount
    let F = m.inputSize
    let H0 = m.sizes[1]
    rows = n
    self.active = active
    self.offsets = offsets
    // W0 is H0 × F; its transpose makes each input column a contiguous row
    var w0t = [Double](repeating: 0, count: F * H0)
    m.params[0].withUnsafeBufferPointer { w in
      w0t.withUnsafeMutableBufferPointer { t in
        for o in 0..<H0 { for k in 0..<F { t[k * H0 + o] = w[o * F + k] } }
      }
    }
    var y0 = [Double](repeating: 0, count: n * H0)
    y0.withUnsafeMutableBufferPointer { y in
      w0t.withUnsafeBufferPointer { t in
        m.params[1].withUnsafeBufferPointer { b in
          active.withUnsafeBufferPointer { a in
            for r in 0..<n {
              let row = y.baseAddress! + r * H0
              for o in 0..<H0 { row[o] = b[o] }
              for q in offsets[r]..<offsets[r + 1] {
                let col = t.baseAddress! + a[q] * H0
                for o in 0..<H0 { row[o] += col[o] }
              }
            }
          }
        }
      }
      if L > 1 { OneHotNetwork.activate(m.activation, y) }
    }
    acts = [y0]
    for l in 1..<max(L, 1) {
      let fin = m.sizes[l]
      let fout = m.sizes[l + 1]
      var y = [Double](repeating: 0, count: n * fout)
      y.withUnsafeMutableBufferPointer { yp in
        m.params[2 * l + 1].withUnsafeBufferPointer { b in
          for r in 0..<n { for j in 0..<fout { yp[r * fout + j] = b[j] } }
        }
        acts[l - 1].withUnsafeBufferPointer { xp in
          m.params[2 * l].withUnsafeBufferPointer { wp in
            BLAS.gemm(
              transA: false, transB: true, m: n, n: fout, k: fin, alpha: 1, a: xp.baseAddress!, lda: fin, b: wp.baseAddress!, ldb: fin,
              beta: 1, c: yp.baseAddress!, ldc: fout)
          }
        }
        if l < L - 1 { OneHotNetwork.activate(m.activation, yp) }
      }
      acts.append(y)
    }
    return acts[acts.count - 1]
  }

  /// Accumulates the MLP's parameter gradients for `gradOutput` (the loss's
  /// gradient with respect to the last `forward`'s outputs).
  func backward(_ gradOutput: [Double]) {
    let m = model
    let L = m.layerCount
    let n = rows
    var g = gradOutput
    for l in stride(from: L - 1, through: 1, by: -1) {
      let fin = m.sizes[l]
      let fout = m.sizes[l + 1]
      if l < L - 1 { OneHotNetwork.chain(m.activation, &g, acts[l]) }
      g.withUnsafeBufferPointer { gp in
        acts[l - 1].withUnsafeBufferPointer { xp in
          m.grads[2 * l].withUnsafeMutableBufferPointer { dw in
            BLAS.gemm(
              transA: true, transB: false, m: fout, n: fin, k: n, alpha: 1, a: gp.baseAddress!, lda: fout, b: xp.baseAddress!, ldb: fin,
              beta: 1, c: dw.baseAddress!, ldc: fin)
          }
        }
        m.grads[2 * l + 1].withUnsafeMutableBufferPointer { db in
          for r in 0..<n { for j in 0..<fout { db[j] += gp[r * fout + j] } }
        }
      }
      var gin = [Double](repeating: 0, count: n * fin)
      g.withUnsafeBufferPointer { gp in
        m.params[2 * l].withUnsafeBufferPointer { wp in
          gin.withUnsafeMutableBufferPointer { ip in
            BLAS.gemm(
              transA: false, transB: false, m: n, n: fin, k: fout, alpha: 1, a: gp.baseAddress!, lda: fout, b: wp.baseAddress!, ldb: fin,
              beta: 0, c: ip.baseAddress!, ldc: fin)
          }
        }
      }
      g = gin
    }
    let F = m.inputSize
    let H0 = m.sizes[1]
    if L > 1 { OneHotNetwork.chain(m.activation, &g, acts[0]) }
    // dW0ᵀ[k, :] += g[r, :] for every active column k of row r
    var dwt = [Double](repeating: 0, count: F * H0)
    dwt.withUnsafeMutableBufferPointer { d in
      g.withUnsafeBufferPointer { gp in
        active.withUnsafeBufferPointer { a in
          for r in 0..<n {
            let row = gp.baseAddress! + r * H0
            for q in offsets[r]..<offsets[r + 1] {
              let col = d.baseAddress! + a[q] * H0
              for o in 0..<H0 { col[o] += row[o] }
            }
          }
        }
        m.grads[1].withUnsafeMutableBufferPointer { db in
          for r in 0..<n { for o in 0..<H0 { db[o] += gp[r * H0 + o] } }
        }
      }
      m.grads[0].withUnsafeMutableBufferPointer { dw in
        for o in 0..<H0 { for k in 0..<F { dw[o * F + k] += d[k * H0 + o] } }
      }
    }
  }

  static func activate(_ a: Activation, _ y: UnsafeMutableBufferPointer<Double>) {
    switch a {
    case .tanh: for i in 0..<y.count { y[i] = Foundation.tanh(y[i]) }
    case .relu: for i in 0..<y.count where !(y[i] > 0) { y[i] = 0 }
    case .identity: break
    }
  }

  /// `g ⊙ act'(a)` where `a` is the activation's output, as `MLP.backward`.
  static func chain(_ act: Activation, _ g: inout [Double], _ a: [Double]) {
    switch act {
    case .tanh: for i in 0..<g.count { g[i] *= 1 - a[i] * a[i] }
    case .relu: for i in 0..<g.count where !(a[i] > 0) { g[i] = 0 }
    case .identity: break
    }
  }
}
