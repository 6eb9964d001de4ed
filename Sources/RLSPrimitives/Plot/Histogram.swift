/// Counting values into equal-width bins (numpy's `histogram` semantics:
/// bins are [lo, hi) except the last, which includes its right edge).
public enum Histogram {
  /// Edges (bins + 1) and counts of the finite values in `range` (default: min...max).
  public static func counts(_ x: [Double], bins: Int, range: (Double, Double)? = nil) -> (edges: [Double], counts: [Double]) {
    let finite = x.filter { $0.isFinite }
    var lo = range?.0 ?? finite.min() ?? 0
    var hi = range?.1 ?? finite.max() ?? 1
    if hi <= lo {
      lo -= 0.5
      hi += 0.5
    }
    let n = max(1, bins)
    let width = (hi - lo) / Double(n)
    let edges = (0...n).map { lo + Double($0) * width }
    var counts = [Double](repeating: 0, count: n)
    for v in finite where v >= lo && v <= hi {
      let i = v == hi ? n - 1 : min(n - 1, Int((v - lo) / width))
      counts[i] += 1
    }
    return (edges, counts)
  }
}
