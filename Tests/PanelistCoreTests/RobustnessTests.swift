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

    /// Every rule alone on pathological subjects: the repository's rules pass, a runaway one is named.
    func testRulesAreStressedAloneAtCheckTime() throws {
        let (files, problems) = RuleSet.check(try RuleLoader.files(inDirectory: Repo.path("rules")))
        XCTAssertEqual(problems, [])
        XCTAssertEqual(RuleStress.problems(files).map(\.description), [])
        let (bad, _) = RuleSet.check([("rules/hostile.yaml", rule("(?:a+)+$", id: "persona.dx.runaway") + "  - id: persona.dx.fine\n    label: dx\n    pattern: 'ship'\n")])
        let found = RuleStress.problems(bad)
        XCTAssertEqual(found.map(\.ruleID), ["persona.dx.runaway"])
        XCTAssertEqual(found.first?.mark.line, 8)
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
    /// A mention that runs past its sentence's end ("Bolt. New …", as the discovery rules can
    /// capture) once crashed the works-with check (a range whose end came before its start).
    func testAMentionRunningPastItsSentenceDoesNotCrash() throws {
        let rules = try Repo.rules()
        let text = "We moved everything to Bolt. New projects start there now."
        let bytes = Array(text.utf8)
        let sentences = SentenceSplitter.sentences(in: text)
        XCTAssertEqual(sentences.count, 2)
        let context = ExtractionContext(text: text, bytes: bytes, index: TextIndex(text), sentences: sentences, subject: nil)
        let start = text.utf8.count - "Bolt. New projects start there now.".utf8.count
        let mention = start..<(start + "Bolt. New".utf8.count)
        XCTAssertGreaterThan(mention.upperBound, sentences[0].upperBound)
        _ = CompetitorFinder.worksWith(mention, context: context, rules: rules, session: ScanSession(limits: .standard))
    }

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

/// Nothing lost: every quote of a damaged page (Tests/Fixtures/damaged, made by
/// make.py there) is in the report or named in a diagnostic at its line.
final class ConservationTests: XCTestCase {
    static let rules = try! Repo.rules()
    static let dir = Repo.fixtures + "/damaged"

    /// Each `(qN)` token of the input with its 1-based line, lines ending in LF, CRLF or CR.
    static func tokens(_ path: String) -> [(token: String, line: Int)] {
        let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        var found: [(String, Int)] = []
        var line = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A || (b == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) { line += 1 }
            if b == UInt8(ascii: "("), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "q") {
                var j = i + 2
                while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 { j += 1 }
                if j > i + 2, j < bytes.count, bytes[j] == UInt8(ascii: ")") { found.append((String(decoding: bytes[i...j], as: UTF8.self), line)) }
            }
            i += 1
        }
        return found
    }

    static func tokens(inText text: String) -> [String] {
        var out: [String] = []
        var rest = text[...]
        while let r = rest.range(of: #"\(q[0-9]+\)"#, options: .regularExpression) { out.append(String(rest[r])); rest = rest[r.upperBound...] }
        return out
    }

    /// The check itself: every token reported, or named by a diagnostic at its line
    /// (or the whole file refused with an error); a quote holding two tokens (a
    /// merge) has a diagnostic between them.
    static func assertConserved(_ path: String, file: StaticString = #filePath, line: UInt = #line) {
        let report = CorpusAnalyzer.run(paths: [path], rules: rules)
        let diagnostics = report.diagnostics.filter { $0.file == path }
        let refused = diagnostics.contains { $0.severity == .error && ["reader.encoding", "reader.too-big", "reader.unreadable", "reader.empty"].contains($0.code) }
        let quotes = report.tools.flatMap(\.quotes).filter { $0.occurrences.contains { $0.page == path } }
        let name = (path as NSString).lastPathComponent
        let input = tokens(path)
        XCTAssertFalse(input.isEmpty, "\(name) has no quotes to follow", file: file, line: line)
        var lost: [String] = []
        for (token, at) in input {
            let reported = quotes.contains { tokens(inText: $0.text).contains(token) }
            if !(reported || refused || diagnostics.contains { $0.line == at }) { lost.append("\(token) at line \(at)") }
        }
        XCTAssertEqual(lost, [], "\(name): quotes lost without a word; diagnostics: \(diagnostics.map(\.description))", file: file, line: line)
        for q in quotes {
            let held = tokens(inText: q.text)
            guard held.count > 1 else { continue }
            let lines = input.filter { held.contains($0.token) }.map(\.line)
            let span = (lines.min() ?? 0)...(lines.max() ?? 0)
            XCTAssertTrue(diagnostics.contains { span.contains($0.line) }, "\(name): \(held) merged into one quote in silence", file: file, line: line)
        }
    }

    func testEveryQuoteOfEveryDamagedPageIsReportedOrNamed() throws {
        let pages = try FileManager.default.contentsOfDirectory(atPath: Self.dir).filter { $0.hasSuffix(".txt") }.sorted()
        XCTAssertGreaterThanOrEqual(pages.count, 14)
        for page in pages { Self.assertConserved(Self.dir + "/" + page) }
    }

    /// The one check at the report: a quote no tool card can hold is named with its line and why.
    func testQuotesTheReportCannotHoldAreNamed() {
        var page = Page(path: "p.txt")
        page.tools = [ToolCard(name: "Cursor"), ToolCard(name: " ")]
        for k in 0..<3 { page.quotes.append(Quote(text: "q\(k)", file: "p.txt", index: k + 1, toolIndex: k, line: 10 + k, column: 1)) }
        let named = Conservation.unreported(page)
        XCTAssertEqual(named.map(\.line), [11, 12])
        XCTAssertTrue(named[0].message.contains("no name") && named[1].message.contains("none for it"), "\(named)")
        let analyzer = Analyzer(rules: Self.rules)
        var builder = ReportBuilder(rules: Self.rules, options: AnalyzeOptions())
        builder.add(CorpusAnalyzer.analyze(page: page, with: analyzer))
        let report = builder.build(inputDiagnostics: [], analyzer: analyzer)
        XCTAssertEqual(report.diagnostics.filter { $0.code == "report.quote-unplaced" }.count, 2)
    }

    func testPagesWithCRLFOrCRGiveTheSameReportAsLF() {
        func rendered(_ name: String) -> String {
            let path = Self.dir + "/" + name
            return ReportJSON.render(CorpusAnalyzer.run(paths: [path], rules: Self.rules)).replacingOccurrences(of: path, with: "PAGE")
        }
        let lf = rendered("clean.txt")
        for name in ["crlf.txt", "cr.txt", "crlf-second-half.txt"] { XCTAssertEqual(rendered(name), lf, name) }
    }

    func testDraftsAndJSONLinesWithCRLFLintLikeLF() throws {
        let linter = Linter(rules: Self.rules)
        for name in ["crlf-draft.md", "crlf-quotes.jsonl"] {
            let crlf = try String(contentsOfFile: Self.dir + "/" + name, encoding: .utf8)
            let dir = NSTemporaryDirectory() + "panelist-lf-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let lfPath = dir + "/" + name
            try crlf.replacingOccurrences(of: "\r\n", with: "\n").write(toFile: lfPath, atomically: true, encoding: .utf8)
            let a = linter.lint(file: Self.dir + "/" + name).map { "\($0.diagnostic.line):\($0.diagnostic.code):\($0.diagnostic.message)" }
            let b = linter.lint(file: lfPath).map { "\($0.diagnostic.line):\($0.diagnostic.code):\($0.diagnostic.message)" }
            XCTAssertEqual(a, b, name)
            XCTAssertFalse(a.contains { $0.contains("malformed") }, "\(name): \(a)")
        }
    }

    func testHostileFrontMatterIsRefusedAtItsLine() {
        let linter = Linter(rules: Self.rules)
        for (name, what) in [("deep-front-matter.md", "nests deeper"), ("alias-bomb.md", "aliases")] {
            let findings = linter.lint(file: Self.dir + "/" + name).map(\.diagnostic)
            XCTAssertTrue(findings.contains { $0.message.contains(what) && $0.line > 1 }, "\(name): \(findings)")
        }
    }

    /// A 2 GB file (sparse: no disk used) is refused at once, before it is read; a device is read only up to the limit.
    func testHugeInputsAreRefusedWithBoundedMemory() throws {
        let dir = NSTemporaryDirectory() + "panelist-huge-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/huge.txt"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 2 << 30)
        try handle.close()
        let started = Date()
        let page = PageReader.read(path: path)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertEqual(page.diagnostics.map(\.code), ["reader.too-big"])
        XCTAssertTrue(page.diagnostics[0].message.contains("2147483648 bytes, over the limit of \(InputLimits.standard.maxFileBytes)"), page.diagnostics[0].message)
        let lint = Linter(rules: Self.rules).lint(paths: [dir + "/huge.txt"]).findings.map(\.diagnostic.message)
        XCTAssertTrue(lint.contains { $0.contains("over the limit") }, "\(lint)")
        if case .tooBig(nil) = InputLimits.read(path: "/dev/zero", limit: 1 << 20) {} else { XCTFail("/dev/zero must be given up on past the limit") }
    }

    /// A quote over the limit is analysed up to it, with a warning at its line.
    func testOverlongQuoteIsCutWithAWarning() throws {
        let saved = InputLimits.active
        InputLimits.active.maxQuoteBytes = 50_000
        defer { InputLimits.active = saved }
        let dir = NSTemporaryDirectory() + "panelist-long-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var lines = try String(contentsOfFile: Self.dir + "/clean.txt", encoding: .utf8).components(separatedBy: "\n")
        let at = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("\u{201C}(q2)") })
        lines[at] = "\u{201C}(q2) " + String(repeating: "The primitive is clean — ship it. ", count: 5_000) + "\u{201D}"
        let path = dir + "/long.txt"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let report = CorpusAnalyzer.run(paths: [path], rules: Self.rules)
        let warning = try XCTUnwrap(report.diagnostics.first { $0.code == "reader.quote-too-long" })
        XCTAssertEqual(warning.line, at + 1)
        let quote = try XCTUnwrap(report.tools.flatMap(\.quotes).first { $0.text.hasPrefix("(q2)") })
        XCTAssertLessThanOrEqual(quote.text.utf8.count, 50_000)
        XCTAssertTrue(quote.truncated)
        Self.assertConserved(path)
    }
}
