import Foundation
import XCTest

@testable import RLSNumerics

/// Reference semantics of each binary operation, written independently.
private func reference(_ op: ElementwiseOp, _ a: Double, _ b: Double) -> Double {
  switch op {
  case .add: return a + b
  case .sub: return a - b
  case .mul: return a * b
  case .div: return a / b
  case .pow: return pow(a, b)
  case .mod:
    // Python's float %: the remainder takes the sign of the divisor.
    if b == 0 { return .nan }
    var r = fmod(a, b)
    if r != 0 && ((r < 0) != (b < 0)) { r += b }
    if r == 0 { r = copysign(0, b) }
    return r
  case .lt: return a < b ? 1 : 0
  case .le: return a <= b ? 1 : 0
  case .gt: return a > b ? 1 : 0
  case .ge: return a >= b ? 1 : 0
  case .eq: return a == b ? 1 : 0
  case .ne: return a != b ? 1 : 0
  case .minimum: return a.isNaN || b.isNaN ? .nan : Swift.min(a, b)
  case .maximum: return a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
  }
}

/// numpy broadcasting, written out by hand: returns the result shape, or
/// nil when the shapes do not broadcast.
private func referenceBroadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
  let n = Swift.max(a.count, b.count)
  let pa = [Int](repeating: 1, count: n - a.count) + a
  let pb = [Int](repeating: 1, count: n - b.count) + b
  var out: [Int] = []
  for k in 0..<n {
    if pa[k] == pb[k] || pb[k] == 1 {
      out.append(pa[k])
    } else if pa[k] == 1 {
      out.append(pb[k])
    } else {
      return nil
    }
  }
  return out
}

final class ArithmeticTests: XCTestCase {
  static let shapes: [[Int]] = [
    [1], [3], [4], [0], [1, 1], [1, 3], [2, 1], [2, 3], [3, 3], [2, 4], [4, 1], [0, 3], [2, 0],
  ]

  func testBroadcastTableAgainstReference() throws {
    var data = TestData(1)
    for sa in Self.shapes {
      for sb in Self.shapes {
        let a = data.tensor(sa)
        let b = data.tensor(sb)
        guard let shape = referenceBroadcastShape(sa, sb) else {
          assertTensorError(
            "shapes \(describe(sa)) and \(describe(sb)) do not broadcast"
          ) { try Tensor.elementwise(a, b, .add) }
          continue
        }
        for op in [ElementwiseOp.add, .sub, .mul, .div, .lt, .maximum] {
          let r = try Tensor.elementwise(a, b, op)
          XCTAssertEqual(r.shape, shape, "\(sa) \(op) \(sb)")
          let (ra, ca) = dims2(a)
          let (rb, cb) = dims2(b)
          let cols = shape.last ?? 0
          for k in 0..<r.count {
            let i = k / Swift.max(cols, 1)
            let j = k % Swift.max(cols, 1)
            let x = at(a, ra == 1 ? 0 : i, ca == 1 ? 0 : j)
            let y = at(b, rb == 1 ? 0 : i, cb == 1 ? 0 : j)
            XCTAssertTrue(
              isClose(r.storage[k], reference(op, x, y), rtol: 0, atol: 0),
              "\(sa) \(op) \(sb) at \(k)")
          }
        }
      }
    }
  }

  func testBroadcastExamplesByHand() throws {
    let m = mat([[1, 2, 3], [4, 5, 6]])
    XCTAssertEqual(
      try Tensor.elementwise(m, vec(10, 20, 30), .add), mat([[11, 22, 33], [14, 25, 36]]))
    XCTAssertEqual(
      try Tensor.elementwise(vec(10, 20, 30), m, .sub), mat([[9, 18, 27], [6, 15, 24]]))
    XCTAssertEqual(
      try Tensor.elementwise(m, mat([[1], [2]]), .mul), mat([[1, 2, 3], [8, 10, 12]]))
    XCTAssertEqual(
      try Tensor.elementwise(mat([[1], [2]]), vec(10, 20, 30), .add),
      mat([[11, 21, 31], [12, 22, 32]]))
    XCTAssertEqual(try Tensor.elementwise(vec(1, 2, 3), vec(2), .mul), vec(2, 4, 6))
    XCTAssertEqual(try Tensor.elementwise(vec(2), mat([[1, 2]]), .pow), mat([[2, 4]]))
    assertTensorError("shapes [2, 3] and [4] do not broadcast") {
      try Tensor.elementwise(m, vec(1, 2, 3, 4), .add)
    }
    assertTensorError("shapes [2] and [2, 3] do not broadcast") {
      try Tensor.elementwise(vec(1, 2), m, .add)
    }
  }

  func testScalarOperands() {
    let t = mat([[1, 2], [3, 4]])
    XCTAssertEqual(
      Tensor.elementwise(t, scalar: 1, .sub, scalarOnLeft: false), mat([[0, 1], [2, 3]]))
    XCTAssertEqual(
      Tensor.elementwise(t, scalar: 1, .sub, scalarOnLeft: true), mat([[0, -1], [-2, -3]]))
    XCTAssertEqual(
      Tensor.elementwise(t, scalar: 2, .pow, scalarOnLeft: true), mat([[2, 4], [8, 16]]))
    XCTAssertEqual(
      Tensor.elementwise(t, scalar: 3, .ge, scalarOnLeft: false), mat([[0, 0], [1, 1]]))
    XCTAssertEqual(Tensor.elementwise(vec(), scalar: 3, .add, scalarOnLeft: false), vec())
    var data = TestData(2)
    let x = data.tensor([3, 5])
    for op in ElementwiseOp.allCases {
      for left in [false, true] {
        let r = Tensor.elementwise(x, scalar: 1.5, op, scalarOnLeft: left)
        for k in 0..<x.count {
          let v = x.storage[k]
          let e = left ? reference(op, 1.5, v) : reference(op, v, 1.5)
          XCTAssertTrue(isClose(r.storage[k], e), "\(op) left=\(left): \(r.storage[k]) vs \(e)")
        }
      }
    }
  }

  func testModIsFloored() throws {
    let a = vec(5, -5, 5, -5, 5.5, -0.5, 3, 0, 7, -7, 5, -5)
    let b = vec(3, 3, -3, -3, 2, 1, -3, 3, 0, .infinity, .infinity, -.infinity)
    let r = try Tensor.elementwise(a, b, .mod)
    let expected: [Double] = [2, 1, -1, -2, 1.5, 0.5, -0.0, 0, .nan, .infinity, 5, -5]
    for k in 0..<expected.count {
      XCTAssertTrue(isClose(r.storage[k], expected[k]), "\(a.storage[k]) % \(b.storage[k])")
    }
    XCTAssertEqual(r.storage[6].sign, .minus)  // 3 % -3 is -0, as in Python
    XCTAssertEqual(Tensor.elementwise(vec(-1, 4), scalar: 3, .mod, scalarOnLeft: false), vec(2, 1))
  }

  func testIEEEEdges() throws {
    let r = try Tensor.elementwise(vec(1, -1, 0), vec(0, 0, 0), .div)
    XCTAssertEqual(r.storage[0], .infinity)
    XCTAssertEqual(r.storage[1], -.infinity)
    XCTAssertTrue(r.storage[2].isNaN)
    let n = Double.nan
    XCTAssertEqual(try Tensor.elementwise(vec(n, 1), vec(1, n), .lt), vec(0, 0))
    XCTAssertEqual(try Tensor.elementwise(vec(n, 1), vec(1, n), .ne), vec(1, 1))
    XCTAssertEqual(try Tensor.elementwise(vec(n, 1), vec(n, 1), .eq), vec(0, 1))
    let mn = try Tensor.elementwise(vec(n, 1, 2), vec(1, n, 3), .minimum)
    XCTAssertTrue(mn.storage[0].isNaN && mn.storage[1].isNaN)
    XCTAssertEqual(mn.storage[2], 2)
    let mx = try Tensor.elementwise(vec(n, 1, 2), vec(1, n, 3), .maximum)
    XCTAssertTrue(mx.storage[0].isNaN && mx.storage[1].isNaN)
    XCTAssertEqual(mx.storage[2], 3)
    let p = try Tensor.elementwise(vec(0, -8, 2), vec(0, 1.0 / 3, 0.5), .pow)
    XCTAssertEqual(p.storage[0], 1)
    XCTAssertTrue(p.storage[1].isNaN)
    assertClose(p.storage[2], 2.0.squareRoot())
  }

  func testUnaryOps() {
    let x = vec(-2.5, -1.5, -0.5, 0, 0.5, 1.5, 2.5, 3.7)
    XCTAssertEqual(x.map(.round), vec(-2, -2, -0, 0, 0, 2, 2, 4))
    XCTAssertEqual(x.map(.floor), vec(-3, -2, -1, 0, 0, 1, 2, 3))
    XCTAssertEqual(x.map(.ceil), vec(-2, -1, -0, 0, 1, 2, 3, 4))
    XCTAssertEqual(x.map(.abs), vec(2.5, 1.5, 0.5, 0, 0.5, 1.5, 2.5, 3.7))
    XCTAssertEqual(x.map(.neg), vec(2.5, 1.5, 0.5, -0, -0.5, -1.5, -2.5, -3.7))
    let s = vec(-3, -0.0, 0, 2, .nan).map(.sign)
    XCTAssertEqual(Array(s.storage[0..<4]), [-1, 0, 0, 1])
    XCTAssertTrue(s.storage[4].isNaN)

    var data = TestData(3)
    let t = data.tensor([4, 6])
    let checks: [(UnaryOp, (Double) -> Double)] = [
      (.exp, exp), (.tanh, tanh), (.log1p, log1p), (.expm1, expm1),
      (.sigmoid, { 1 / (1 + exp(-$0)) }),
    ]
    for (op, f) in checks {
      let r = t.map(op)
      XCTAssertEqual(r.shape, [4, 6])
      for k in 0..<t.count { assertClose(r.storage[k], f(t.storage[k]), rtol: 1e-14, "\(op)") }
    }
    let pos = t.map(.abs)
    for k in 0..<t.count {
      assertClose(pos.map(.log).storage[k], log(pos.storage[k]))
      assertClose(pos.map(.sqrt).storage[k], pos.storage[k].squareRoot())
    }
    XCTAssertEqual(vec(0).map(.log).storage[0], -.infinity)
    XCTAssertTrue(vec(-1).map(.sqrt).storage[0].isNaN)
    XCTAssertEqual(vec(-1000, 1000).map(.sigmoid), vec(0, 1))
    XCTAssertEqual(vec(1e-20).map(.log1p), vec(1e-20))
    XCTAssertEqual(vec(1e-20).map(.expm1), vec(1e-20))
  }

  func testClip() {
    let t = mat([[-2, 0.5], [3, .nan]])
    let c = t.clip(0, 1)
    XCTAssertEqual(Array(c.storage[0..<3]), [0, 0.5, 1])
    XCTAssertTrue(c.storage[3].isNaN)
    XCTAssertEqual(c.shape, [2, 2])
    XCTAssertEqual(vec(-1, 0.5, 2).clip(1, 0), vec(0, 0, 0))  // lo > hi: hi, as numpy
  }
}
