import Foundation
import RLSCore
import RLSLibrary
import XCTest

/// Runs every `Tests/scripts/**/*.rls` and checks its expectations:
/// - `# expect: text` — the next line of standard output is exactly `text`;
/// - `# expect error: text` — running stops with an error whose first line
///   (`file:line:col: error: message`) contains `text`; written at the end of a
///   code line, the error must also be reported on that line.
/// Each script runs in a fresh session, once normally and once with the
/// collector running at every safe point.
final class ScriptTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../scripts").standardized

  struct Expectations {
    var output: [String] = []
    var error: (text: String, line: Int?)?
  }

  static func scripts() -> [URL] {
    let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
    var out: [URL] = []
    while let u = e?.nextObject() as? URL {
      if u.pathExtension == "rls" { out.append(u) }
    }
    return out.sorted { $0.path < $1.path }
  }

  static func expectations(_ text: String) -> Expectations {
    var x = Expectations()
    for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if let r = line.range(of: "# expect: ") {
        x.output.append(String(line[r.upperBound...]))
      } else if line.hasSuffix("# expect:") {
        x.output.append("")
      } else if let r = line.range(of: "# expect error: ") {
        let codeBefore = line[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
        x.error = (String(line[r.upperBound...]), codeBefore.isEmpty ? nil : n + 1)
      }
    }
    return x
  }

  func runAll(gcStress: Bool) throws {
    let files = ScriptTests.scripts()
    XCTAssertFalse(files.isEmpty, "no scripts found under \(ScriptTests.root.path)")
    var checked = 0
    for file in files {
      let text = try String(contentsOf: file, encoding: .utf8)
      let x = ScriptTests.expectations(text)
      let session = NativeLibrary.makeSession(gcStress: gcStress)
      var out = ""
      session.vm.write = { out += $0 }
      session.vm.writeError = { _ in }
      var failure: RLSError?
      do {
        _ = try session.evaluate(Source(name: file.path, text: text))
      } catch let e as RLSError {
        failure = e
      }
      let name = file.path.replacingOccurrences(of: ScriptTests.root.path + "/", with: "")
      var lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      if lines.last == "" { lines.removeLast() }
      for (i, want) in x.output.enumerated() {
        let got = i < lines.count ? lines[i] : "<no more output>"
        XCTAssertEqual(got, want, "\(name): output line \(i + 1)")
        checked += 1
      }
      if lines.count > x.output.count {
        XCTFail("\(name): unexpected extra output: \(lines[x.output.count...].joined(separator: " | "))")
      }
      if let (want, line) = x.error {
        checked += 1
        guard let e = failure else {
          XCTFail("\(name): expected error containing '\(want)', but the script succeeded")
          continue
        }
        let first = ErrorRenderer.render(e).split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertTrue(first.contains(want), "\(name): expected error containing '\(want)', got: \(first)")
        if let line { XCTAssertEqual(e.span?.line, line, "\(name): error reported on the wrong line: \(first)") }
      } else if let e = failure {
        XCTFail("\(name): unexpected error: \(ErrorRenderer.render(e))")
      }
    }
    print("script expectations checked: \(checked) in \(files.count) files (gc stress: \(gcStress))")
  }

  func testScripts() throws { try runAll(gcStress: false) }
  func testScriptsUnderCollectionStress() throws { try runAll(gcStress: true) }
}
