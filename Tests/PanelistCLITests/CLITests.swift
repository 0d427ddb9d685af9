import Foundation
import XCTest

/// End to end: the built `panelist` binary, its output and exit codes.
final class CLITests: XCTestCase {
    static let root = Binary.root
    func run(_ args: [String], cwd: URL = Binary.root) throws -> Binary.Run { try Binary.run(args, cwd: cwd) }

    func testAnalyzeCorpusByDefault() throws {
        let r = try run(["analyze"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("panelist: 17 pages"), r.stdout)
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

    /// The JSON report is spilled to an unnamed file in TMPDIR: the same bytes with one or two
    /// workers, nothing left in TMPDIR or beside the inputs, and a clear error when TMPDIR is unusable.
    func testJSONReportSpillsToTMPDIRAndIsTheSameWithOneAndTwoWorkers() throws {
        let tmp = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let args = ["analyze", "corpus", "Tests/Fixtures/pages", "Tests/Fixtures/damaged", "--format", "json"]
        let one = try Binary.run(args + ["-j", "1"], environment: ["TMPDIR": tmp.path])
        let two = try Binary.run(args + ["-j", "2"], environment: ["TMPDIR": tmp.path])
        XCTAssertEqual(one.status, 1, one.stderr) // the fixtures have errors
        XCTAssertFalse(one.stdout.isEmpty)
        XCTAssertEqual(one.stdout, two.stdout)
        XCTAssertEqual(one.stderr, two.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path), [])

        let missing = tmp.appendingPathComponent("no-such-dir").path
        let bad = try Binary.run(["analyze", "corpus", "--format", "json"], environment: ["TMPDIR": missing])
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stdout, "")
        XCTAssertTrue(bad.stderr.hasPrefix("panelist: cannot make a temporary file in \(missing): No such file or directory; set TMPDIR"), bad.stderr)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)
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
        XCTAssertEqual(check.status, 2, "a bad rule is a rule error: exit 2, as the README says")
    }

    func testHelpAndUsageErrors() throws {
        let help = try run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("analyze"))
        let bad = try run(["analyze", "--format", "yaml"])
        XCTAssertEqual(bad.status, 2)
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

    /// `rules fit` learns from labelled pages, is deterministic, and writes a note saying where the weights came from.
    func testRulesFitWritesWeightsWithTheirOrigin() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("panelist-fit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in try FileManager.default.contentsOfDirectory(atPath: "rules") where name.hasSuffix(".yaml") {
            try FileManager.default.copyItem(atPath: "rules/" + name, toPath: dir.path + "/" + name)
        }
        let args = ["rules", "fit", "--labels", "Tests/Fixtures/labels", "--rules", dir.path, "--date", "2026-01-01", "--dry-run", "--", "corpus"]
        let a = try run(args), b = try run(args)
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(a.stdout, b.stdout)
        XCTAssertTrue(a.stdout.contains("stance: "), a.stdout)
        let w = try run(Array(args.filter { $0 != "--dry-run" }))
        XCTAssertEqual(w.status, 0, w.stderr)
        let stance = try String(contentsOfFile: dir.path + "/stance.yaml", encoding: .utf8)
        XCTAssertTrue(stance.hasPrefix("# Weights fitted by 'panelist rules fit' on 2026-01-01 from Tests/Fixtures/labels"), String(stance.prefix(200)))
        XCTAssertEqual(try run(["rules", "check", "--rules", dir.path]).status, 0)
    }

    func testExplainShowsTheVerdictSentenceAndWhy() throws {
        let r = try run(["explain", "--text", "The docs are lovely and setup took a minute. Pass."])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("stance: skip"), r.stdout)
        XCTAssertTrue(r.stdout.contains("verdict sentence [45,50): “Pass.”"), r.stdout)
        XCTAssertTrue(r.stdout.contains("why it weighs most: the latest sentence with an explicit verdict"), r.stdout)
        XCTAssertTrue(r.stdout.contains("modified by verdict-sentence"), r.stdout)
    }
}

final class RulesCheckCLITests: XCTestCase {
    /// One broken rule file per kind of error; `rules check` reports each with its file and line.
    func testEachErrorKindIsReportedWithFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("panelist-broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = "kind: persona\nsettings:\n  labels: [dx, business]\nrules:\n"
        let files: [(String, String, String)] = [
            ("a-yaml.yaml", "kind: persona\nrules:\n  - id: x\n    pattern: [oops\n", "a-yaml.yaml:5:1: YAML error"),
            ("b-unknown-field.yaml", header + "  - id: p.b\n    label: dx\n    pattern: 'b'\n    colour: red\n", "b-unknown-field.yaml:8:5: rule p.b: unknown field 'colour'"),
            ("c-missing-field.yaml", header + "  - id: p.c\n    label: dx\n", "c-missing-field.yaml:5:5: rule p.c: needs 'pattern' or 'patterns'"),
            ("d-bad-regex.yaml", header + "  - id: p.d\n    label: dx\n    pattern: 'a(b'\n", "d-bad-regex.yaml:7:14: rule p.d: bad pattern: missing closing parenthesis at offset 3"),
            ("e-duplicate.yaml", header + "  - id: p.b\n    label: dx\n    pattern: 'e'\n", "e-duplicate.yaml:5:5: rule p.b: duplicate id: first defined at"),
            ("f-unknown-persona.yaml", header + "  - id: p.f\n    label: wizard\n    pattern: 'f'\n", "f-unknown-persona.yaml:5:5: rule p.f: unknown persona 'wizard'"),
            ("g-unknown-category.yaml", "kind: risk\nsettings:\n  labels: [market]\nrules:\n  - id: r.g\n    label: weather\n    pattern: 'g'\n", "g-unknown-category.yaml:5:5: rule r.g: unknown risk category 'weather'"),
            ("h-example.yaml", header + "  - id: p.h\n    label: dx\n    pattern: 'docs'\n    examples:\n      match: [\"documentation\"]\n", "h-example.yaml:9:15: rule p.h: example should match but does not"),
            ("i-unknown-kind.yaml", "kind: wizardry\nrules: []\n", "i-unknown-kind.yaml:1:7: unknown kind 'wizardry'"),
        ]
        for (name, text, _) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let r = try Binary.run(["rules", "check", "--rules", dir.path])
        XCTAssertEqual(r.status, 2)
        for (_, _, expected) in files {
            XCTAssertTrue(r.stdout.contains(dir.path + "/" + expected), "missing: \(expected)\n\(r.stdout)")
        }
    }
}

final class LintCLITests: XCTestCase {
    func testExitCodes() throws {
        let clean = try Binary.run(["lint", "Tests/Fixtures/drafts/dx-complete.md"])
        XCTAssertEqual(clean.status, 0, clean.stdout)
        XCTAssertEqual(clean.stdout, "0 errors, 0 warnings, 0 info in 1 file\n")
        let warnings = try Binary.run(["lint", "corpus/000_0a16dc68769498f0.txt"])
        XCTAssertEqual(warnings.status, 0)
        XCTAssertTrue(warnings.stdout.contains(": info: missing "), "quote checks on a published page are infos")
        let errors = try Binary.run(["lint", "Tests/Fixtures/drafts/broken.jsonl", "--format", "github"])
        XCTAssertEqual(errors.status, 1)
        XCTAssertTrue(errors.stdout.hasPrefix("::error file=Tests/Fixtures/drafts/broken.jsonl,line=2,col=1,title=lint.input.malformed::"), errors.stdout)
        let usage = try Binary.run(["lint", "--format", "xml"])
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.stderr.contains("xml"), usage.stderr)
    }

    func testConfigFileFromWorkingDirectoryAndFlag() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A copy outside the repository, so only the working directory's config applies.
        let draft = dir.appendingPathComponent("broken.jsonl").path
        try FileManager.default.copyItem(atPath: Binary.root.appendingPathComponent("Tests/Fixtures/drafts/broken.jsonl").path, toPath: draft)
        try "rules:\n  lint.input.malformed: info\n".write(to: dir.appendingPathComponent(".panelist.yml"), atomically: true, encoding: .utf8)
        let relaxed = try Binary.run(["lint", draft, "--format", "json"], cwd: dir)
        XCTAssertEqual(relaxed.status, 0, relaxed.stderr)
        XCTAssertTrue(relaxed.stdout.contains("\"level\": \"info\""))
        try "rules:\n  lint.input.malformed: loud\n".write(to: dir.appendingPathComponent("bad.yml"), atomically: true, encoding: .utf8)
        let bad = try Binary.run(["lint", draft, "--config", dir.appendingPathComponent("bad.yml").path], cwd: dir)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("bad.yml:2:25: rule lint.input.malformed: level must be error, warning, info or off"), bad.stderr)
    }

    func testSuppressionAndSARIF() throws {
        let suppressed = try Binary.run(["lint", "Tests/Fixtures/drafts/suppressed.md"])
        XCTAssertEqual(suppressed.stdout, "0 errors, 0 warnings, 0 info in 1 file\n")
        let sarif = try Binary.run(["lint", "corpus", "--format", "sarif"])
        XCTAssertEqual(sarif.status, 0)
        let object = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(object["version"] as? String, "2.1.0")
    }
}

final class StatedEvalCLITests: XCTestCase {
    func testEvalAgainstStatedVerdicts() throws {
        let r = try Binary.run(["eval", "--labels", "stated", "corpus"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("panelist eval --labels stated: 20 stated verdicts on 3 pages"), r.stdout)
        XCTAssertTrue(r.stdout.contains("stance against stated verdicts: accuracy"), r.stdout)
        let json = try Binary.run(["eval", "--labels", "stated", "corpus/tool-pages", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(object["schema"] as? String, "panelist.eval-stated/1")
        XCTAssertEqual((object["stance"] as! [String: Any])["total"] as? Int, 4)
        let bare = try Binary.run(["eval", "--labels", "stated"])
        XCTAssertEqual(bare.status, 2)
    }
}
