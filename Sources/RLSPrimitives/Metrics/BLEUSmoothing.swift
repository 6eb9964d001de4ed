import Foundation

/// The smoothing of BLEU's n-gram precisions, as NLTK's `SmoothingFunction`
/// (Chen and Cherry, 2014) computes it.
public enum BLEUSmoothing: String, CaseIterable, Sendable {
  /// NLTK's `method0`: a precision with no match becomes the smallest
  /// positive normal double (`sys.float_info.min`), giving a tiny positive
  /// score; the score is 0 only when no unigram matches.
  case none
  /// `method1`: 0 matches become ε = 0.1 matches.
  case floor
  /// `method2`: add 1 to the numerator and denominator of every order but
  /// the unigrams.
  case add1
  /// `method3`: the NIST geometric sequence, 1 / (2ᵏ · count) for the kth
  /// order without matches.
  case exp
  /// `method4`: like `exp` but scaled by ln(hypothesis length) / 5.
  case method4
  /// `method5`: average of the n − 1, n and n + 1 precisions (the n + 1 term
  /// of the last order is always the 5-gram precision, as in NLTK).
  case method5
  /// `method6`: interpolation with the prior pₙ₋₁² / pₙ₋₂ (α = 5); NLTK
  /// fails unless `max_n ≥ 3` and some trigram matches, and so do we.
  case method6
  /// `method7`: `method4` then `method5`.
  case method7

  /// The accepted names, for messages.
  public static var names: [String] { allCases.map(\.rawValue) }

  /// Whether the 5-gram precision is needed whatever `max_n` is.
  var needsFiveGrams: Bool { self == .method5 || self == .method7 }
}

/// NLTK's `corpus_bleu` arithmetic from accumulated counts: the precisions
/// `numerators[i] / denominators[i]` of orders 1…`maxOrder`, smoothed, in a
/// geometric mean with uniform weights, times the brevity penalty.
struct BLEUScorer {
  let maxOrder: Int
  let smoothing: BLEUSmoothing
  /// Why `method6` fails.
  static let method6Message =
    "smoothing \"method6\" needs max_n >= 3 and at least one matching trigram (NLTK raises here too)"

  /// Room for `maxOrder + 1` precisions.
  private var p: [Double]

  init(maxOrder: Int, smoothing: BLEUSmoothing) {
    self.maxOrder = maxOrder
    self.smoothing = smoothing
    p = [Double](repeating: 0, count: maxOrder + 1)
  }

  /// The brevity penalty for total hypothesis length `c` and closest
  /// reference length `r` (NLTK: 1 when c > r, 0 when c = 0).
  @inline(__always)
  static func brevityPenalty(hypothesis c: Int, reference r: Int) -> Double {
    if c > r { return 1 }
    if c == 0 { return 0 }
    return Foundation.exp(1 - Double(r) / Double(c))
  }

  /// The score. `numerators`/`denominators` hold orders 1…`maxOrder`;
  /// `lastLength` and `lastFive` (the 5-gram matches and denominator of
  /// the last sentence) serve the methods that NLTK feeds with the last
  /// hypothesis. Throws only for `method6` without trigram matches.
  mutating func score(
    numerators: UnsafePointer<Int>, denominators: UnsafePointer<Int>,
    hypothesisLength: Int, referenceLength: Int, lastLength: Int, lastFive: (Int, Int)
  ) throws -> Double {
    let bp = BLEUScorer.brevityPenalty(hypothesis: hypothesisLength, reference: referenceLength)
    if numerators[0] == 0 { return 0 }
    let n = maxOrder
    for i in 0..<n { p[i] = Double(numerators[i]) / Double(denominators[i]) }
    switch smoothing {
    case .none:
      for i in 0..<n where numerators[i] == 0 { p[i] = Double.leastNormalMagnitude }
    case .floor:
      for i in 0..<n where numerators[i] == 0 { p[i] = 0.1 / Double(denominators[i]) }
    case .add1:
      for i in 1..<max(1, n) { p[i] = Double(numerators[i] + 1) / Double(denominators[i] + 1) }
    case .exp:
      var k = 1
      for i in 0..<n where numerators[i] == 0 {
        p[i] = 1 / (Foundation.pow(2, Double(k)) * Double(denominators[i]))
        k += 1
      }
    case .method4:
      method4(numerators, denominators, hypothesisLength)
    case .method5:
      method5(lastFive)
    case .method6:
      guard n >= 3, numerators[2] != 0 else {
        throw MetricError(BLEUScorer.method6Message)
      }
      for i in 2..<n {
        let prior = p[i - 2] == 0 ? 0 : p[i - 1] * p[i - 1] / p[i - 2]
        let l = Double(max(0, lastLength - i))
        p[i] = (Double(numerators[i]) + 5 * prior) / (l + 5)
      }
    case .method7:
      method4(numerators, denominators, hypothesisLength)
      method5(lastFive)
    }
    // NLTK sums w·log(p) over the positive precisions only, with math.fsum.
    let w = 1 / Double(n)
    var sum = 0.0
    var compensation = 0.0
    for i in 0..<n where p[i] > 0 {
      let term = w * Foundation.log(p[i])
      let t = sum + term
      compensation += Swift.abs(sum) >= Swift.abs(term) ? (sum - t) + term : (term - t) + sum
      sum = t
    }
    return bp * Foundation.exp(sum + compensation)
  }

  private mutating func method4(_ numerators: UnsafePointer<Int>, _ denominators: UnsafePointer<Int>, _ length: Int) {
    guard length > 1 else { return }
    var k = 1
    let scale = Foundation.log(Double(length))
    for i in 0..<maxOrder where numerators[i] == 0 {
      let numerator = 1 / (Foundation.pow(2, Double(k)) * 5 / scale)
      p[i] = numerator / Double(denominators[i])
      k += 1
    }
  }

  private mutating func method5(_ five: (Int, Int)) {
    let n = maxOrder
    p[n] = Double(five.0) / Double(five.1)
    // p[i + 1] below must be the value before this pass: keep it aside.
    var previous = p[0] + 1
    var nextOriginal = p[1]
    for i in 0..<n {
      let following = nextOriginal
      if i + 2 <= n { nextOriginal = p[i + 2] }
      let v = (previous + p[i] + following) / 3
      p[i] = v
      previous = v
    }
  }
}
