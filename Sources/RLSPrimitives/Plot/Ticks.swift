import Foundation

/// Axis tick positions and labels.
public enum Ticks {
  /// "Nice" linear ticks (steps of 1, 2 or 5 × 10^k) covering [lo, hi], about `target` of them.
  public static func linear(_ lo: Double, _ hi: Double, target: Int = 6) -> [Double] {
    guard lo.isFinite, hi.isFinite, hi > lo else { return lo.isFinite ? [lo] : [] }
    let raw = (hi - lo) / Double(max(1, target))
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    let first = ceil(lo / step - 1e-9)
    let last = floor(hi / step + 1e-9)
    guard last - first < 1000 else { return [lo, hi] }
    let decimals = max(0, -Int(floor(log10(step))))
    return stride(from: first, through: last, by: 1).map { k in
      let v = k * step
      let p = pow(10, Double(decimals))
      return (v * p).rounded() / p
    }
  }

  /// Powers of ten covering [lo, hi] (both > 0).
  public static func log(_ lo: Double, _ hi: Double) -> [Double] {
    guard lo > 0, hi >= lo, lo.isFinite, hi.isFinite else { return [] }
    let a = floor(log10(lo))
    let b = ceil(log10(hi))
    let step = max(1, ceil((b - a) / 8))
    let multiples: [Double] = b - a <= 2 ? [1, 2, 5] : [1]
    return stride(from: a, through: b, by: step).flatMap { e in multiples.map { $0 * pow(10, e) } }
      .filter { $0 >= lo * 0.999 && $0 <= hi * 1.001 }
  }

  /// A compact label: `0.25`, `1000`, `1e-05`, `2.5e+06`.
  public static func label(_ v: Double) -> String {
    if v == 0 { return "0" }
    let a = abs(v)
    if a >= 1e6 || a < 1e-4 {
      let e = Int(floor(log10(a)))
      let m = v / pow(10, Double(e))
      let ms = m == m.rounded() ? String(Int(m)) : String(format: "%.2g", m)
      return "\(ms)e\(e)"
    }
    if v == v.rounded() { return String(Int64(v)) }
    var s = String(format: "%.6f", v)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
  }
}
