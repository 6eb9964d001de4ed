import RLSCore
import RLSNumerics

/// MIME bundles for `display`: text for every value, HTML tables for
/// tensors and lists of maps.
public enum RichDisplay {
  /// The MIME bundle `display(v)` sends (and the kernel's execute_result).
  public static func bundle(_ v: Value, vm: VM) -> [(mime: String, content: String)] {
    if let rich = v.object as? RichDisplayable { return rich.mimeBundle(vm: vm) }
    var out: [(mime: String, content: String)] = []
    if let html = html(v, vm: vm) { out.append(("text/html", html)) }
    out.append(("text/plain", vm.display(v)))
    return out
  }

  /// The bundle of a notebook cell's value (execute_result): as `bundle`, but
  /// text/plain is what the REPL prints for the value (strings quoted).
  public static func resultBundle(_ v: Value, vm: VM) -> [(mime: String, content: String)] {
    if let rich = v.object as? RichDisplayable { return rich.mimeBundle(vm: vm) }
    var out: [(mime: String, content: String)] = []
    if let html = html(v, vm: vm) { out.append(("text/html", html)) }
    out.append(("text/plain", vm.formatValue(v)))
    return out
  }

  static func html(_ v: Value, vm: VM) -> String? {
    if let t = v.cast(.tensor, ObjTensor.self)?.tensor {
      let rows = t.rank == 1 ? 1 : t.rows
      let cols = t.rank == 1 ? t.count : t.cols
      guard rows <= 200, cols <= 50 else { return nil }
      var s = "<table><tbody>"
      for r in 0..<rows {
        s += "<tr>"
        for c in 0..<cols { s += "<td>\(formatNumber(t.storage[r * cols + c]))</td>" }
        s += "</tr>"
      }
      return s + "</tbody></table>"
    }
    if let l = v.list, !l.items.isEmpty, l.items.count <= 1000, l.items.allSatisfy({ $0.map != nil }) {
      var columns: [String] = []
      for item in l.items {
        for (k, _) in item.map!.entries {
          let name = vm.display(k)
          if !columns.contains(name) { columns.append(name) }
        }
      }
      var s = "<table><thead><tr>" + columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
      for item in l.items {
        let m = item.map!
        s += "<tr>" + columns.map { col in "<td>\(escape(m.get(col).map { vm.display($0) } ?? ""))</td>" }.joined() + "</tr>"
      }
      return s + "</tbody></table>"
    }
    return nil
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}

import Foundation
