@testable import PanelistCore
import XCTest

final class ClassificationTests: XCTestCase {
    static let rules = try! Repo.rules()
    let analyzer = Analyzer(rules: ClassificationTests.rules)

    func stance(_ text: String) -> String { analyzer.analyze(text).stance.label }
    func persona(_ text: String, slot: Int? = nil) -> Decision {
        analyzer.decidePersona(analyzer.analyze(text), slots: slot.map { [$0] })
    }

    func testExplicitVerdicts() {
        XCTAssertEqual(stance("The onboarding is smooth. I'd ship it."), "ship")
        XCTAssertEqual(stance("The onboarding is smooth, but I'd skip it for now."), "skip")
        XCTAssertEqual(stance("Hold off until the pricing settles."), "skip")
    }

    func testNegationFlipsAndHedgingWeakens() {
        XCTAssertEqual(stance("Honestly, not a ship for me."), "skip")
        XCTAssertEqual(stance("I wouldn't skip this one."), "ship")
        XCTAssertEqual(stance("Skip as a company standard; ship only if you own the stack."), "skip")
        XCTAssertEqual(stance("Skip it unless you need air-gapped installs."), "skip")
    }

    /// The verdict sentence weighs most, and a contrast moves the weight to what follows it.
    func testVerdictFirstAndContrast() {
        XCTAssertEqual(stance("The onboarding is excellent and the docs are a joy to read. Still, there is no world in which I sign off on this for a regulated team."), "skip")
        XCTAssertEqual(stance("Pricing is confusing and support is clunky. Even so, it is the most reliable tool we have tried."), "ship")
        XCTAssertEqual(stance("The setup was painless and the docs are lovely. Pass."), "skip")
        XCTAssertEqual(stance("Rough edges everywhere, and the CLI is fiddly. Greenlight."), "ship")
        let d = analyzer.analyze("The setup was painless. Pass.").stance
        XCTAssertEqual(d.verdict?.text, "Pass.")
        XCTAssertTrue(d.verdict?.reason.contains("explicit verdict") ?? false)
        XCTAssertEqual(analyzer.analyze("Nice colours. Fine docs").stance.verdict?.reason, "the last sentence: verdicts come last")
    }

    /// Negation and modality apply to a cue by scope: double negation, irrealis, refusal of a refusal.
    func testComposedNegationAndModality() {
        XCTAssertEqual(stance("I would not be sad if my whole team standardized on it."), "ship")
        XCTAssertEqual(stance("I can't say I'd skip this."), "ship")
        XCTAssertEqual(stance("This would have been an easy yes if the pricing were flat."), "skip")
        XCTAssertEqual(stance("I am not going back."), "ship")
        XCTAssertEqual(stance("I'm going back to my old editor."), "skip")
        XCTAssertEqual(stance("I'd be sad if the team adopted it."), "skip")
        XCTAssertEqual(stance("I wouldn't be sad if we never renewed."), "skip")
        XCTAssertEqual(stance("I'm not betting on it."), "skip")
    }

    /// Money words beside a named rival are comparison: part of their vote goes to the competitor persona.
    func testMoneyBesideARivalIsComparison() {
        let text = "Windsurf charges half the seat price, and Cursor bills less per request."
        let d = persona(text)
        XCTAssertEqual(d.label, "competitor")
        XCTAssertTrue(d.evidence.contains { $0.modifiers.contains("beside-a-rival") && $0.label == "business" })
    }

    /// Inside the verdict sentence, the clause holding the latest explicit verdict decides.
    func testVerdictClause() {
        XCTAssertEqual(stance("I'd use it for a weekend hack; I wouldn't trust it with production."), "skip")
        XCTAssertEqual(stance("I wouldn't use it for billing; I'd still recommend it for internal tools."), "ship")
        XCTAssertEqual(analyzer.analyze("I'd use it for a weekend hack; I wouldn't trust it with production.").stance.verdict?.text,
                       "I wouldn't trust it with production.")
    }

    /// Adoption and refusal stated as what the reviewer does, not as a verdict word.
    func testImpliedAdoptionAndRefusal() {
        XCTAssertEqual(stance("We're moving the team over next sprint."), "ship")
        XCTAssertEqual(stance("Not signing this year."), "skip")
        XCTAssertEqual(stance("Come back when it has SSO."), "skip")
        XCTAssertEqual(stance("Wait a release or two."), "skip")
        XCTAssertEqual(stance("We churned after the pilot."), "skip")
    }

    /// A negated modal or first-person clause closing the quote, where no other cue speaks, is a
    /// refusal; it says nothing where another cue reads the verdict clause or its negation is spent.
    func testClosingNegationCountsOnlyInABareVerdictClause() {
        let refused = analyzer.analyze("The canvas is lovely and the exports are tidy. We shan't be extending past the pilot.").stance
        XCTAssertEqual(refused.label, "skip")
        XCTAssertTrue(refused.evidence.contains { $0.rule == "stance.skip.closing-negation" && $0.modifiers.contains("verdict-sentence") })
        // Praise in the set-up is outside the verdict clause and leans less.
        XCTAssertTrue(refused.evidence.contains { $0.modifiers.contains("outside-verdict") })
        // Another cue in the clause reads it: the negation adds nothing.
        let moved = analyzer.analyze("It was rough at first. I moved the whole team over and nobody asked to go back.").stance
        XCTAssertFalse(moved.evidence.contains { $0.rule == "stance.skip.closing-negation" })
        // A negation spent on a cue ("not great") is bound, and one outside the verdict clause is silent.
        XCTAssertFalse(analyzer.analyze("We won't miss the old dashboards. The rollout went fine and it stays.").stance.evidence
            .contains { $0.rule == "stance.skip.closing-negation" })
    }

    /// Adopting or dropping a named rival is said of the rival: the cue votes the other way.
    func testAdoptionOfARivalFlips() {
        let card = ToolCard(name: "Notion AI")
        let dropped = analyzer.analyze("Search is slow on big workspaces. Still, we cancelled our Glean seats the week we turned it on.", subject: card).stance
        XCTAssertEqual(dropped.label, "ship")
        XCTAssertTrue(dropped.evidence.contains { $0.modifiers.contains { $0.hasPrefix("said-of-a-rival") } })
        XCTAssertEqual(analyzer.analyze("Outages took the line down twice. We moved our team to Glean.", subject: card).stance.label, "skip")
        // "from" before the name: the rival is what was left, not the object.
        XCTAssertFalse(analyzer.analyze("We moved from Glean last spring.", subject: card).stance.evidence
            .contains { $0.modifiers.contains { $0.hasPrefix("said-of-a-rival") } })
    }

    /// A closing clause that reports the tool in use is an adoption; one that lets it lapse is a refusal.
    func testClosingStatementsOfUseAndEnding() {
        XCTAssertEqual(stance("Setup was a single command and the SDK is small. The whole support queue runs through it now."), "ship")
        XCTAssertEqual(stance("The canvas is lovely and the demo impressed the room. We let the pilot lapse."), "skip")
        // "less" negates the word it governs: "less sure" leans skip.
        XCTAssertTrue(analyzer.analyze("I'm less sure it holds up at our size.").stance.evidence
            .contains { $0.label == "skip" && $0.modifiers.contains("stance.mod.less") })
    }

    /// A turn in a sentence after the explicit verdict takes the verdict to the last sentence, and explain says why.
    func testATurnAfterTheVerdictMovesIt() {
        let d = analyzer.analyze("The enterprise tier is young and I wouldn't sign a long contract. But we don't need one; the open library covers our runs. It's in our standard stack.").stance
        XCTAssertEqual(d.label, "ship")
        XCTAssertEqual(d.verdict?.text, "It's in our standard stack.")
        XCTAssertTrue(d.verdict?.reason.contains("a turn") ?? false)
        // A rival named by description is the reviewer's choice: a refusal of the tool.
        XCTAssertEqual(stance("Its connectors are better than either. Good product; I'd keep using the big two."), "skip")
    }

    func testEvidenceCarriesRuleSpanAndModifiers() {
        let text = "I wouldn't skip this one."
        let d = analyzer.analyze(text).stance
        let e = d.evidence.first { $0.rule == "stance.skip.verdict" || $0.rule == "stance.skip.imperative" }
        XCTAssertNotNil(d.evidence.first)
        if let e {
            XCTAssertEqual(e.label, "ship")
            XCTAssertEqual(e.modifiers, ["stance.mod.negation", "verdict-sentence"])
            XCTAssertNotNil(e.span)
        }
        XCTAssertGreaterThan(d.confidence, 0.6)
    }

    func testNoEvidenceIsUnknown() {
        let d = analyzer.analyze("The weather was grey on Tuesday.").stance
        XCTAssertEqual(d.label, Decision.unknown)
        XCTAssertLessThan(d.confidence, ClassificationTests.rules.stanceMinConfidence)
        XCTAssertEqual(d.evidence.map(\.rule), ["prior"], "only the base rate speaks, and it is too weak alone")
        XCTAssertEqual(persona("The weather was grey on Tuesday.").label, Decision.unknown)
    }

    /// The VADER lexicon (rules/lexicon.yaml) is a weak vote that negation, the
    /// verdict sentence and contrast treat like any other cue.
    func testLexiconIsAWeakCueUnderScope() {
        let lean = analyzer.analyze("The sync is confusing and the export is painful.").stance
        XCTAssertEqual(lean.label, "skip")
        XCTAssertTrue(lean.evidence.allSatisfy { $0.rule == "prior" || $0.rule.hasPrefix("stance.lexicon.") })
        XCTAssertTrue(lean.evidence.filter { $0.rule.hasPrefix("stance.lexicon.") }.allSatisfy { $0.weight < 2 }, "a weak vote")
        let negated = analyzer.analyze("The docs are not great.").stance
        XCTAssertEqual(negated.label, "skip")
        XCTAssertEqual(negated.evidence.first { $0.rule.hasPrefix("stance.lexicon.") }?.modifiers.first, "stance.mod.negation")
        XCTAssertEqual(stance("The sync is confusing. Even so, the editor is wonderful."), "ship")
        XCTAssertEqual(stance("The editor is wonderful. The pricing is awful, though, and the support is worse."), "skip")
        // Descriptive in tech reviews, so left out: a free tier, a kill switch, a risk section.
        XCTAssertEqual(analyzer.analyze("The free tier has a kill switch and a risk section.").stance.evidence.map(\.rule), ["prior"])
        // A word inside a heavier phrase's hit is that phrase's wording and counts once.
        let phrase = analyzer.analyze("The thesis is aging badly.").stance
        XCTAssertFalse(phrase.evidence.contains { $0.rule.hasPrefix("stance.lexicon.") })
        XCTAssertEqual(phrase.label, "skip")
    }

    /// Abstain honestly: any cue of the quote's own decides unless it is a near-tie.
    func testAnyCueDecidesButTheBaseRateAloneDoesNot() {
        XCTAssertEqual(stance("The rollout was smooth."), "ship")
        XCTAssertEqual(stance("The weather was grey on Tuesday."), Decision.unknown)
        let rules = ClassificationTests.rules
        let prior = Evidence(rule: "prior", label: "ship", weight: 0.4, span: nil, text: "base rate")
        func cue(_ label: String, _ w: Double) -> Evidence { Evidence(rule: "stance.test", label: label, weight: w, span: 0..<1, text: "x") }
        XCTAssertEqual(rules.stanceMinConfidence(for: [prior]), rules.stanceMinConfidence, "the base rate alone keeps the full bar")
        XCTAssertLessThan(rules.stanceMinConfidence(for: [cue("skip", 0.3), prior]), rules.stanceMinConfidence, "a cue of its own lowers it")
        // Cues that tie among themselves are a genuine tie: the base rate does not break it.
        let tie = Decision.decide(labels: rules.stanceLabels, evidence: [cue("ship", 5), cue("skip", 5), prior],
                                  minConfidence: rules.stanceMinConfidence(for: [cue("ship", 5), cue("skip", 5), prior]))
        XCTAssertEqual(tie.label, Decision.unknown)
    }

    /// A cue inside a heavier hit, or an as heavy and longer one, is that hit's wording.
    func testOneWordingCountsOnce() {
        let rules = ClassificationTests.rules.stance.rules
        guard let heavy = rules.firstIndex(where: { $0.weight >= 2 }), let light = rules.firstIndex(where: { $0.weight < 1 }) else { return XCTFail("no rules") }
        let kept = Analyzer.withoutSubsumed([Hit(rule: heavy, range: 0..<20), Hit(rule: light, range: 5..<9), Hit(rule: light, range: 25..<30)], rules: rules)
        XCTAssertEqual(kept.map(\.range), [0..<20, 25..<30])
        let same = Analyzer.withoutSubsumed([Hit(rule: heavy, range: 0..<12), Hit(rule: heavy, range: 0..<27)], rules: rules)
        XCTAssertEqual(same.map(\.range), [0..<27], "as heavy and longer: the longer wording read more")
        let overlapping = Analyzer.withoutSubsumed([Hit(rule: light, range: 0..<8), Hit(rule: heavy, range: 3..<30)], rules: rules)
        XCTAssertEqual(overlapping.count, 2, "overlap without containment keeps both")
    }

    func testSlotSignalCountsOnlyWhenGiven() {
        let text = "It is a tool."
        XCTAssertEqual(persona(text).label, Decision.unknown)
        let withSlot = persona(text, slot: 3)
        XCTAssertEqual(withSlot.label, "business")
        XCTAssertEqual(withSlot.evidence.last?.rule, "slot")
        XCTAssertNil(withSlot.evidence.last?.span)
    }

    func testContentOutvotesTheSlot() {
        let text = "The thesis is falsifiable: within five years the second-order effect is that agents own the editor, and the trend is clear."
        XCTAssertEqual(persona(text, slot: 0).label, "futurist")
    }

    func testPersonaCuesByPersona() {
        XCTAssertEqual(persona("The primitive is a tiny SDK; the first ten minutes were painless and the docs are good.").label, "dx")
        XCTAssertEqual(persona("Direct competitors are Cursor and GitHub Copilot, and where it breaks is scale. What kills this is a platform threat.").label, "competitor")
        XCTAssertEqual(persona("The buyer is a platform team with a budget; the moat is thin and pricing per seat hurts margins.").label, "business")
    }

    func testSentenceSplitterKeepsAbbreviationsDecimalsAndVersions() {
        let text = "It costs 4.2x less than v2.0 did, e.g. on Bolt.new. Then it broke! Why? Dr. Smith knows."
        let sentences = SentenceSplitter.sentences(in: text).map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) }
        XCTAssertEqual(sentences, ["It costs 4.2x less than v2.0 did, e.g. on Bolt.new.", "Then it broke!", "Why?", "Dr. Smith knows."])
    }

    func testQuotesInsideQuotesStayInTheirSentence() {
        let text = "The DX bet is 'minimal config.' It works. He said “ship it.” Then left."
        let sentences = SentenceSplitter.sentences(in: text).map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) }
        XCTAssertEqual(sentences, ["The DX bet is 'minimal config.'", "It works.", "He said “ship it.”", "Then left."])
    }
}
