/// `:help name` in the REPL and inspect in the kernel.
extension Session {
  /// Help text for a global, a namespace, or `namespace.member`; nil when unknown.
  public func help(_ name: String) -> String? {
    let parts = name.split(separator: ".").map(String.init)
    guard let first = parts.first, var value = vm.main.get(first) else { return nil }
    for p in parts.dropFirst() {
      guard let next = member(of: value, p) else { return nil }
      value = next
    }
    return helpText(value, name: name)
  }

  /// The help text of a value.
  public func helpText(_ value: Value, name: String) -> String {
    if let n = value.cast(.native, ObjNative.self) { return "\(n.usage)\n\n\(n.doc)" }
    if let m = value.cast(.boundMethod, ObjBoundMethod.self) { return "\(m.method.usage)\n\n\(m.method.doc)" }
    if let m = value.cast(.module, ObjModule.self) {
      var s = "module \(m.name)" + (m.doc.isEmpty ? "" : ": \(m.doc)") + "\n"
      for member in m.memberNames {
        if let n = m.member(member)?.cast(.native, ObjNative.self) {
          s += "\n  \(n.usage)\n      \(n.doc.split(separator: "\n").first ?? "")"
        } else {
          s += "\n  \(member)"
        }
      }
      return s
    }
    if let c = value.cast(.closure, ObjClosure.self) {
      let p = c.proto
      return "fn \(p.name)(\(p.params.joined(separator: ", "))) — defined in \(p.source.name):\(p.definition.line)"
        + (p.doc.map { "\n\n\($0)" } ?? "")
    }
    return "\(name): \(value.typeName) = \(vm.formatValue(value))"
  }

  /// `value.name` without side effects (modules, maps, native objects), for help and completion.
  func member(of value: Value, _ name: String) -> Value? {
    if let m = value.cast(.module, ObjModule.self) { return m.member(name) }
    if let m = value.map { return m.get(name) }
    if let o = value.cast(.nativeObject, NativeObject.self) { return try? o.field(name, vm: vm) }
    return nil
  }

  /// Names reachable with `.` from a value.
  func memberNames(of value: Value) -> [String] {
    if let m = value.cast(.module, ObjModule.self) { return m.memberNames }
    if let m = value.map { return m.entries.compactMap { $0.key.string?.value } }
    if let o = value.cast(.nativeObject, NativeObject.self) { return o.fieldNames }
    if value.cast(.tensor, ObjTensor.self) != nil { return ["T", "shape"] }
    return []
  }
}
