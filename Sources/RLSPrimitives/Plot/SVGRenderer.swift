import Foundation

/// Renders a `Figure` as a standalone SVG document (axes, grid, ticks, series,
/// legend), sized in pixels, with text in a sans-serif font.
public enum SVGRenderer {
  /// The SVG text of `figure`.
  public static func render(_ figure: Figure) -> String {
    var r = Renderer(figure)
    return r.render()
  }
}

/// One rendering pass: computes the layout, then writes the elements.
private struct Renderer {
  let f: Figure
  var out = ""
  var x0 = 0.0, x1 = 1.0, y0 = 0.0, y1 = 1.0  // data ranges (after log transform)
  var left = 0.0, right = 0.0, top = 0.0, bottom = 0.0  // plot area in pixels

  init(_ f: Figure) { self.f = f }

  func tx(_ v: Double) -> Double { f.logx ? log10(v) : v }
  func ty(_ v: Double) -> Double { f.logy ? log10(v) : v }
  func px(_ v: Double) -> Double { left + (tx(v) - x0) / (x1 - x0) * (right - left) }
  func py(_ v: Double) -> Double { bottom - (ty(v) - y0) / (y1 - y0) * (bottom - top) }
  func usable(_ x: Double, _ y: Double) -> Bool {
    x.isFinite && y.isFinite && (!f.logx || x > 0) && (!f.logy || y > 0)
  }

  mutating func fitRanges() {
    var xs: [Double] = []
    var ys: [Double] = []
    for s in f.series {
      for (i, x) in s.x.enumerated() where i < s.y.count && usable(x, s.y[i]) {
        xs.append(tx(x))
        ys.append(ty(s.y[i]))
        if s.kind == .bar {
          let half = barWidth(s) / 2
          xs.append(tx(x - half))
          xs.append(tx(x + half))
          let b = s.base.map { i < $0.count ? $0[i] : 0 } ?? 0
          if !f.logy { ys.append(b) }
        }
      }
    }
    if f.diagonal {
      xs += [0, 1]
      ys += [0, 1]
    }
    func padded(_ v: [Double], _ fixed: (Double, Double)?, _ log: Bool) -> (Double, Double) {
      if let fixed { return log ? (log10(max(fixed.0, 1e-300)), log10(max(fixed.1, 1e-300))) : fixed }
      guard var lo = v.min(), var hi = v.max() else { return (0, 1) }
      if hi - lo < 1e-12 {
        lo -= 0.5
        hi += 0.5
      }
      let pad = (hi - lo) * 0.04
      return (lo - pad, hi + pad)
    }
    (x0, x1) = padded(xs, f.xlim, f.logx)
    (y0, y1) = padded(ys, f.ylim, f.logy)
    // Bars stand on zero: no padding below a non-negative baseline.
    if f.series.contains(where: { $0.kind == .bar }), !f.logy, f.ylim == nil, let lo = ys.min(), lo >= 0 { y0 = 0 }
  }

  func barWidth(_ s: Series) -> Double {
    if let w = s.barWidth { return w }
    let sorted = Array(Set(s.x)).sorted()
    var gap = 1.0
    if sorted.count > 1 { gap = zip(sorted.dropFirst(), sorted).map { $0 - $1 }.min() ?? 1 }
    return gap * 0.8
  }

  func xTicks() -> [Double] {
    if !f.categories.isEmpty { return f.categories.indices.map(Double.init) }
    return f.logx ? Ticks.log(pow(10, x0), pow(10, x1)) : Ticks.linear(x0, x1)
  }

  func yTicks() -> [Double] { f.logy ? Ticks.log(pow(10, y0), pow(10, y1)) : Ticks.linear(y0, y1) }

  func xLabel(_ v: Double) -> String {
    if !f.categories.isEmpty {
      let i = Int(v)
      return i >= 0 && i < f.categories.count ? f.categories[i] : ""
    }
    return Ticks.label(v)
  }

  mutating func render() -> String {
    fitRanges()
    let yLabels = yTicks().map(Ticks.label)
    let labelWidth = Double(yLabels.map(\.count).max() ?? 1) * 6.6
    left = 12 + labelWidth + 8 + (f.ylabel.isEmpty ? 0 : 20)
    right = f.width - 16
    top = f.title.isEmpty ? 14 : 38
    bottom = f.height - (f.xlabel.isEmpty ? 30 : 50)
    let w = Ticks.label(f.width)
    let h = Ticks.label(f.height)
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
    out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    if !f.title.isEmpty {
      out +=
        "<text x=\"\(n((left + right) / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\" fill=\"#222\">\(escape(f.title))</text>\n"
    }
    grid()
    out += "<g clip-path=\"url(#plot)\">\n"
    out += "<clipPath id=\"plot\"><rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(right - left))\" height=\"\(n(bottom - top))\"/></clipPath>\n"
    if f.diagonal {
      out +=
        "<line x1=\"\(n(px(0)))\" y1=\"\(n(py(0)))\" x2=\"\(n(px(1)))\" y2=\"\(n(py(1)))\" stroke=\"#888\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>\n"
    }
    var colorIndex = 0
    var legend: [(String, String, Series.Kind, Bool)] = []
    for s in f.series {
      let color = s.color ?? Palette.colors[colorIndex % Palette.colors.count]
      if s.color == nil && !s.sharesNextColor { colorIndex += 1 }
      draw(s, color)
      if let label = s.label { legend.append((label, color, s.kind, s.dashed)) }
    }
    out += "</g>\n"
    out +=
      "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(right - left))\" height=\"\(n(bottom - top))\" fill=\"none\" stroke=\"#444\" stroke-width=\"1\"/>\n"
    labels()
    if !legend.isEmpty { drawLegend(legend) }
    out += "</svg>\n"
    return out
  }

  mutating func grid() {
    for t in xTicks() {
      let x = px(t)
      guard x >= left - 0.5 && x <= right + 0.5 else { continue }
      out += "<line x1=\"\(n(x))\" y1=\"\(n(top))\" x2=\"\(n(x))\" y2=\"\(n(bottom))\" stroke=\"#e6e6e6\"/>\n"
      out += "<line x1=\"\(n(x))\" y1=\"\(n(bottom))\" x2=\"\(n(x))\" y2=\"\(n(bottom + 4))\" stroke=\"#444\"/>\n"
      out += "<text x=\"\(n(x))\" y=\"\(n(bottom + 16))\" text-anchor=\"middle\" fill=\"#333\">\(escape(xLabel(t)))</text>\n"
    }
    for t in yTicks() {
      let y = py(t)
      guard y >= top - 0.5 && y <= bottom + 0.5 else { continue }
      out += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(right))\" y2=\"\(n(y))\" stroke=\"#e6e6e6\"/>\n"
      out += "<line x1=\"\(n(left - 4))\" y1=\"\(n(y))\" x2=\"\(n(left))\" y2=\"\(n(y))\" stroke=\"#444\"/>\n"
      out += "<text x=\"\(n(left - 7))\" y=\"\(n(y + 3.5))\" text-anchor=\"end\" fill=\"#333\">\(escape(Ticks.label(t)))</text>\n"
    }
  }

  mutating func labels() {
    if !f.xlabel.isEmpty {
      out +=
        "<text x=\"\(n((left + right) / 2))\" y=\"\(n(f.height - 10))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#222\">\(escape(f.xlabel))</text>\n"
    }
    if !f.ylabel.isEmpty {
      let cy = (top + bottom) / 2
      out +=
        "<text x=\"16\" y=\"\(n(cy))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#222\" transform=\"rotate(-90 16 \(n(cy)))\">\(escape(f.ylabel))</text>\n"
    }
  }

  mutating func draw(_ s: Series, _ color: String) {
    let opacity = s.opacity < 1 ? " opacity=\"\(n(s.opacity))\"" : ""
    switch s.kind {
    case .line:
      var segment: [String] = []
      func flush() {
        if segment.count > 1 {
          out +=
            "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" stroke-linejoin=\"round\"\(s.dashed ? " stroke-dasharray=\"6 4\"" : "")\(opacity) points=\"\(segment.joined(separator: " "))\"/>\n"
        } else if segment.count == 1 {
          let p = segment[0].split(separator: ",")
          out += "<circle cx=\"\(p[0])\" cy=\"\(p[1])\" r=\"2\" fill=\"\(color)\"\(opacity)/>\n"
        }
        segment = []
      }
      for (i, x) in s.x.enumerated() where i < s.y.count {
        if usable(x, s.y[i]) { segment.append("\(n(px(x))),\(n(py(s.y[i])))") } else { flush() }
      }
      flush()
    case .scatter:
      let r = s.x.count > 2000 ? 1.5 : 3
      for (i, x) in s.x.enumerated() where i < s.y.count && usable(x, s.y[i]) {
        out += "<circle cx=\"\(n(px(x)))\" cy=\"\(n(py(s.y[i])))\" r=\"\(n(r))\" fill=\"\(color)\" fill-opacity=\"\(n(0.75 * s.opacity))\"/>\n"
      }
    case .bar:
      let width = barWidth(s)
      for (i, x) in s.x.enumerated() where i < s.y.count && usable(x, s.y[i]) {
        let base = s.base.map { i < $0.count ? $0[i] : 0 } ?? (f.logy ? pow(10, y0) : 0)
        let a = px(x - width / 2)
        let b = px(x + width / 2)
        let top = min(py(s.y[i]), py(base))
        let height = abs(py(s.y[i]) - py(base))
        out +=
          "<rect x=\"\(n(min(a, b)))\" y=\"\(n(top))\" width=\"\(n(abs(b - a)))\" height=\"\(n(height))\" fill=\"\(color)\" fill-opacity=\"\(n(0.85 * s.opacity))\" stroke=\"white\" stroke-width=\"0.5\"/>\n"
      }
    }
  }

  /// The legend goes in the plot-area corner covering the fewest data points.
  func legendOrigin(_ width: Double, _ height: Double) -> (Double, Double) {
    let corners = [(right - width - 8, top + 8), (left + 8, top + 8), (right - width - 8, bottom - height - 8), (left + 8, bottom - height - 8)]
    var best = corners[0]
    var fewest = Int.max
    for c in corners {
      var inside = 0
      for s in f.series {
        for (i, x) in s.x.enumerated() where i < s.y.count && usable(x, s.y[i]) {
          let p = px(x)
          let q = py(s.y[i])
          let lo = s.kind == .bar ? min(q, py(f.logy ? pow(10, y0) : 0)) : q
          let hi = s.kind == .bar ? max(q, py(f.logy ? pow(10, y0) : 0)) : q
          if p >= c.0 - 4 && p <= c.0 + width + 4 && hi >= c.1 - 4 && lo <= c.1 + height + 4 { inside += 1 }
        }
      }
      if inside < fewest {
        fewest = inside
        best = c
      }
    }
    return best
  }

  mutating func drawLegend(_ items: [(String, String, Series.Kind, Bool)]) {
    let width = Double(items.map(\.0.count).max() ?? 1) * 6.6 + 40
    let height = Double(items.count) * 18 + 8
    let (x, y) = legendOrigin(width, height)
    out +=
      "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#ccc\" rx=\"3\"/>\n"
    for (i, item) in items.enumerated() {
      let cy = y + 13 + Double(i) * 18
      switch item.2 {
      case .line:
        out +=
          "<line x1=\"\(n(x + 8))\" y1=\"\(n(cy))\" x2=\"\(n(x + 28))\" y2=\"\(n(cy))\" stroke=\"\(item.1)\" stroke-width=\"2\"\(item.3 ? " stroke-dasharray=\"5 3\"" : "")/>\n"
      case .scatter:
        out += "<circle cx=\"\(n(x + 18))\" cy=\"\(n(cy))\" r=\"3.5\" fill=\"\(item.1)\"/>\n"
      case .bar:
        out += "<rect x=\"\(n(x + 11))\" y=\"\(n(cy - 5))\" width=\"14\" height=\"10\" fill=\"\(item.1)\"/>\n"
      }
      out += "<text x=\"\(n(x + 34))\" y=\"\(n(cy + 4))\" fill=\"#222\">\(escape(item.0))</text>\n"
    }
  }

  /// A coordinate with at most two decimals.
  func n(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let r = (v * 100).rounded() / 100
    return r == r.rounded() ? String(Int(r)) : String(r)
  }

  func escape(_ s: String) -> String {
    var o = ""
    for ch in s {
      switch ch {
      case "&": o += "&amp;"
      case "<": o += "&lt;"
      case ">": o += "&gt;"
      case "\"": o += "&quot;"
      default: o.append(ch)
      }
    }
    return o
  }
}
