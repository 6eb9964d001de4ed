import Foundation
import RLSPrimitives
import XCTest

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// SVG output is well-formed XML with the expected elements; ticks,
/// histograms and smoothing follow their definitions.
final class PlotTests: XCTestCase {
  final class Counter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
      counts[name, default: 0] += 1
    }
  }

  func parse(_ svg: String) -> [String: Int]? {
    let parser = XMLParser(data: Data(svg.utf8))
    let counter = Counter()
    parser.delegate = counter
    return parser.parse() ? counter.counts : nil
  }

  func testFadedRawCurveSharesItsSmoothedLinesColourAndTakesNoPaletteSlot() {
    var raw = Series(kind: .line, x: [0, 1, 2], y: [1, 3, 2])
    raw.sharesNextColor = true
    raw.opacity = 0.25
    var f = Figure()
    f.series = [
      raw, Series(kind: .line, x: [0, 1, 2], y: [1, 2, 2], label: "smoothed"), Series(kind: .line, x: [0, 1, 2], y: [0, 0, 1], label: "next"),
    ]
    let svg = SVGRenderer.render(f)
    let strokes = svg.components(separatedBy: "<polyline").dropFirst().compactMap {
      $0.components(separatedBy: "stroke=\"").dropFirst().first?.prefix(7)
    }
    XCTAssertEqual(strokes.map(String.init), [Palette.colors[0], Palette.colors[0], Palette.colors[1]])
  }

  func testEveryKindIsWellFormed() throws {
    var f = Figure()
    f.title = "A <title> & \"quotes\""
    f.xlabel = "x"
    f.ylabel = "y"
    f.series = [
      Series(kind: .line, x: [0, 1, 2, .nan, 4, 5], y: [1, 3, 2, 5, 4, 6], label: "line"),
      Series(kind: .scatter, x: [0, 1, 2], y: [2, 2, 2], label: "points"),
      Series(kind: .bar, x: [0, 1, 2], y: [1, 2, 3], label: "bars"),
    ]
    let counts = try XCTUnwrap(parse(SVGRenderer.render(f)), "not well-formed XML")
    XCTAssertEqual(counts["svg"], 1)
    XCTAssertEqual(counts["polyline"], 2, "a NaN splits the line in two")
    XCTAssertEqual(counts["circle"], 3 + 1, "three points and one legend marker")
    XCTAssertGreaterThanOrEqual(counts["rect"] ?? 0, 3 + 1 + 1)
  }

  func testLogAxesDropNonPositiveValues() throws {
    var f = Figure()
    f.logx = true
    f.logy = true
    f.series = [Series(kind: .scatter, x: [-1, 0, 1, 10, 100], y: [1, 1, 1, 10, 100])]
    let counts = try XCTUnwrap(parse(SVGRenderer.render(f)))
    XCTAssertEqual(counts["circle"], 3)
  }

  func testEmptyAndDegenerateFiguresRender() throws {
    XCTAssertNotNil(parse(SVGRenderer.render(Figure())))
    var f = Figure()
    f.series = [Series(kind: .line, x: [1], y: [1]), Series(kind: .bar, x: [], y: [])]
    XCTAssertNotNil(parse(SVGRenderer.render(f)))
  }

  func testNiceTicks() {
    XCTAssertEqual(Ticks.linear(0, 1, target: 5), [0, 0.2, 0.4, 0.6, 0.8, 1])
    XCTAssertEqual(Ticks.linear(-3.2, 7.9, target: 6), [-2, 0, 2, 4, 6])
    XCTAssertEqual(Ticks.log(1, 1000), [1, 10, 100, 1000])
    XCTAssertEqual(Ticks.label(0.30000000000000004), "0.3")
    XCTAssertEqual(Ticks.label(2_500_000), "2.5e6")
  }

  func testHistogramMatchesDirectCounting() {
    let x = (0..<1000).map { Double(($0 * 7919) % 1000) / 10 }
    let (edges, counts) = Histogram.counts(x, bins: 7)
    XCTAssertEqual(edges.count, 8)
    XCTAssertEqual(counts.reduce(0, +), 1000)
    for b in 0..<7 {
      let inBin = x.filter { $0 >= edges[b] && ($0 < edges[b + 1] || (b == 6 && $0 == edges[7])) }.count
      XCTAssertEqual(counts[b], Double(inBin))
    }
  }

  func testEMAIsDebiasedRecursion() {
    let y = [3.0, 1, 4, 1, 5, 9, 2, 6]
    let w = 0.8
    var last = 0.0
    for (i, s) in Smoothing.ema(y, weight: w).enumerated() {
      last = last * w + (1 - w) * y[i]
      XCTAssertEqual(s, last / (1 - pow(w, Double(i + 1))), accuracy: 1e-12)
    }
    XCTAssertEqual(Smoothing.ema(y, weight: 0), y)
  }

  func testReliabilityBinsFollowNetcalEdges() throws {
    let bins = try Reliability.bins(confidence: [0, 0.1, 0.15, 0.99, 1.0], correct: [0, 1, 1, 1, 0], bins: 10)
    XCTAssertEqual(bins[0].count, 1)
    XCTAssertEqual(bins[1].count, 2, "0.1 opens the second bin [0.1, 0.2)")
    XCTAssertEqual(bins[9].count, 2, "1.0 falls in the last bin")
    XCTAssertEqual(bins[9].accuracy, 0.5)
    XCTAssertTrue(bins[5].confidence.isNaN)
    XCTAssertThrowsError(try Reliability.bins(confidence: [1.2], correct: [1], bins: 10))
    XCTAssertThrowsError(try Reliability.bins(confidence: [0.5], correct: [2], bins: 10))
  }
}
