import Foundation
import XCTest

/// End to end: the built `panelist` binary, its output and exit codes.
final class CLITests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        let candidates = [Bundle.main.bundleURL, Bundle(for: CLITests.self).bundleURL.deletingLastPathComponent()]
        for dir in candidates {
            let url = dir.appendingPathComponent("panelist")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return root.appendingPathComponent(".build/debug/panelist")
    }

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    func run(_ args: [String], cwd: URL = CLITests.root) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = args
        process.currentDirectoryURL = cwd
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    func testAnalyzeCorpusByDefault() throws {
        let r = try run(["analyze"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("panelist: 6 pages"), r.stdout)
        XCTAssertTrue(r.stdout.contains("SmolAgents 2.0"))
    }

    func testAnalyzeJSONToFile() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("panelist-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try run(["analyze", "corpus", "--format", "json", "--output", out.path, "--no-slot-prior"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as! [String: Any]
        XCTAssertEqual(object["slot_prior"] as? Bool, false)
    }

    func testBuiltInRulesWhenNoRulesDirectory() throws {
        let tmp = FileManager.default.temporaryDirectory
        let r = try run(["analyze", Self.root.appendingPathComponent("corpus/000_0a16dc68769498f0.txt").path, "--format", "markdown"], cwd: tmp)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("# panelist report"))
    }

    func testMissingPathIsOneLineErrorAndExit1() throws {
        let r = try run(["analyze", "no/such/dir", "--format", "json"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "panelist: no/such/dir:1:1: error: no such file or directory: check the path [input.missing]\n")
    }

    func testBadPagesExit1ButReportTheRest() throws {
        let r = try run(["analyze", "Tests/Fixtures/pages", "corpus/000_0a16dc68769498f0.txt"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("SmolAgents 2.0"))
        XCTAssertTrue(r.stdout.contains("Tests/Fixtures/pages/empty.txt:1:1: error: the file is empty"))
    }

    func testBadRulesDirectoryExit2() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("panelist-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "kind: persona\nsettings:\n  labels: [dx]\nrules:\n  - id: persona.dx.bad\n    label: dx\n    pattern: 'a(b'\n".write(to: dir.appendingPathComponent("personas.yaml"), atomically: true, encoding: .utf8)
        let r = try run(["analyze", "--rules", dir.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("personas.yaml:7:14: rule persona.dx.bad: bad pattern: missing closing parenthesis at offset 3"), r.stderr)
        let check = try run(["rules", "check", "--rules", dir.path])
        XCTAssertEqual(check.status, 1)
    }

    func testHelpAndUsageErrors() throws {
        let help = try run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("analyze"))
        let bad = try run(["analyze", "--format", "yaml"])
        XCTAssertNotEqual(bad.status, 0)
    }

    func testRulesTestPrintsClosingLine() throws {
        let r = try run(["rules", "test"])
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix(" passed, 0 failed\n"), r.stdout)
    }

    func testExplainNamesTheDecidingRules() throws {
        let r = try run(["explain", "corpus/000_0a16dc68769498f0.txt#2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("persona: dx"))
        XCTAssertTrue(r.stdout.contains("persona.dx.primitive"))
        XCTAssertTrue(r.stdout.contains("stance: ship"))
        XCTAssertTrue(r.stdout.contains("stance.ship.noun"))
        XCTAssertTrue(r.stdout.contains("slot"))
    }
}
