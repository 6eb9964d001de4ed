import RLSCore
import RLSNumerics
import RLSPrimitives

/// The `plot` namespace: figures rendered natively to SVG, shown inline in
/// notebooks, saved with `fig.save(path)` anywhere. Every function returns a
/// figure; its methods add series to it and return it, so calls chain:
/// `plot.line(returns, label: "ppo").line(baseline, label: "pi", dashed: true)`.
enum PlotNatives {
  /// Options every plotting call accepts (figure-level and series-level).
  static let common = "title:, xlabel:, ylabel:, logx:, logy:, xlim:, ylim:, width:, height:, label:, color:"

  static let rows: [Native] = [
    Native("figure", usage: "plot.figure(\(common))", doc: "An empty figure; add series with its methods line, scatter, bar and hist.") { c in
      let fig = FigureObject()
      try PlotOptions.apply(c, to: &fig.figure)
      return Value(c.vm.heap.track(fig))
    },
    Native(
      "line", usage: "plot.line(x, y = nil, \(common), dashed:, smooth:)",
      doc:
        "A line chart of y against x (with one argument, of the values against their index). `smooth: 0.9` draws the raw curve faded and its debiased exponential moving average (as TensorBoard smooths learning curves)."
    ) { c in
      try PlotOptions.newFigure(c) { try PlotOptions.addLine($0, c) }
    },
    Native("scatter", usage: "plot.scatter(x, y, \(common))", doc: "A scatter plot of the points (x[i], y[i]).") { c in
      try PlotOptions.newFigure(c) { try PlotOptions.addScatter($0, c) }
    },
    Native("bar", usage: "plot.bar(x, heights, \(common))", doc: "A bar chart: x is a list of category names or of numbers.") { c in
      try PlotOptions.newFigure(c) { try PlotOptions.addBar($0, c) }
    },
    Native(
      "hist", usage: "plot.hist(x, \(common), bins:, range:, density:)",
      doc:
        "A histogram of the finite values of x: `bins:` equal-width bins (default 20) over `range:` [lo, hi] (default min..max), counts or, with `density: true`, a density."
    ) { c in
      try PlotOptions.newFigure(c) { try PlotOptions.addHist($0, c) }
    },
    Native(
      "reliability", usage: "plot.reliability(confidence, correct, \(common), bins:)",
      doc:
        "A reliability diagram: accuracy per equal-width confidence bin (default 10 bins) as bars, the gap to the bin's mean confidence as red bars, and the diagonal of perfect calibration."
    ) { c in
      let conf = try c.vector(0, "confidence").storage
      let correct = try c.vector(1, "correct").storage
      let bins = try c.int(option: "bins", default: 10)
      let table: [ReliabilityBin]
      do { table = try Reliability.bins(confidence: conf, correct: correct, bins: bins) } catch let e as CalibrationError { throw c.error(e.message) }
      let fig = FigureObject()
      fig.figure.diagonal = true
      fig.figure.xlim = (0, 1)
      fig.figure.ylim = (0, 1)
      fig.figure.xlabel = "confidence"
      fig.figure.ylabel = "accuracy"
      try PlotOptions.apply(c, to: &fig.figure)
      let filled = table.filter { $0.count > 0 }
      let centers = filled.map { ($0.lower + $0.upper) / 2 }
      var acc = Series(kind: .bar, x: centers, y: filled.map(\.accuracy), label: c.option("label").map { c.vm.display($0) } ?? "accuracy")
      acc.barWidth = 1 / Double(bins)
      var gap = Series(kind: .bar, x: centers, y: filled.map(\.confidence), label: "gap")
      gap.base = filled.map(\.accuracy)
      gap.barWidth = 1 / Double(bins)
      gap.color = "#d62728"
      gap.opacity = 0.45
      fig.figure.series += [acc, gap]
      return Value(c.vm.heap.track(fig))
    },
  ]
}

/// Option handling shared by the plot functions and the figure's methods.
enum PlotOptions {
  static func newFigure(_ c: NativeCall, _ add: (FigureObject) throws -> Void) throws -> Value {
    let fig = FigureObject()
    try apply(c, to: &fig.figure)
    try add(fig)
    return Value(c.vm.heap.track(fig))
  }

  /// Applies the figure-level options.
  static func apply(_ c: NativeCall, to f: inout Figure) throws {
    if let v = c.option("title") { f.title = c.vm.display(v) }
    if let v = c.option("xlabel") { f.xlabel = c.vm.display(v) }
    if let v = c.option("ylabel") { f.ylabel = c.vm.display(v) }
    if c.option("logx") != nil { f.logx = try c.bool(option: "logx", default: false) }
    if c.option("logy") != nil { f.logy = try c.bool(option: "logy", default: false) }
    if let w = try c.number(option: "width") {
      guard w >= 100 && w <= 10000 else { throw c.error("width must be between 100 and 10000 pixels") }
      f.width = w
    }
    if let h = try c.number(option: "height") {
      guard h >= 80 && h <= 10000 else { throw c.error("height must be between 80 and 10000 pixels") }
      f.height = h
    }
    if let v = c.option("xlim") { f.xlim = try limits(c, v, "xlim") }
    if let v = c.option("ylim") { f.ylim = try limits(c, v, "ylim") }
  }

  static func limits(_ c: NativeCall, _ v: Value, _ name: String) throws -> (Double, Double) {
    let t = try c.vm.toTensor(v, name)
    guard t.count == 2, t.storage[0] < t.storage[1] else { throw c.error("\(name) must be [low, high] with low < high") }
    return (t.storage[0], t.storage[1])
  }

  /// x and y from (x, y) or (y) arguments starting at `i`.
  static func xy(_ c: NativeCall, _ i: Int, yOptional: Bool) throws -> ([Double], [Double]) {
    let first = try c.vector(i, "x").storage
    guard c.has(i + 1) else {
      guard yOptional else { throw c.error("y is missing", argument: i) }
      return (first.indices.map(Double.init), first)
    }
    let y = try c.vector(i + 1, "y").storage
    guard y.count == first.count else { throw c.error("x has \(first.count) values but y has \(y.count)", argument: i + 1) }
    return (first, y)
  }

  static func style(_ s: inout Series, _ c: NativeCall) throws {
    if let v = c.option("label") { s.label = c.vm.display(v) }
    if let v = c.option("color") { s.color = try c.string(option: "color", default: c.vm.display(v)) }
    s.dashed = try c.bool(option: "dashed", default: false)
  }

  static func addLine(_ fig: FigureObject, _ c: NativeCall, at i: Int = 0) throws {
    let (x, y) = try xy(c, i, yOptional: true)
    var s = Series(kind: .line, x: x, y: y)
    try style(&s, c)
    if let w = try c.number(option: "smooth"), w > 0 {
      guard w < 1 else { throw c.error("smooth must be in [0, 1), got \(formatNumber(w))") }
      var raw = s
      raw.label = nil
      raw.opacity = 0.25
      raw.sharesNextColor = true
      s.y = Smoothing.ema(y, weight: w)
      fig.figure.series.append(raw)
    }
    fig.figure.series.append(s)
  }

  static func addScatter(_ fig: FigureObject, _ c: NativeCall, at i: Int = 0) throws {
    let (x, y) = try xy(c, i, yOptional: false)
    var s = Series(kind: .scatter, x: x, y: y)
    try style(&s, c)
    fig.figure.series.append(s)
  }

  static func addBar(_ fig: FigureObject, _ c: NativeCall, at i: Int = 0) throws {
    let heights = try c.vector(i + 1, "heights").storage
    var x: [Double]
    if let names = c[i].list, names.items.contains(where: { $0.string != nil }) {
      let labels = names.items.map { c.vm.display($0) }
      guard labels.count == heights.count else { throw c.error("x has \(labels.count) names but heights has \(heights.count)", argument: i + 1) }
      if fig.figure.categories.isEmpty { fig.figure.categories = labels }
      x = labels.map { name in Double(fig.figure.categories.firstIndex(of: name) ?? 0) }
    } else {
      x = try c.vector(i, "x").storage
      guard x.count == heights.count else { throw c.error("x has \(x.count) values but heights has \(heights.count)", argument: i + 1) }
    }
    var s = Series(kind: .bar, x: x, y: heights)
    try style(&s, c)
    fig.figure.series.append(s)
  }

  static func addHist(_ fig: FigureObject, _ c: NativeCall, at i: Int = 0) throws {
    let x = try c.vector(i, "x").storage
    let bins = try c.int(option: "bins", default: 20)
    guard bins >= 1 && bins <= 100_000 else { throw c.error("bins must be between 1 and 100000") }
    let range = try c.option("range").map { try limits(c, $0, "range") }
    var (edges, counts) = Histogram.counts(x, bins: bins, range: range)
    if try c.bool(option: "density", default: false) {
      let total = counts.reduce(0, +)
      let width = edges[1] - edges[0]
      if total > 0 { counts = counts.map { $0 / (total * width) } }
    }
    var s = Series(kind: .bar, x: (0..<bins).map { (edges[$0] + edges[$0 + 1]) / 2 }, y: counts)
    s.barWidth = edges[1] - edges[0]
    try style(&s, c)
    fig.figure.series.append(s)
  }
}

/// A figure value: fields title, xlabel, ylabel, logx, logy; methods line,
/// scatter, bar, hist (add a series, return the figure), save(path), svg().
final class FigureObject: NativeObject, RichDisplayable {
  var figure = Figure()

  override var typeName: String { "figure" }
  override var fieldNames: [String] { ["title", "xlabel", "ylabel", "logx", "logy"] + FigureObject.methods.keys.sorted() }

  override func describe(vm: VM) -> String {
    "<figure\(figure.title.isEmpty ? "" : " \(quote(figure.title))"): \(figure.series.count) series>"
  }

  func mimeBundle(vm: VM) -> [(mime: String, content: String)] {
    [("image/svg+xml", SVGRenderer.render(figure)), ("text/plain", describe(vm: vm))]
  }

  override func field(_ name: String, vm: VM) throws -> Value? {
    switch name {
    case "title": return vm.string(figure.title)
    case "xlabel": return vm.string(figure.xlabel)
    case "ylabel": return vm.string(figure.ylabel)
    case "logx": return .bool(figure.logx)
    case "logy": return .bool(figure.logy)
    default:
      guard let m = FigureObject.methods[name] else { return nil }
      return Value(vm.heap.track(ObjBoundMethod(receiver: Value(self), method: m)))
    }
  }

  override func setField(_ name: String, _ value: Value, vm: VM) throws -> Bool {
    switch name {
    case "title": figure.title = vm.display(value)
    case "xlabel": figure.xlabel = vm.display(value)
    case "ylabel": figure.ylabel = vm.display(value)
    case "logx": figure.logx = value.isTruthy
    case "logy": figure.logy = value.isTruthy
    default: return false
    }
    return true
  }

  static func this(_ c: NativeCall) -> FigureObject { unsafeDowncast(c.receiver!.object!, to: FigureObject.self) }

  /// A method that applies the figure options, adds a series and returns the figure.
  static func adding(
    _ name: String, _ usage: String, _ doc: String, _ add: @escaping (FigureObject, NativeCall, Int) throws -> Void
  ) -> Native {
    Native(name, usage: usage, doc: doc) { c in
      let f = this(c)
      try PlotOptions.apply(c, to: &f.figure)
      try add(f, c, 0)
      return c.receiver!
    }
  }

  static let methods: [String: ObjNative] = {
    let common = PlotNatives.common
    let rows: [Native] = [
      adding("line", "fig.line(x, y = nil, \(common), dashed:, smooth:)", "Adds a line (see plot.line); returns the figure.", PlotOptions.addLine),
      adding("scatter", "fig.scatter(x, y, \(common))", "Adds points (see plot.scatter); returns the figure.", PlotOptions.addScatter),
      adding("bar", "fig.bar(x, heights, \(common))", "Adds bars (see plot.bar); returns the figure.", PlotOptions.addBar),
      adding("hist", "fig.hist(x, \(common), bins:, range:, density:)", "Adds a histogram (see plot.hist); returns the figure.", PlotOptions.addHist),
      Native("save", usage: "fig.save(path)", doc: "Writes the figure as an SVG file; returns the path.") { c in
        let path = try c.string(0, "path")
        do {
          try TextFile.write(path, SVGRenderer.render(this(c).figure))
        } catch let e as TextFileError {
          throw c.error(e.description, kind: .io)
        }
        return c[0]
      },
      Native("svg", usage: "fig.svg()", doc: "The figure's SVG text.") { c in
        c.vm.string(SVGRenderer.render(this(c).figure))
      },
    ]
    var out: [String: ObjNative] = [:]
    for r in rows { out[r.name] = r.make(qualified: "figure.\(r.name)") }
    return out
  }()
}
