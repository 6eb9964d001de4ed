import Foundation
import RLSNumerics
import XCTest

@testable import RLSPrimitives

/// Gradients of the MLP and the policy heads against central finite differences.
final class MLPTests: XCTestCase {
  /// Loss L = Σ c ⊙ f(x) for fixed random weights c: dL/dout = c.
  func checkGradients(_ act: Activation, _ ini: Initialisation) throws {
    var rng = RNG(seed: 7)
    let m = try MLP(sizes: [3, 5, 4, 2], activation: act, initialisation: ini, rng: &rng)
    let n = 6
    let x = (0..<(n * 3)).map { _ in rng.normal() }
    let c = (0..<(n * 2)).map { _ in rng.normal() }
    func loss(_ mm: MLP, _ xx: [Double]) throws -> Double {
      zip(try mm.forward(xx, rows: n), c).reduce(0) { $0 + $1.0 * $1.1 }
    }
    _ = try m.forward(x, rows: n)
    m.zeroGrad()
    let gx = try m.backward(c)
    let h = 1e-6
    for p in 0..<m.params.count {
      for j in 0..<m.params[p].count {
        let keep = m.params[p][j]
        m.params[p][j] = keep + h
        let up = try loss(m, x)
        m.params[p][j] = keep - h
        let down = try loss(m, x)
        m.params[p][j] = keep
        assertClose(m.grads[p][j], (up - down) / (2 * h), rtol: 1e-6, atol: 1e-7, "param \(p)[\(j)] \(act)")
      }
    }
    for j in 0..<x.count {
      var xp = x
      xp[j] += h
      var xm = x
      xm[j] -= h
      assertClose(gx[j], (try loss(m, xp) - loss(m, xm)) / (2 * h), rtol: 1e-6, atol: 1e-7, "input \(j)")
    }
  }

  func testGradientsTanh() throws { try checkGradients(.tanh, .pytorchDefault) }
  func testGradientsRelu() throws { try checkGradients(.relu, .orthogonal(gain: 2.0.squareRoot(), outputGain: 1)) }
  func testGradientsIdentity() throws { try checkGradients(.identity, .pytorchDefault) }

  func testBackwardAccumulatesUntilZeroGrad() throws {
    var rng = RNG(seed: 1)
    let m = try MLP(sizes: [2, 3, 1], rng: &rng)
    _ = try m.forward([1, 2], rows: 1)
    try m.backward([1])
    let once = m.grads
    try m.backward([1])
    for (a, b) in zip(m.grads.joined(), once.joined()) { assertClose(a, 2 * b) }
    m.zeroGrad()
    XCTAssertTrue(m.grads.joined().allSatisfy { $0 == 0 })
  }

  func testDefaultInitBounds() throws {
    var rng = RNG(seed: 3)
    let m = try MLP(sizes: [16, 64, 4], rng: &rng)
    for p in 0..<m.params.count {
      let fanIn = Double(m.shape(ofParam: p).count == 2 ? m.shape(ofParam: p)[1] : m.sizes[p / 2])
      let bound = 1 / fanIn.squareRoot()
      XCTAssertTrue(m.params[p].allSatisfy { abs($0) <= bound })
      XCTAssertGreaterThan(m.params[p].map(abs).max()!, 0.8 * bound)
    }
  }

  func testOrthogonalInit() throws {
    var rng = RNG(seed: 5)
    for (rows, cols) in [(6, 4), (4, 6), (5, 5)] {
      let w = MLP.orthogonal(rows: rows, cols: cols, rng: &rng)
      // the smaller Gram matrix is the identity
      let k = min(rows, cols)
      for a in 0..<k {
        for b in 0..<k {
          var d = 0.0
          if rows >= cols {
            for r in 0..<rows { d += w[r * cols + a] * w[r * cols + b] }
          } else {
            for c in 0..<cols { d += w[a * cols + c] * w[b * cols + c] }
          }
          assertClose(d, a == b ? 1 : 0, atol: 1e-12)
        }
      }
    }
    let m = try MLP(sizes: [4, 8, 2], initialisation: .orthogonal(gain: 2, outputGain: 0.01), rng: &rng)
    XCTAssertTrue(m.params[1].allSatisfy { $0 == 0 })
    XCTAssertLessThanOrEqual(m.params[2].map(abs).max()!, 0.01 + 1e-15)
  }

  func testSizeErrors() throws {
    var rng = RNG(seed: 0)
    XCTAssertThrowsError(try MLP(sizes: [3], rng: &rng))
    XCTAssertThrowsError(try MLP(sizes: [3, 0], rng: &rng))
    let m = try MLP(sizes: [3, 2], rng: &rng)
    XCTAssertThrowsError(try m.forward([1, 2], rows: 1))
    XCTAssertThrowsError(try MLP(sizes: [3, 2], activation: .tanh, params: [[1, 2], [0, 0]]))
  }

  func testMerge() throws {
    var rng = RNG(seed: 0)
    let a = try MLP(sizes: [2, 2], rng: &rng)
    let b = try MLP(sizes: [2, 2], rng: &rng)
    let h = try MLP.merge(a, b, weight: 0.25)
    assertClose(h.params[0][1], 0.75 * a.params[0][1] + 0.25 * b.params[0][1])
    XCTAssertThrowsError(try MLP.merge(a, try MLP(sizes: [2, 3], rng: &rng), weight: 0.5))
  }

  func testCategoricalGradients() throws {
    let logits = [0.3, -1.2, 2.0, 0.1, 0.0, -0.5]
    let r = try PolicyHeads.categorical(logits: logits, rows: 2, cols: 3, actions: [2, 1])
    let h = 1e-6
    for j in 0..<6 {
      var up = logits
      up[j] += h
      var dn = logits
      dn[j] -= h
      let ru = try PolicyHeads.categorical(logits: up, rows: 2, cols: 3, actions: [2, 1])
      let rd = try PolicyHeads.categorical(logits: dn, rows: 2, cols: 3, actions: [2, 1])
      let row = j / 3
      assertClose(r.dLogp[j], (ru.logp[row] - rd.logp[row]) / (2 * h), rtol: 1e-6, atol: 1e-8)
      assertClose(r.dEntropy[j], (ru.entropy[row] - rd.entropy[row]) / (2 * h), rtol: 1e-6, atol: 1e-8)
    }
    assertClose(r.probs[0] + r.probs[1] + r.probs[2], 1)
    XCTAssertThrowsError(try PolicyHeads.categorical(logits: logits, rows: 2, cols: 3, actions: [3, 0]))
  }

  func testGaussianGradients() throws {
    let mean = [0.5, -0.2, 1.0, 0.0]
    let ls = [0.1, -0.3]
    let a = [0.7, 0.1, 0.2, -0.4]
    let r = try PolicyHeads.gaussian(mean: mean, rows: 2, cols: 2, logStd: ls, actions: a)
    // log N(a; mu, sigma) by hand for row 0
    var lp = 0.0
    for j in 0..<2 {
      let s = exp(ls[j])
      lp += -pow(a[j] - mean[j], 2) / (2 * s * s) - log(s) - 0.5 * log(2 * Double.pi)
    }
    assertClose(r.logp[0], lp)
    let h = 1e-6
    for j in 0..<4 {
      var up = mean
      up[j] += h
      var dn = mean
      dn[j] -= h
      let d =
        (try PolicyHeads.gaussian(mean: up, rows: 2, cols: 2, logStd: ls, actions: a).logp[j / 2]
          - PolicyHeads.gaussian(mean: dn, rows: 2, cols: 2, logStd: ls, actions: a).logp[j / 2]) / (2 * h)
      assertClose(r.dMean[j], d, rtol: 1e-6, atol: 1e-8)
    }
    for j in 0..<2 {
      var up = ls
      up[j] += h
      var dn = ls
      dn[j] -= h
      let d =
        (try PolicyHeads.gaussian(mean: mean, rows: 2, cols: 2, logStd: up, actions: a).logp[1]
          - PolicyHeads.gaussian(mean: mean, rows: 2, cols: 2, logStd: dn, actions: a).logp[1]) / (2 * h)
      assertClose(r.dLogStd[2 + j], d, rtol: 1e-6, atol: 1e-8)
    }
  }
}
