import Foundation
import PCRE2
@testable import PanelistCore
import XCTest

/// Rules and YAML that must not break the engine: every one is refused with its file, rule id and offset.
final class RuleRobustnessTests: XCTestCase {
    static let header = "kind: persona\nsettings:\n  labels: [dx, business]\nrules:\n"

    func problems(_ yaml: String, file: String = "rules/hostile.yaml") -> [RuleProblem] {
        RuleSet.check([(file, yaml)]).1
    }

    func rule(_ pattern: String, id: String = "persona.dx.hostile", weight: String = "1") -> String {
        Self.header + "  - id: \(id)\n    label: dx\n    weight: \(weight)\n    pattern: '\(pattern)'\n"
    }

    /// The crash in the issue: a rule's own (*MARK) or callout passed `rules check`, then `analyze` died.
    func testVerbsCalloutsAndKeepOutAreRejectedWithFileRuleAndOffset() {
        let cases: [(String, String, Int)] = [
            ("abc(*MARK:99999)", "(*MARK", 3),
            ("ab(*:x)c", "(*:", 2),
            ("(?C1)abc", "(?C", 0),
            ("a(?C\"x\")b", "(?C", 1),
            ("ab(*ACCEPT)c", "(*ACCEPT", 2),
            ("a(*COMMIT)b", "(*COMMIT", 1),
            ("a(*PRUNE)b", "(*PRUNE", 1),
            ("a(*SKIP)b", "(*SKIP", 1),
            ("a(*THEN)b|c", "(*THEN", 1),
            ("(*LIMIT_MATCH=1)a", "(*LIMIT_MATCH=1", 0),
            ("foo\\Kbar", "\\K", 3),
            ("a(?R)?b", "(?R", 1),
            ("(a)(?1)", "(?1", 3),
            ("(?<n>a)(?&n)", "(?&", 7),
            ("(a)(?(1)b|c)", "(?(1", 3),
            ("(?<n>a)\\g<n>", "\\g<", 7),
        ]
        for (pattern, construct, offset) in cases {
            let p = problems(rule(pattern))
            XCTAssertEqual(p.count, 1, "\(pattern): \(p)")
            guard let first = p.first else { continue }
            XCTAssertEqual(first.mark.file, "rules/hostile.yaml")
            XCTAssertEqual(first.mark.line, 8, pattern)
            XCTAssertEqual(first.ruleID, "persona.dx.hostile")
            XCTAssertTrue(first.message.contains("'\(construct)' at offset \(offset)"), "\(pattern): \(first.message)")
        }
    }

    func testHarmlessLookalikesAreAccepted() {
        for pattern in ["(?<!\\w)ship(?!\\w)", "(*pla:ship)ship", "(*atomic:a+)b", "[(*MARK)]x", "\\Q(*MARK)\\E", "(?i)ship", "(?#(*MARK)ship", "\\(\\*MARK"] {
            XCTAssertEqual(problems(rule(pattern)), [], pattern)
        }
    }

    /// The crash in the issue: ±1e308 crashed the vote or printed -nan.
    func testWeightsMustBeFiniteAndInRange() {
        for weight in ["1e308", "-1e308", "1e400", ".nan", "nan", "inf", "-.inf", "1001"] {
            let p = problems(rule("ship", weight: weight))
            XCTAssertEqual(p.count, 1, "\(weight): \(p)")
            XCTAssertEqual(p.first?.ruleID, "persona.dx.hostile")
            XCTAssertEqual(p.first?.mark.line, 7)
            XCTAssertTrue(p.first?.message.contains("'weight' must be a number from -1000 to 1000") ?? false, p.first?.message ?? "")
        }
        XCTAssertEqual(problems(rule("ship", weight: "-1000")), [])
        let setting = problems("kind: persona\nsettings:\n  labels: [dx]\n  slot_prior: 1e308\nrules: []\n")
        XCTAssertEqual(setting.first?.mark.line, 4)
        XCTAssertTrue(setting.first?.message.contains("slot_prior") ?? false)
    }

    /// Even sums and products of in-range weights never print nan or inf.
    func testTheVoteStaysFinite() {
        let huge = (0..<10).map { Evidence(rule: "r\($0)", label: $0 % 2 == 0 ? "ship" : "skip", weight: 1e308, span: nil, text: "") }
        let d = Decision.decide(labels: ["ship", "skip"], evidence: huge, minConfidence: 0.5)
        XCTAssertTrue(d.confidence.isFinite)
        XCTAssertTrue(d.scores.allSatisfy { $0.score.isFinite })
        let nan = Decision.decide(labels: ["ship", "skip"], evidence: [Evidence(rule: "r", label: "ship", weight: .nan, span: nil, text: "")], minConfidence: 0.5)
        XCTAssertTrue(nan.confidence.isFinite)
    }

    /// The crash in the issue: YAML nested 5,000 deep overflowed the stack in the parser.
    func testDeepYAMLIsRefusedBeforeTheParser() {
        let deep = "kind: persona\nrules:\n  - id: x\n    pattern: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n"
        let p = problems(deep)
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p.first?.mark.file, "rules/hostile.yaml")
        XCTAssertEqual(p.first?.mark.line, 4)
        XCTAssertTrue(p.first?.message.contains("nests deeper than 64") ?? false, "\(p)")
        var block = "kind: persona\nrules:\n"
        for d in 0..<200 { block += String(repeating: " ", count: 2 * d) + "- \n" }
        XCTAssertTrue(problems(block).first?.message.contains("nests deeper") ?? false, "\(problems(block).prefix(2))")
    }

    /// The issue's alias bomb ran for over a minute; now it is refused at once.
    func testAliasBombIsRefused() {
        var yaml = "kind: persona\nsettings:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { yaml += "  a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "rules: []\n"
        let started = Date()
        let p = problems(yaml)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(p.count, 1)
        XCTAssertTrue(p.first?.message.contains("expands to more than") ?? false, "\(p)")
        XCTAssertGreaterThan(p.first?.mark.line ?? 0, 3)
    }

    /// The issue's 50 MB rule file took 147 s and failed without a name; now it is refused by its size, named.
    func testTooBigRuleFileIsRefusedNamingTheFile() throws {
        let dir = NSTemporaryDirectory() + "panelist-big-rules-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/big.yaml"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(YAMLLimits.rules.maxBytes + 1)) // sparse: no disk used
        try handle.close()
        XCTAssertThrowsError(try RuleSet.load(directory: dir)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("big.yaml") && text.contains("over the limit"), text)
        }
        XCTAssertNotNil(YAMLGuard.check(String(repeating: "#", count: YAMLLimits.rules.maxBytes + 1), limits: .rules))
    }

    /// Draft front matter is untrusted: the same bounds, the draft's line in the message.
    func testDeepFrontMatterIsAMalformedDraftAtItsLine() {
        let draft = "---\ntool: Cursor\nx: " + String(repeating: "{a: ", count: 5_000) + "1" + String(repeating: "}", count: 5_000) + "\n---\nA quote.\n"
        let (items, problems) = LintInputs.draft(path: "d.md", text: draft)
        XCTAssertEqual(items.count, 0)
        XCTAssertEqual(problems.first?.diagnostic.line, 3)
        XCTAssertTrue(problems.first?.diagnostic.message.contains("nests deeper") ?? false, "\(problems)")
        var bomb = "---\ntool: Cursor\na: &a [x, x, x, x, x, x, x, x]\n"
        for i in 1...8 { bomb += "a\(i): &a\(i) [" + Array(repeating: i == 1 ? "*a" : "*a\(i - 1)", count: 8).joined(separator: ", ") + "]\n" }
        bomb += "---\nA quote.\n"
        XCTAssertTrue(LintInputs.draft(path: "d.md", text: bomb).1.first?.diagnostic.message.contains("aliases") ?? false)
    }
}

/// Time and memory bounded whatever the quote: offsets from one running index, hits capped.
final class BoundsTests: XCTestCase {
    /// The issue: every hit's offset was recounted from byte 0, so time grew with length × hits.
    func testTextIndexAnswersAnyOffsetWithoutRecounting() {
        let unit = "né — “ok” 🚀 plain ascii text\n"
        let text = String(repeating: unit, count: 40_000) // ~1.4 MB, multibyte throughout
        let bytes = Array(text.utf8)
        let index = TextIndex(text)
        let started = Date()
        var total = 0
        for k in 0..<200_000 { total &+= index.scalarOffset(ofByte: (k &* 7_919) % bytes.count) }
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "200,000 lookups must not each scan the text")
        for offset in [0, 1, 2, 63, 64, 65, 1_000, bytes.count / 2, bytes.count - 1, bytes.count] {
            // On a character boundary or not, the count of scalars that start before the offset.
            let naive = bytes[0..<offset].filter { $0 & 0xC0 != 0x80 }.count
            XCTAssertEqual(index.scalarOffset(ofByte: offset), naive, "offset \(offset)")
        }
        let unitScalars = unit.unicodeScalars.count
        XCTAssertEqual(index.position(ofByte: unit.utf8.count * 3 + 4), TextPosition(line: 4, column: 4))
        XCTAssertEqual(index.scalarOffset(ofByte: unit.utf8.count * 10), unitScalars * 10)
        XCTAssertNotEqual(total, -1)
    }

    /// The issue: `(a+)+$` on a long matching quote grew the hit list to 21 GB. Now the
    /// scan stops at the cap and the note names the rule.
    func testCatastrophicRuleStopsAtTheHitCapNamingTheRule() throws {
        let yaml = "kind: persona\nsettings:\n  labels: [dx]\nrules:\n  - id: persona.dx.runaway\n    label: dx\n    pattern: '(?:a+)+$'\n"
        let set = try RuleSet.compile([("p.yaml", yaml)], origin: "test")
        let analysis = Analyzer(rules: set).analyze(String(repeating: "a", count: 100_000))
        let note = try XCTUnwrap(analysis.limitNote)
        XCTAssertTrue(note.contains("persona.dx.runaway") && note.contains("matched more than \(HitCaps.standard.perMark) times"), note)
        XCTAssertLessThanOrEqual(analysis.personaEvidence.count, HitCaps.standard.perMark)
    }

    /// Hits found before a limit stopped a scan still count.
    func testHitsBeforeALimitAreKept() throws {
        let pattern = try Pattern("(?:ship)(*MARK:0)(?C1)|(?:b+)+$(*MARK:1)(?C1)")
        let matcher = Matcher(pattern)
        var text = "ship ship " + String(repeating: "b", count: 5_000)
        let (matches, error) = text.withUTF8 { matcher.scanAll(in: $0, caps: HitCaps(perMark: 100, total: 1_000)) }
        XCTAssertEqual(error, .hitLimit(mark: "1", limit: 100))
        XCTAssertEqual(matches.filter { $0.mark == 0 }.count, 2)
    }
}
