import PCRE2
@testable import PanelistCore
import XCTest

final class RuleLoadingTests: XCTestCase {
    func problems(_ yaml: String, file: String = "rules/bad.yaml", extra: [(String, String)] = []) -> [RuleProblem] {
        RuleSet.check([(file, yaml)] + extra).1
    }

    static let personaHeader = """
    kind: persona
    settings:
      labels: [dx, business]
    rules:

    """

    func testRepositoryRulesLoadAndEveryExamplePasses() throws {
        let sources = try RuleLoader.files(inDirectory: Repo.path("rules"))
        let (files, problems) = RuleSet.check(sources)
        XCTAssertEqual(problems.map(\.description), [])
        XCTAssertGreaterThan(files.flatMap(\.rules).count, 100)
        let (passed, failures) = ExampleRunner.runAll(sources)
        XCTAssertEqual(failures, [])
        XCTAssertGreaterThan(passed, 300)
        XCTAssertNoThrow(try RuleSet.compile(sources, origin: "rules"))
    }

    func testBuiltInRulesMatchTheRepository() throws {
        let sources = try RuleLoader.files(inDirectory: Repo.path("rules"))
        XCTAssertEqual(RuleSet.builtInSources.map(\.name), sources.map { "rules/" + ($0.name as NSString).lastPathComponent })
        for (builtIn, source) in zip(RuleSet.builtInSources, sources) {
            XCTAssertTrue(builtIn.text == source.text, "\(builtIn.name) differs from the built-in copy: rebuild")
        }
    }

    func testBadYAMLNamesFileAndLine() {
        let p = problems("kind: persona\nrules:\n  - id: x\n    pattern: [unclosed\n")
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p[0].mark.file, "rules/bad.yaml")
        XCTAssertTrue(p[0].message.hasPrefix("YAML error"), p[0].message)
        XCTAssertGreaterThanOrEqual(p[0].mark.line, 4)
    }

    func testBadRegexNamesFileRuleAndOffset() {
        let p = problems(Self.personaHeader + "  - id: persona.dx.broken\n    label: dx\n    pattern: 'abc(def'\n")
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p[0].ruleID, "persona.dx.broken")
        XCTAssertEqual(p[0].mark.line, 7)
        XCTAssertTrue(p[0].message.contains("at offset 7"), p[0].message)
        XCTAssertTrue(p[0].description.hasPrefix("rules/bad.yaml:7:14: rule persona.dx.broken: bad pattern:"), p[0].description)
    }

    func testUnknownFieldMissingFieldsDuplicateIdAndUnknownLabel() {
        let yaml = Self.personaHeader + """
          - id: a
            label: dx
            pattern: 'x'
            colour: red
          - id: a
            label: dx
            pattern: 'y'
          - id: b
            label: wizard
            pattern: 'z'
          - id: c
            label: dx
          - label: dx
            pattern: 'q'

        """
        let messages = problems(yaml).map { "\($0.mark.line) \($0.ruleID ?? "-") \($0.message)" }
        XCTAssertTrue(messages.contains { $0.hasPrefix("8 a unknown field 'colour'") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("9 a duplicate id: first defined at rules/bad.yaml:5") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("12 b unknown persona 'wizard'") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("15 c needs 'pattern' or 'patterns'") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("17 - a rule needs an 'id'") }, "\(messages)")
    }

    func testExamplesThatMisbehaveAreProblems() {
        let yaml = Self.personaHeader + """
          - id: persona.dx.docs
            label: dx
            pattern: '\\bdocs\\b'
            examples:
              match: ["the docs are good", "documentation"]
              no_match: ["read the docs"]

        """
        let p = problems(yaml)
        XCTAssertEqual(p.map(\.mark.line), [9, 10])
        XCTAssertTrue(p[0].message.contains("should match but does not"))
        XCTAssertTrue(p[1].message.contains("should not match but does"))
    }

    func testDuplicateKeysAreProblems() {
        let p = problems(Self.personaHeader + "  - id: r\n    label: dx\n    pattern: 'a'\n    pattern: 'b'\n")
        XCTAssertEqual(p.map(\.mark.line), [8])
        XCTAssertTrue(p.first?.message.contains("duplicate key 'pattern'") ?? false)
    }

    func testBackreferencesAreRejected() {
        let p = problems(Self.personaHeader + "  - id: r\n    label: dx\n    pattern: '(a)\\1'\n")
        XCTAssertTrue(p.first?.message.contains("backreferences") ?? false)
    }

    func testUnknownKind() {
        let p = problems("kind: wizardry\nrules: []\n")
        XCTAssertTrue(p.first?.message.hasPrefix("unknown kind 'wizardry'") ?? false)
    }

    func testLoadErrorsAreThrownTogether() {
        XCTAssertThrowsError(try RuleSet.compile([("a.yaml", "kind: persona\nrules:\n  - id: x\n    pattern: '('\n  - id: y\n    pattern: ')'\n")], origin: "test")) { error in
            XCTAssertGreaterThanOrEqual((error as! RuleSetError).problems.count, 2)
        }
    }
}

final class ScannerTests: XCTestCase {
    func rule(_ id: String, _ pattern: String, caseSensitive: Bool = false) -> Rule {
        var r = Rule(id: id, kind: .persona, mark: SourceMark(file: "t", line: 1, column: 1))
        r.patterns = [pattern]
        r.label = "dx"
        r.caseSensitive = caseSensitive
        return r
    }

    func testWordStartDetectionAndFirstLetters() {
        XCTAssertTrue(Scanner.startsAtWord(#"\bthe primitive\b"#))
        XCTAssertTrue(Scanner.startsAtWord(#"\b(?:within|in) years\b|\bnext decade\b"#))
        XCTAssertFalse(Scanner.startsAtWord(#"\bs?hip\b"#))
        XCTAssertFalse(Scanner.startsAtWord(#"\$\d+"#))
        XCTAssertFalse(Scanner.startsAtWord(#"(?:^|(?<=[.]\s))ship"#))
        // An optional leading group: the text starts with a letter either way.
        XCTAssertTrue(Scanner.startsAtWord(#"\b(?:a|b)?c"#))
        XCTAssertEqual(Scanner.firstLetters("(?:a|b)?c"), ["a", "b", "c"])
        XCTAssertFalse(Scanner.startsAtWord(#"\b(?:a|b)??c"#))
        XCTAssertFalse(Scanner.startsAtWord(#"\b(?:a|b)?\dc"#))
        XCTAssertEqual(Scanner.firstLetters("(?:Within|in|over|9 lives)"), ["w", "i", "o", "9"])
        XCTAssertNil(Scanner.firstLetters("(?:a|.b)"))
        XCTAssertEqual(Scanner.topLevelBranches(#"a(b|c)|[|]d|\|e"#), ["a(b|c)", "[|]d", #"\|e"#])
        XCTAssertTrue(Scanner.hasBareOptions("(?i)abc"))
        XCTAssertFalse(Scanner.hasBareOptions("(?i:abc)"))
    }

    /// Gated, dispatched and free alternatives together find the same hits as each rule alone.
    func testCombinedScanFindsWhatEachRuleFindsAlone() throws {
        let rules = [
            rule("a", #"\bthe (?:core )?primitive\b"#),
            rule("b", #"\bprimitive\b"#),
            rule("c", #"\$\d+"#),
            rule("d", #"(?:^|(?<=[.]\s))Ship\b"#),
            rule("e", #"\bCopilot\b"#, caseSensitive: true),
            rule("f", #"\b(?:within|in) (?:two|\d+) years\b|\bnext decade\b"#),
        ]
        let scanner = try Scanner(rules: rules)
        XCTAssertEqual(scanner.patterns.count, 2)
        let text = "The primitive costs $20. Ship it in two years; copilot and Copilot differ. Next decade."
        let hits = ScanSession().scan(scanner, text).hits
        let byRule = Dictionary(grouping: hits, by: { rules[$0.rule].id }).mapValues { $0.map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) } }
        XCTAssertEqual(byRule["a"], ["The primitive"])
        XCTAssertEqual(byRule["b"], ["primitive"])
        XCTAssertEqual(byRule["c"], ["$20"])
        XCTAssertEqual(byRule["d"], ["Ship"])
        XCTAssertEqual(byRule["e"], ["Copilot"])
        XCTAssertEqual(byRule["f"], ["in two years", "Next decade"])
        XCTAssertEqual(hits.map(\.range.lowerBound), hits.map(\.range.lowerBound).sorted())
    }

    /// A rule's branches are split between the letter dispatch, the `\b` gate and the free
    /// pattern; its hits are the same as those of the rule compiled alone.
    func testSplitBranchesFindWhatTheRuleFindsAlone() throws {
        let rules = [
            rule("g", #"\b(?:the |a )?risks?\b|\b(?:\w+ )?moat\b|(?<=\$)\d+|\bthreat"#),
            rule("h", #"\b(?:big )?labs?\b"#),
        ]
        let scanner = try Scanner(rules: rules)
        XCTAssertEqual(scanner.patterns.count, 3)
        let text = "The risk: a risks list, the big labs and a lab; no moat, thin moat, $40 threats."
        let hits = ScanSession().scan(scanner, text).hits
        var alone: [Hit] = []
        for (i, r) in rules.enumerated() {
            alone += try Scanner(rules: [r]).patterns.isEmpty ? [] : ScanSession().scan(Scanner(rules: [r]), text).hits.map { Hit(rule: i, range: $0.range, name: $0.name) }
        }
        XCTAssertEqual(Set(hits.map { "\($0.rule):\($0.range)" }), Set(alone.map { "\($0.rule):\($0.range)" }))
        let words = hits.filter { $0.rule == 0 }.map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) }
        XCTAssertEqual(words, ["The risk", "a risks", "no moat", "thin moat", "40", "threat"])
        XCTAssertEqual(hits.filter { $0.rule == 1 }.map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) }, ["big labs", "lab"])
    }

    /// A catastrophic pattern on a hostile quote stops at the match limit and is reported, not hung on.
    func testRunawayPatternIsBoundedAndReported() throws {
        let yaml = "kind: persona\nsettings:\n  labels: [dx]\nrules:\n  - id: persona.dx.runaway\n    label: dx\n    pattern: '(?:a+)+$'\n"
        let set = try RuleSet.compile([("p.yaml", yaml)], origin: "test")
        let analyzer = Analyzer(rules: set, limits: MatchLimits(match: 5_000, depth: 100, heapKiB: 1_000))
        let analysis = analyzer.analyze(String(repeating: "a", count: 64) + "!")
        XCTAssertNotNil(analysis.limitNote)
        XCTAssertTrue(analysis.limitNote!.contains("limit"), analysis.limitNote!)
    }
}
