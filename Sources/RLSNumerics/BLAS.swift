import CBLAS

/// Thin wrappers over the CBLAS routines the project uses (OpenBLAS).
///
/// This is the only file that imports `CBLAS`; everything else calls these
/// wrappers. All matrices are row-major. Sizes are Swift `Int`s; each wrapper
/// checks them (non-negative, leading dimensions large enough, representable
/// as BLAS's 32-bit integers) before calling BLAS, so BLAS never sees an
/// invalid size. A failed check is a programming error and traps: callers
/// validate user input first and report it as a `TensorError`.
public enum BLAS {
  /// Sets the number of threads OpenBLAS uses (at least 1).
  public static func setThreads(_ n: Int) {
    openblas_set_num_threads(Int32(clamping: Swift.max(1, n)))
  }

  /// The number of threads OpenBLAS uses.
  public static var threads: Int { Int(openblas_get_num_threads()) }

  /// Runs `body` with OpenBLAS on one thread (then restores the count):
  /// loops of many small products (training minibatches) are faster
  /// without BLAS threads handing work back and forth, and the results do
  /// not depend on the thread count.
  public static func singleThreaded<T>(_ body: () throws -> T) rethrows -> T {
    let n = threads
    if n == 1 { return try body() }
    setThreads(1)
    defer { setThreads(n) }
    return try body()
  }

  /// `C = alpha * op(A) * op(B) + beta * C` (`dgemm`), with `op(A)` of size
  /// `m×k`, `op(B)` of size `k×n` and `C` of size `m×n`, all row-major.
  /// `op(X)` is `Xᵀ` when the corresponding `trans` flag is set.
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    checkSizes(m, n, k)
    check(lda >= Swift.max(1, transA ? m : k), "gemm: lda \(lda) is too small")
    check(ldb >= Swift.max(1, transB ? k : n), "gemm: ldb \(ldb) is too small")
    check(ldc >= Swift.max(1, n), "gemm: ldc \(ldc) is too small")
    checkSizes(lda, ldb, ldc)
    if m == 0 || n == 0 { return }
    cblas_dgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  /// `y = alpha * op(A) * x + beta * y` (`dgemv`), with `A` an `m×n`
  /// row-major matrix and `op(A)` equal to `Aᵀ` when `trans` is set (then `x`
  /// has `m` elements and `y` has `n`; otherwise `x` has `n` and `y` has `m`).
  public static func gemv(
    trans: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
    x: UnsafePointer<Double>, incx: Int, beta: Double, y: UnsafeMutablePointer<Double>, incy: Int
  ) {
    checkSizes(m, n, lda)
    check(lda >= Swift.max(1, n), "gemv: lda \(lda) is too small")
    checkIncrement(incx)
    checkIncrement(incy)
    if m == 0 || n == 0 {
      // BLAS would only scale y by beta; do it here without calling BLAS.
      let len = trans ? n : m
      for i in 0..<len { y[i * incy] = beta == 0 ? 0 : beta * y[i * incy] }
      return
    }
    cblas_dgemv(
      CblasRowMajor, trans ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda),
      x, Int32(incx), beta, y, Int32(incy))
  }

  /// The dot product `Σ x[i*incx] * y[i*incy]` over `n` elements (`ddot`).
  public static func dot(
    n: Int, x: UnsafePointer<Double>, incx: Int, y: UnsafePointer<Double>, incy: Int
  ) -> Double {
    checkSizes(n, 0, 0)
    checkIncrement(incx)
    checkIncrement(incy)
    if n == 0 { return 0 }
    return cblas_ddot(Int32(n), x, Int32(incx), y, Int32(incy))
  }

  /// `y += alpha * x` over `n` elements (`daxpy`).
  public static func axpy(
    n: Int, alpha: Double, x: UnsafePointer<Double>, incx: Int, y: UnsafeMutablePointer<Double>,
    incy: Int
  ) {
    checkSizes(n, 0, 0)
    checkIncrement(incx)
    checkIncrement(incy)
    if n == 0 { return }
    cblas_daxpy(Int32(n), alpha, x, Int32(incx), y, Int32(incy))
  }

  /// `x *= alpha` over `n` elements (`dscal`).
  public static func scal(n: Int, alpha: Double, x: UnsafeMutablePointer<Double>, incx: Int) {
    checkSizes(n, 0, 0)
    checkIncrement(incx)
    if n == 0 { return }
    cblas_dscal(Int32(n), alpha, x, Int32(incx))
  }

  /// The Euclidean norm `sqrt(Σ x[i*incx]²)` over `n` elements, computed
  /// without overflow or underflow (`dnrm2`).
  public static func nrm2(n: Int, x: UnsafePointer<Double>, incx: Int) -> Double {
    checkSizes(n, 0, 0)
    checkIncrement(incx)
    if n == 0 { return 0 }
    return cblas_dnrm2(Int32(n), x, Int32(incx))
  }

  // MARK: - Checks

  @inline(__always)
  private static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    precondition(condition, "BLAS: \(message())")
  }

  @inline(__always)
  private static func checkSizes(_ a: Int, _ b: Int, _ c: Int) {
    let limit = Int(Int32.max)
    check(
      a >= 0 && b >= 0 && c >= 0 && a <= limit && b <= limit && c <= limit,
      "sizes \(a), \(b), \(c) must be in 0...\(limit)")
  }

  @inline(__always)
  private static func checkIncrement(_ inc: Int) {
    check(inc >= 1 && inc <= Int(Int32.max), "increment \(inc) must be positive")
  }
}
