extension Tensor {
  /// The matrix product `a @ b`, numpy-style, through BLAS:
  /// - `[r, k] @ [k, c]` → `[r, c]` (`dgemm`)
  /// - `[r, k] @ [k]` → `[r]` (`dgemv`)
  /// - `[k] @ [k, c]` → `[c]` (`dgemv` on the transpose)
  /// - `[k] @ [k]` → a number (`ddot`)
  ///
  /// An inner dimension of 0 gives zeros. Throws when the inner dimensions
  /// differ (naming both shapes) or the result would be too large.
  public static func matmul(_ a: Tensor, _ b: Tensor) throws -> TensorOrScalar {
    let k = a.rank == 1 ? a.count : a.cols
    let kb = b.rows
    guard k == kb else {
      throw TensorError(
        "matmul: \(describe(a.shape)) @ \(describe(b.shape)): inner dimensions \(k) and \(kb)"
          + " differ")
    }
    switch (a.rank, b.rank) {
    case (1, 1):
      return .scalar(
        a.withBase { x in b.withBase { y in BLAS.dot(n: k, x: x, incx: 1, y: y, incy: 1) } })
    case (2, 1):
      let m = a.rows
      var out = try zeros([m])
      a.withBase { pa in
        b.withBase { pb in
          out.storage.withUnsafeMutableBufferPointer { po in
            guard let o = po.baseAddress else { return }
            BLAS.gemv(
              trans: false, m: m, n: k, alpha: 1, a: pa, lda: Swift.max(1, k), x: pb, incx: 1,
              beta: 0, y: o, incy: 1)
          }
        }
      }
      return .tensor(out)
    case (1, 2):
      let n = b.cols
      var out = try zeros([n])
      a.withBase { pa in
        b.withBase { pb in
          out.storage.withUnsafeMutableBufferPointer { po in
            guard let o = po.baseAddress else { return }
            BLAS.gemv(
              trans: true, m: k, n: n, alpha: 1, a: pb, lda: Swift.max(1, n), x: pa, incx: 1,
              beta: 0, y: o, incy: 1)
          }
        }
      }
      return .tensor(out)
    default:
      let m = a.rows
      let n = b.cols
      var out = try zeros([m, n])
      if k == 0 { return .tensor(out) }
      // Products above 2^31 multiply-adds run in row blocks of that size,
      // checking for cancellation between blocks (about 0.2 s apart on two
      // cores); smaller blocks would cost throughput, as BLAS re-packs B per call.
      let perRow = Swift.max(1, n * k)
      let blockRows = Swift.max(1, Swift.min(m, (1 << 31) / perRow))
      var failure: Error?
      a.withBase { pa in
        b.withBase { pb in
          out.storage.withUnsafeMutableBufferPointer { po in
            guard let o = po.baseAddress else { return }
            var row = 0
            while row < m {
              let rows = Swift.min(blockRows, m - row)
              BLAS.gemm(
                transA: false, transB: false, m: rows, n: n, k: k, alpha: 1, a: pa + row * k, lda: k, b: pb,
                ldb: Swift.max(1, n), beta: 0, c: o + row * n, ldc: Swift.max(1, n))
              row += rows
              if row < m {
                do { try Cancellation.check() } catch {
                  failure = error
                  return
                }
              }
            }
          }
        }
      }
      if let failure { throw failure }
      return .tensor(out)
    }
  }

  /// The inner product of two tensors of the same shape: the sum of their
  /// element-wise products (`ddot`); for vectors, the usual dot product.
  /// Throws if the shapes differ. (For the matrix product use `matmul`.)
  public func dot(_ other: Tensor) throws -> Double {
    guard rank == other.rank, rows == other.rows, cols == other.cols else {
      throw TensorError(
        "dot: shapes \(describe(shape)) and \(describe(other.shape)) differ")
    }
    return withBase { x in other.withBase { y in BLAS.dot(n: count, x: x, incx: 1, y: y, incy: 1) }
    }
  }

  /// The Euclidean (2-) norm of all elements, the Frobenius norm of a matrix
  /// (`dnrm2`, safe from overflow); 0 when empty.
  public func norm() -> Double {
    withBase { BLAS.nrm2(n: count, x: $0, incx: 1) }
  }

  /// The outer product `a[i] * b[j]` as an `[a.count, b.count]` matrix
  /// (matrices are flattened first, like `numpy.outer`). Throws if the
  /// result would be too large.
  public static func outer(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let m = a.count
    let n = b.count
    _ = try elementCount([m, n])
    return a.withBase { x in
      b.withBase { y in
        make(rank: 2, rows: m, cols: n) { out in
          for i in 0..<m {
            let xi = x[i]
            for j in 0..<n { out[i * n + j] = xi * y[j] }
          }
        }
      }
    }
  }
}
