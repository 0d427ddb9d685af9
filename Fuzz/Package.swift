// swift-tools-version:6.0
// The libFuzzer target. `make fuzz-build` lays this package out in .build/fuzz-package
// with the main package's sources linked in, and builds it with ASan and libFuzzer's
// coverage (see docs/robustness.md). It has no build-tool plugin: the embed-rules
// plugin's tool would be built with the same flags, so the rules are read from
// rules/ at run time instead (RulesAtRunTime.swift).
import PackageDescription

let package = Package(
    name: "panelist-fuzz",
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .target(name: "PCRE2", dependencies: ["CPCRE2"]),
        .target(name: "CHyperscan", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "PanelistCore", dependencies: ["PCRE2", "CHyperscan", .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "panelist-fuzz", dependencies: ["PanelistCore"]),
    ],
    swiftLanguageModes: [.v5]
)
