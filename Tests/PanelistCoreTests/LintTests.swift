@testable import PanelistCore
import XCTest

final class LintTests: XCTestCase {
    static let rules = try! Repo.rules()
    let drafts = Repo.fixtures + "/drafts"

    func findings(_ paths: [String], config: LintConfig = LintConfig()) -> [Diagnostic] {
        Linter(rules: Self.rules, config: config).lint(paths: paths).findings.map(\.diagnostic)
    }

    func testCompleteDraftsAreClean() {
        for persona in ["dx", "competitor", "futurist", "business"] {
            XCTAssertEqual(findings(["\(drafts)/\(persona)-complete.md"]), [], persona)
        }
    }

    /// For each persona, a draft lacking exactly one section gets exactly that diagnostic, at the quote's first line.
    func testEachMissingSectionIsReportedAlone() throws {
        let sections: [String: [String]] = [
            "dx": ["section.dx.primitive", "section.dx.bet", "section.dx.moment-of-truth", "section.dx.weekend"],
            "competitor": ["section.competitor.rivals", "section.competitor.breaks", "section.competitor.kills", "section.competitor.wrong"],
            "futurist": ["section.futurist.thesis", "section.futurist.go-right", "section.futurist.second-order", "section.futurist.trend"],
            "business": ["section.business.buyer", "section.business.moat", "section.business.stress-test", "section.business.verdict"],
        ]
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("panelist-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        for (persona, ids) in sections {
            let lines = try String(contentsOfFile: "\(drafts)/\(persona)-complete.md", encoding: .utf8).components(separatedBy: "\n")
            for (k, id) in ids.enumerated() {
                var variant = lines
                variant.remove(at: 6 + k) // body lines 7…10 carry one section each
                let path = tmp.appendingPathComponent("\(persona)-\(k).md").path
                try variant.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
                let got = findings([path])
                XCTAssertEqual(got.map(\.code), [id], "\(persona) without line \(7 + k)")
                XCTAssertEqual(got.first?.line, 7)
                XCTAssertEqual(got.first?.column, 1)
                XCTAssertTrue(got.first?.message.contains("(\(persona))") ?? false)
            }
        }
    }

    func testSuppressionComment() {
        XCTAssertEqual(findings(["\(drafts)/suppressed.md"]), [])
    }

    func testConfigChangesLevelsAndTurnsRulesOff() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("panelist-\(UUID().uuidString).yml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "rules:\n  lint.input.malformed: warning\n  lint.page.truncated: off\n".write(toFile: path, atomically: true, encoding: .utf8)
        let config = try LintConfig.load(path: path)
        let got = findings(["\(drafts)/broken.jsonl", Repo.path("corpus/cut-off-devin-vs-openhands.txt")], config: config)
        XCTAssertEqual(got.map(\.code), ["lint.input.malformed", "lint.input.malformed"])
        XCTAssertEqual(Set(got.map(\.severity)), [.warning])
        XCTAssertThrowsError(try { try "rules:\n  x: loud\n".write(toFile: path, atomically: true, encoding: .utf8); _ = try LintConfig.load(path: path) }())
    }

    func testDeclaredPersonaAndStanceMismatchShowEvidence() {
        let item = LintItem(file: "d.md", line: 3, column: 1, tool: "Tiller", declaredPersona: "business", declaredStance: "skip",
                            text: "At its core it is a tiny SDK, the DX bet is zero config, the first ten minutes were painless and the docs are good. You could build it yourself in a weekend, but I'd ship it today without a second thought.",
                            slot: nil, subject: ToolCard(name: "Tiller"))
        let got = Linter(rules: Self.rules).lint(item: item).map(\.diagnostic)
        let persona = got.first { $0.code == "lint.persona.mismatch" }
        XCTAssertNotNil(persona)
        XCTAssertTrue(persona?.message.contains("rules find dx") ?? false, persona?.message ?? "")
        XCTAssertTrue(persona?.message.contains("persona.dx.") ?? false)
        XCTAssertTrue(got.contains { $0.code == "lint.stance.mismatch" && $0.message.contains("rules find ship") })
    }

    func testPageChecks() {
        let odd = findings([Repo.fixtures + "/pages/odd-quotes.txt"])
        XCTAssertTrue(odd.contains { $0.code == "lint.page.odd-quotes" && $0.severity == .error })
        XCTAssertTrue(odd.contains { $0.code == "lint.page.panel-missing" && $0.message.contains("N/A") && $0.line == 17 })
        let seeds = findings([Repo.path("corpus/000_0a16dc68769498f0.txt"), Repo.path("corpus/001_039fe896cf5aa479.txt")])
        XCTAssertFalse(seeds.contains { $0.severity == .error }, "\(seeds.filter { $0.severity == .error })")
        let three = findings([Repo.path("corpus/plain-beads-vs-code-llama.txt")])
        XCTAssertEqual(three.filter { $0.code == "lint.page.missing-slot" }.count, 2)
    }

    func testPanelThatDisagreesWithItsQuotes() {
        let text = """
        AI tool comparison
        Foo vs Bar
        Which one should you ship with?
        Developer Tools
        Foo
        A tool
        100%
        Panel ship
        —
        Community
        Free
        Entry
        Foo does things.
        Developer Tools
        Bar
        Another tool
        0%
        Panel ship
        —
        Community
        Paid
        Entry
        Bar does things.
        Reviewer scorecard
        “The primitive is a tiny CLI and the first ten minutes are painless, but the docs are thin. I'd skip it for now.”
        “Setup took an hour and the docs are thin, but the core idea is sound. I'd ship it anyway.”
        Weekly AI Tool Verdicts
        """
        let got = Linter(rules: Self.rules).lint(page: PageReader.parse(text, path: "p.txt")).map(\.diagnostic)
        let disagree = got.filter { $0.code == "lint.page.panel-disagrees" }
        XCTAssertEqual(disagree.map(\.line), [7, 17])
        XCTAssertTrue(disagree[0].message.contains("states 100% but the quotes give 0%"))
    }

    func testOutputFormats() throws {
        let result = Linter(rules: Self.rules).lint(paths: ["\(drafts)/broken.jsonl", Repo.fixtures + "/pages/odd-quotes.txt"])
        XCTAssertTrue(result.hasErrors)
        let text = LintPrinters.text(result, color: false)
        XCTAssertTrue(text.contains("broken.jsonl:2:1: error: not a JSON object"))
        XCTAssertFalse(text.contains("\u{1B}["))
        XCTAssertTrue(LintPrinters.text(result, color: true).contains("\u{1B}[1;31merror\u{1B}[0m"))
        let github = LintPrinters.github(result)
        XCTAssertTrue(github.contains("::error file="), github)
        XCTAssertTrue(github.contains(",line=2,col=1,title=lint.input.malformed::"))
        let json = try JSONSerialization.jsonObject(with: Data(LintPrinters.json(result).utf8)) as! [String: Any]
        XCTAssertEqual((json["summary"] as! [String: Any])["errors"] as? Int, result.count(.error))
        let sarif = try JSONSerialization.jsonObject(with: Data(LintPrinters.sarif(result).utf8)) as! [String: Any]
        XCTAssertEqual(sarif["version"] as? String, "2.1.0")
        let run = (sarif["runs"] as! [[String: Any]])[0]
        XCTAssertEqual((run["results"] as! [Any]).count, result.findings.count)
    }

    /// The SARIF output validates against the official schema (python3 + jsonschema, ../shared present).
    func testSARIFValidatesAgainstTheOfficialSchema() throws {
        let schema = Repo.shared + "/schemas/sarif-schema-2.1.0.json"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: schema), "../shared/schemas is not beside this checkout: SARIF schema validation skipped")
        let result = Linter(rules: Self.rules).lint(paths: [Repo.path("corpus"), drafts])
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("panelist-\(UUID().uuidString).sarif")
        defer { try? FileManager.default.removeItem(at: out) }
        try LintPrinters.sarif(result).write(to: out, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Repo.path(".ci/validate-json.py"), schema, out.path]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try XCTSkipIf(process.terminationStatus == 2, "python3 jsonschema is not installed: \(output)")
        XCTAssertEqual(process.terminationStatus, 0, output)
    }
}
