import Foundation

/// libm's `pow`, kept as a real call. Python's `x ** 2` and NumPy's scalar
/// power call libm's `pow`, which is not always the correctly rounded `x * x`;
/// the compiler would fold `pow(x, 2)` into `x * x`, so parity code calls it
/// through this unoptimised function.
@inline(never) @_optimize(none)
func libmPow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }

/// libm's `powf` (NumPy's float32 scalar power), kept as a real call.
@inline(never) @_optimize(none)
func libmPowf(_ x: Float, _ y: Float) -> Float { Foundation.powf(x, y) }
