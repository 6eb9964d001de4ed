import Foundation
import RLSCore
import RLSNumerics

/// Numbers and tensors alike: element-wise math (`abs floor ceil round sqrt
/// exp log clip`...) and reductions (`sum mean std var min max argmax argmin`)
/// with an optional `axis:`. Lists of numbers are accepted as vectors.
enum CoreMath {
  static var rows: [Native] { elementwise + reductions + TensorFunctions.rows }

  static let elementwise: [Native] =
    [
      unary("abs", .abs, { Swift.abs($0) }, "Absolute value.").with(intrinsic: .abs),
      unary("floor", .floor, { $0.rounded(.down) }, "Largest whole number ≤ x.").with(intrinsic: .floor),
      unary("ceil", .ceil, { $0.rounded(.up) }, "Smallest whole number ≥ x."),
      unary("sqrt", .sqrt, { Foundation.sqrt($0) }, "Square root (NaN for negative numbers, as numpy).").with(intrinsic: .sqrt),
      unary("exp", .exp, { Foundation.exp($0) }, "e raised to x."),
      unary("log", .log, { Foundation.log($0) }, "Natural logarithm (−Infinity at 0, NaN below, as numpy)."),
      unary("tanh", .tanh, { Foundation.tanh($0) }, "Hyperbolic tangent."),
      unary("sigmoid", .sigmoid, { 1 / (1 + Foundation.exp(-$0)) }, "Logistic function 1 / (1 + e^−x)."),
      unary("sign", .sign, { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }, "−1, 0 or 1 by the sign of x (NaN stays NaN)."),
      Native("round", usage: "round(x, digits = 0)", doc: "Rounds half to even (as Python and numpy): `round(2.5)` is 2, `round(3.14159, 2)` is 3.14. Works element-wise on tensors.") { c in
        let digits = c.has(1) ? try c.int(1, "digits") : 0
        let scale = Foundation.pow(10.0, Double(digits))
        let f: (Double) -> Double = { x in
          if digits == 0 { return x.rounded(.toNearestOrEven) }
          if digits > 0 && digits <= 340 && x.isFinite {
            // printf rounds the exact binary value (as Python's round does).
            return Double(String(format: "%.\(digits)f", x)) ?? x
          }
          let scaled = x * scale
          return scaled.isFinite && scale.isFinite && scale > 0 ? scaled.rounded(.toNearestOrEven) / scale : (digits > 0 ? x : 0 * x)
        }
        if case .number(let d) = c[0] { return .number(f(d)) }
        let t = try c.tensor(0, "x")
        return c.vm.tensorValue(try Tensor(shape: t.shape, storage: t.storage.map(f)))
      },
      Native("clip", usage: "clip(x, lo, hi)", doc: "Limits x to [lo, hi], element-wise for tensors.") { c in
        let lo = try c.number(1, "lo")
        let hi = try c.number(2, "hi")
        guard lo <= hi else { throw c.error("lo (\(formatNumber(lo))) is greater than hi (\(formatNumber(hi)))") }
        if case .number(let d) = c[0] { return .number(Swift.min(Swift.max(d, lo), hi)) }
        return c.vm.tensorValue(try c.tensor(0, "x").clip(lo, hi))
      },
    ]

  static let reductions: [Native] = [
      reduction("sum", "Sum of the elements (0 for an empty list); with `axis: 0` column sums, `axis: 1` row sums.") { t, axis, _ in try t.sum(axis: axis) },
      reduction("mean", "Arithmetic mean; an empty input is an error.") { t, axis, _ in try t.mean(axis: axis) },
      reduction("std", "Standard deviation with `ddof:` (default 0, as numpy).", ddof: true) { t, axis, ddof in try t.std(axis: axis, ddof: ddof) },
      reduction("var", "Variance with `ddof:` (default 0, as numpy).", ddof: true) { t, axis, ddof in try t.var(axis: axis, ddof: ddof) },
      reduction("argmax", "Index of the first largest element (per column / row with `axis:`).") { t, axis, _ in try t.argmax(axis: axis) },
      reduction("argmin", "Index of the first smallest element (per column / row with `axis:`).") { t, axis, _ in try t.argmin(axis: axis) },
      extremum("min", "Smallest element of a list or tensor (with `axis:` per column / row), or the smallest of several numbers: `min(3, 1, 2)` is 1.", { Swift.min($0, $1) }) { t, axis in try t.min(axis: axis) },
      extremum("max", "Largest element of a list or tensor (with `axis:` per column / row), or the largest of several numbers.", { Swift.max($0, $1) }) { t, axis in try t.max(axis: axis) },
    ]

  static func unary(_ name: String, _ op: RLSNumerics.UnaryOp, _ f: @escaping (Double) -> Double, _ doc: String) -> Native {
    Native(name, usage: "\(name)(x)", doc: doc + " Element-wise on tensors and lists.") { c in
      if case .number(let d) = c[0] { return .number(f(d)) }
      return c.vm.tensorValue(try c.tensor(0, "x").map(op))
    }
  }

  static func reduction(_ name: String, _ doc: String, ddof: Bool = false, _ f: @escaping (Tensor, Int?, Int) throws -> TensorOrScalar) -> Native {
    Native(name, usage: ddof ? "\(name)(xs, axis:, ddof:)" : "\(name)(xs, axis:)", doc: doc) { c in
      let t = try c.tensor(0, "xs")
      let axis = c.option("axis") == nil ? nil : try c.int(option: "axis", default: 0)
      let dd = ddof ? try c.int(option: "ddof", default: 0) : 0
      do {
        return c.value(try f(t, axis, dd))
      } catch let e as TensorError {
        throw c.error(e.message)
      }
    }
  }

  static func extremum(_ name: String, _ doc: String, _ pick: @escaping (Double, Double) -> Double, _ f: @escaping (Tensor, Int?) throws -> TensorOrScalar) -> Native {
    Native(name, usage: "\(name)(xs, more..., axis:)", doc: doc) { c in
      if c.count > 1 {
        var best = try c.number(0, "argument 1")
        for i in 1..<c.count {
          let x = try c.number(i, "argument \(i + 1)")
          best = x.isNaN || best.isNaN ? .nan : pick(best, x)
        }
        return .number(best)
      }
      if case .number = c[0] { return c[0] }
      let axis = c.option("axis") == nil ? nil : try c.int(option: "axis", default: 0)
      do {
        return c.value(try f(try c.tensor(0, "xs"), axis))
      } catch let e as TensorError {
        throw c.error(e.message)
      }
    }
  }
}
