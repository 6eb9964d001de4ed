import Foundation
import XCTest

@testable import RLSPrimitives

/// Optimiser steps against their published update rules, written out here
/// independently (Kingma & Ba, Algorithm 1 with PyTorch's ε placement;
/// Loshchilov & Hutter's decoupled decay; PyTorch's SGD documentation).
final class OptimizerTests: XCTestCase {
  let grads: [[Double]] = [[0.5, -1.5, 2.0], [0.01, -0.2, 3.0], [-1, 1, 0.25]]

  func testAdamMatchesUpdateRule() {
    let (lr, b1, b2, eps, wd) = (0.01, 0.9, 0.999, 1e-8, 0.1)
    let opt = Adam(lr: lr, beta1: b1, beta2: b2, eps: eps, weightDecay: wd)
    var params: [[Double]] = [[1.0, -2.0, 0.5]]
    var p = params[0]
    var m = [0.0, 0.0, 0.0]
    var v = [0.0, 0.0, 0.0]
    for (t, g) in grads.enumerated() {
      opt.step(&params, [g])
      for j in 0..<3 {
        p[j] = p[j] - lr * wd * p[j]
        m[j] = b1 * m[j] + (1 - b1) * g[j]
        v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j]
        let mHat = m[j] / (1 - pow(b1, Double(t + 1)))
        let vHat = v[j] / (1 - pow(b2, Double(t + 1)))
        // PyTorch: ε is added to √v / √(1-β₂ᵗ), then divided into m / (1-β₁ᵗ)
        p[j] = p[j] - lr * mHat / (vHat.squareRoot() + eps)
      }
      for j in 0..<3 { assertClose(params[0][j], p[j], rtol: 1e-13, atol: 1e-15, "step \(t) [\(j)]") }
    }
    XCTAssertEqual(opt.steps, 3)
  }

  func testAdamFirstStepIsSignTimesLR() {
    // With bias correction the first step is lr · g/(|g| + ε') ≈ lr · sign(g).
    let opt = Adam(lr: 0.1)
    var params: [[Double]] = [[0, 0]]
    opt.step(&params, [[3, -0.5]])
    assertClose(params[0][0], -0.1, rtol: 1e-7)
    assertClose(params[0][1], 0.1, rtol: 1e-7)
  }

  func testSGDMomentumMatchesPyTorchRule() {
    let (lr, mu, damp, wd) = (0.1, 0.9, 0.1, 0.01)
    for nesterov in [false, true] {
      let opt = SGD(lr: lr, momentum: mu, dampening: nesterov ? 0 : damp, weightDecay: wd, nesterov: nesterov)
      var params: [[Double]] = [[1.0, -2.0, 0.5]]
      var p = params[0]
      var buf = [0.0, 0.0, 0.0]
      for (t, g0) in grads.enumerated() {
        opt.step(&params, [g0])
        for j in 0..<3 {
          var g = g0[j] + wd * p[j]
          buf[j] = t == 0 ? g : mu * buf[j] + (1 - (nesterov ? 0 : damp)) * g
          g = nesterov ? g + mu * buf[j] : buf[j]
          p[j] -= lr * g
        }
        for j in 0..<3 { assertClose(params[0][j], p[j], rtol: 1e-14, atol: 1e-15) }
      }
    }
  }

  func testPlainSGD() {
    let opt = SGD(lr: 0.5)
    var params: [[Double]] = [[1, 1]]
    opt.step(&params, [[2, -2]])
    XCTAssertEqual(params[0], [0, 2])
  }

  func testClipGradNorm() {
    var g: [[Double]] = [[3, 0], [4]]
    let n = TrainingUtils.clipGradNorm(&g, maxNorm: 1)
    XCTAssertEqual(n, 5)
    assertClose(g[0][0], 3 / (5 + 1e-6))
    assertClose(g[1][0], 4 / (5 + 1e-6))
    var small: [[Double]] = [[0.3, 0.4]]
    XCTAssertEqual(TrainingUtils.clipGradNorm(&small, maxNorm: 1), 0.5)
    XCTAssertEqual(small, [[0.3, 0.4]])
  }

  func testSchedules() {
    XCTAssertEqual(TrainingUtils.scheduledLR(kind: "linear", lr: 1, end: 0, step: 25, total: 100), 0.75)
    assertClose(TrainingUtils.scheduledLR(kind: "cosine", lr: 1, end: 0.1, step: 50, total: 100), 0.55)
    XCTAssertEqual(TrainingUtils.scheduledLR(kind: "cosine", lr: 1, end: 0.1, step: 100, total: 100), 0.1)
    XCTAssertEqual(TrainingUtils.scheduledLR(kind: "constant", lr: 0.3, end: 0, step: 7, total: 10), 0.3)
  }
}
