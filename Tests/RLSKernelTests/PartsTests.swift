import Foundation
import RLSJSON
import XCTest

@testable import RLSKernel

/// Signing, connection files, stream chunking, logo and kernelspec.
final class PartsTests: XCTestCase {
  func testHMACKnownVector() {
    let s = Signer(key: "key")
    let message = Array("The quick brown fox jumps over the lazy dog".utf8)
    let expected = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
    XCTAssertEqual(String(decoding: s.sign([Array(message[..<10]), Array(message[10...])][...]), as: UTF8.self), expected)
    XCTAssertTrue(s.verify(Array(expected.uppercased().utf8), [message][...]))
    XCTAssertFalse(s.verify(Array(expected.dropLast().utf8) + [UInt8(ascii: "9")], [message][...]))
    XCTAssertFalse(s.verify([], [message][...]))
    XCTAssertTrue(Signer(key: "").verify([], [message][...]), "no key: nothing is checked")
    XCTAssertEqual(Signer(key: "").sign([message][...]), [])
  }

  func testConnectionFile() throws {
    let json = try JSON.parse(
      #"{"transport": "tcp", "ip": "127.0.0.1", "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": "k", "signature_scheme": "hmac-sha256"}"#
    )
    let c = try ConnectionInfo.parse(json)
    XCTAssertEqual(c.endpoint(c.shellPort), "tcp://127.0.0.1:1")
    var wild = c
    wild.ip = "0.0.0.0"
    XCTAssertEqual(wild.endpoint(5), "tcp://127.0.0.1:5", "never bind every interface")
    var ipc = c
    ipc.transport = "ipc"
    ipc.ip = "/tmp/kernel-x"
    XCTAssertEqual(ipc.endpoint(3), "ipc:///tmp/kernel-x-3")
    XCTAssertThrowsError(try ConnectionInfo.parse(try JSON.parse(#"{"shell_port": 1}"#)))
    XCTAssertThrowsError(
      try ConnectionInfo.parse(
        try JSON.parse(
          #"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": "k", "signature_scheme": "hmac-md5"}"#
        )))
  }

  func testChunksNeverSplitACodePoint() {
    let text = String(repeating: "aé😀", count: 1000)
    let pieces = Publisher.chunks(text, maxBytes: 10)
    XCTAssertEqual(pieces.joined(), text)
    XCTAssertTrue(pieces.allSatisfy { $0.utf8.count <= 10 && !$0.isEmpty })
  }

  func testLogoIsAPNG() {
    let png = PNG.logo(size: 32)
    XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    XCTAssertEqual(Array(png[12..<16]), Array("IHDR".utf8))
    XCTAssertEqual(PNG.crc32(Array("IEND".utf8)), 0xAE42_6082)
  }

  func testKernelSpecInstall() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rls-spec-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let spec = try KernelSpec.install(.prefix(dir), executable: "/opt/bin/rls", interruptMode: "signal")
    XCTAssertEqual(spec, dir + "/share/jupyter/kernels/rlscript")
    let json = try JSON.read(path: spec + "/kernel.json")
    XCTAssertEqual(json["argv"], .array(["/opt/bin/rls", "kernel", "{connection_file}"]))
    XCTAssertEqual(json["display_name"]?.string, "RLScript")
    XCTAssertEqual(json["language"]?.string, "rlscript")
    XCTAssertEqual(json["interrupt_mode"]?.string, "signal")
    XCTAssertTrue(FileManager.default.fileExists(atPath: spec + "/logo-64x64.png"))
  }
}
