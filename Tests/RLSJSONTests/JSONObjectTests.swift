import XCTest

@testable import RLSJSON

final class JSONObjectTests: XCTestCase {
  func testAppendKeepsOrderAndReplacesInPlace() {
    var object = JSONObject()
    object.append("b", 1)
    object.append("a", 2)
    object.append("b", 3)
    XCTAssertEqual(object.keys, ["b", "a"])
    XCTAssertEqual(object.values, [3, 2])
    XCTAssertEqual(object.count, 2)
    XCTAssertEqual(object["b"], 3)
    XCTAssertEqual(Array(object.map(\.value)), [3, 2])
  }

  func testSubscriptSetAndRemove() {
    var object: JSONObject = ["x": 1, "y": 2, "z": 3]
    object["y"] = nil
    XCTAssertEqual(object.keys, ["x", "z"])
    XCTAssertEqual(object["z"], 3)
    object["w"] = "new"
    XCTAssertEqual(object.keys, ["x", "z", "w"])
    XCTAssertNil(object.removeValue(forKey: "nope"))
    XCTAssertEqual(object.removeValue(forKey: "x"), 1)
    XCTAssertEqual(object.keys, ["z", "w"])
    XCTAssertEqual(object["w"], "new")
  }

  func testEqualityIgnoresOrder() {
    let a: JSONObject = ["x": 1, "y": [1, 2]]
    let b: JSONObject = ["y": [1, 2], "x": 1]
    XCTAssertEqual(a, b)
    XCTAssertNotEqual(a, ["x": 1, "y": [2, 1]])
    XCTAssertNotEqual(a, ["x": 1])
    XCTAssertNotEqual(a, ["x": 1, "y": [1, 2], "z": nil])
  }
}
