// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "panelist",
    products: [
        .executable(name: "panelist", targets: ["panelist"]),
        .library(name: "PanelistCore", targets: ["PanelistCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .target(name: "PCRE2", dependencies: ["CPCRE2"]),
        // Hyperscan, loaded at run time with dlopen: builds and runs without it (PCRE2 alone then).
        .target(name: "CHyperscan", linkerSettings: [.linkedLibrary("dl")]),
        // Turns rules/*.yaml into Swift source so the binary carries default rules.
        .executableTarget(name: "embed-rules", path: "Sources/EmbedRules"),
        .plugin(name: "EmbedRulesPlugin", capability: .buildTool(), dependencies: ["embed-rules"]),
        .target(
            name: "PanelistCore",
            dependencies: ["PCRE2", "CHyperscan", .product(name: "Yams", package: "Yams")],
            plugins: ["EmbedRulesPlugin"]
        ),
        .executableTarget(
            name: "panelist",
            dependencies: ["PanelistCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "PCRE2Tests", dependencies: ["PCRE2"]),
        .testTarget(name: "PanelistCoreTests", dependencies: ["PanelistCore", "PCRE2"]),
        .testTarget(name: "PanelistCLITests", dependencies: ["panelist"]),
    ],
    swiftLanguageModes: [.v5]
)
