// swift-tools-version:6.0
import PackageDescription

/// The interpreter core runs with Swift's exclusivity checks off: every
/// user-visible check (index range, types, shapes) is an explicit RLScript error.
let fastCore: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

let package = Package(
  name: "RLScript",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "rls", targets: ["rls"]),
    .library(name: "RLSLibrary", targets: ["RLSLibrary"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    // C system libraries (Debian packages, found through pkg-config).
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CReadline", pkgConfig: "readline", providers: [.apt(["libreadline-dev"])]),
    .systemLibrary(name: "CJansson", pkgConfig: "jansson", providers: [.apt(["libjansson-dev"])]),
    .systemLibrary(name: "CZMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),

    .target(name: "RLSNumerics", dependencies: ["CBLAS"]),
    .target(name: "RLSJSON", dependencies: ["CJansson"]),
    .target(name: "RLSPrimitives", dependencies: ["RLSNumerics"]),
    .target(name: "RLSCore", dependencies: ["RLSNumerics"], swiftSettings: fastCore),
    .target(
      name: "RLSLibrary",
      dependencies: ["RLSCore", "RLSPrimitives", "RLSJSON", "RLSNumerics"]),
    .target(name: "RLSRepl", dependencies: ["RLSLibrary", "RLSCore", "CReadline"]),
    .target(
      name: "RLSKernel",
      dependencies: [
        "RLSLibrary", "RLSCore", "RLSJSON", "CZMQ",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .executableTarget(
      name: "rls",
      dependencies: [
        "RLSRepl", "RLSKernel", "RLSLibrary", "RLSCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // Start-up: a statically linked Swift runtime and Foundation spare the
      // dynamic loader most of its symbol binding (about a third of `rls run`
      // on an empty file). Same as `swift build --static-swift-stdlib`.
      linkerSettings: [
        .unsafeFlags([
          "-static-stdlib", "-Xlinker", "--start-group", "-lFoundation", "-lFoundationInternationalization",
          "-lFoundationEssentials", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCollections",
          "-l_FoundationCShims", "-Xlinker", "--end-group",
        ])
      ]),

    .testTarget(name: "RLSNumericsTests", dependencies: ["RLSNumerics"]),
    .testTarget(name: "RLSJSONTests", dependencies: ["RLSJSON"]),
    .testTarget(name: "RLSPrimitivesTests", dependencies: ["RLSPrimitives", "RLSNumerics"]),
    .testTarget(name: "RLSCoreTests", dependencies: ["RLSCore"]),
    .testTarget(name: "RLSLibraryTests", dependencies: ["RLSLibrary", "RLSCore", "RLSPrimitives"]),
    .testTarget(name: "RLSKernelTests", dependencies: ["RLSKernel", "RLSLibrary", "RLSCore", "RLSJSON"]),
  ],
  swiftLanguageModes: [.v5]
)
