/// A 2-D chart: axes settings and the series drawn on them. Rendered to SVG
/// by `SVGRenderer`; no external tools involved.
public struct Figure: Sendable {
  public var title = ""
  public var xlabel = ""
  public var ylabel = ""
  /// Logarithmic axes (non-positive values are left out).
  public var logx = false
  public var logy = false
  /// Fixed axis ranges; nil fits the data.
  public var xlim: (Double, Double)?
  public var ylim: (Double, Double)?
  /// Size in pixels.
  public var width = 640.0
  public var height = 400.0
  /// Draw the y = x diagonal (reliability diagrams).
  public var diagonal = false
  /// Category names for the x axis (bar charts of named values).
  public var categories: [String] = []
  public var series: [Series] = []

  /// An empty figure.
  public init() {}
}

/// One data series of a figure.
public struct Series: Sendable {
  /// How the points are drawn.
  public enum Kind: String, Sendable {
    case line, scatter, bar
  }
  public var kind: Kind
  public var x: [Double]
  public var y: [Double]
  /// Legend entry (none when nil).
  public var label: String?
  /// CSS colour; nil takes the next colour of the palette.
  public var color: String?
  /// Bar width in data units (bars only); nil uses 80% of the smallest x gap.
  public var barWidth: Double?
  /// Bar bases (bars only; default 0): gap bars of reliability diagrams start at the accuracy.
  public var base: [Double]?
  public var dashed = false
  /// Opacity in [0, 1] (raw curves under a smoothed one are drawn faded).
  public var opacity = 1.0
  /// Without a colour of its own, drawn in the palette colour the next
  /// series takes, without using up a palette slot (the faded raw curve
  /// under its smoothed line).
  public var sharesNextColor = false

  /// A series of `kind` through the points (x[i], y[i]).
  public init(kind: Kind, x: [Double], y: [Double], label: String? = nil) {
    self.kind = kind
    self.x = x
    self.y = y
    self.label = label
  }
}

/// The default colour cycle (the widely used "tab10" palette).
public enum Palette {
  public static let colors = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  ]
}
