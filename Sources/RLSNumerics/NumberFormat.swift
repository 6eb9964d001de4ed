/// Formats a number the way RLScript prints it — the one number formatter of
/// the project (values, tensors, string interpolation, JSON, reports).
///
/// - Whole numbers with `|x| < 1e16` print without a fraction: `3`, `-12`,
///   `0`, and negative zero as `-0`.
/// - `NaN` prints as `NaN`, infinities as `Infinity` and `-Infinity`.
/// - Everything else prints as the shortest string that reads back as the
///   same `Double` (Swift's `Double.description`): `0.1`, `2.5`, `1e-12`,
///   `1.5e+20`, `1e+16`.
public func formatNumber(_ x: Double) -> String {
  if x.isNaN { return "NaN" }
  if x.isInfinite { return x < 0 ? "-Infinity" : "Infinity" }
  if x.magnitude < 1e16 && x == x.rounded(.towardZero) {
    if x == 0 { return x.sign == .minus ? "-0" : "0" }
    // |x| < 1e16 < 2^63, so the conversion is exact and cannot trap.
    return String(Int64(x))
  }
  return x.description
}
