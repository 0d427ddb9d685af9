@testable import PanelistCore
import XCTest

final class ExtractionTests: XCTestCase {
    static let rules = try! Repo.rules()
    let analyzer = Analyzer(rules: ExtractionTests.rules)

    func names(_ text: String, subject: ToolCard? = nil) -> [String] {
        analyzer.analyze(text, subject: subject).competitors.map(\.name)
    }

    func card(_ name: String, description: String? = nil) -> ToolCard {
        var c = ToolCard(name: name)
        c.description = description
        return c
    }

    // MARK: competitors

    func testGazetteerAliasesResolveToCanonicalNames() {
        XCTAssertEqual(names("We tried GH Copilot, then claude-4-sonnet, then Codex CLI."), ["GitHub Copilot", "Claude Sonnet", "OpenAI Codex"])
        XCTAssertEqual(names("Copilot's agent mode and Sonnet both do this."), ["GitHub Copilot", "Claude Sonnet"])
    }

    func testLongestAliasWins() {
        XCTAssertEqual(names("Claude Code beats Claude 4 Opus at GitHub Copilot tasks."), ["Claude Code", "Claude 4 Opus", "GitHub Copilot"])
    }

    /// Names the tool works with (integrations, the models it runs, the client it is compatible
    /// with) are not rivals; the same names set against the tool are.
    func testWhatTheToolWorksWithIsNotARival() {
        XCTAssertEqual(names("It integrates with HubSpot and Salesforce in a few clicks."), [])
        XCTAssertEqual(names("Swap the base URL in your OpenAI client and keep the code."), [])
        XCTAssertEqual(names("It serves Llama models behind one endpoint."), [])
        XCTAssertEqual(names("It integrates with HubSpot, and it is cheaper than Zapier for this."), ["HubSpot", "Zapier"])
        XCTAssertEqual(names("We switched from Zapier after a month."), ["Zapier"])
        XCTAssertEqual(names("Self-host it, or use Ollama and skip the bill."), ["Ollama"])
    }

    func testDiscoveryFindsNamesTheGazetteerLacks() {
        let found = analyzer.analyze("Direct competitors are Zorplex, Quuxly and Frobnicate AI, and churn to Blorbo accelerates.").competitors
        XCTAssertEqual(found.map(\.name), ["Zorplex", "Quuxly", "Frobnicate AI", "Blorbo"])
        XCTAssertEqual(Set(found.map(\.source)), ["discovered"])
        XCTAssertEqual(names("Churn accelerates the moment Claude 5 ships."), ["Claude 5"])
        XCTAssertEqual(names("You could glue Foobarly + Bazzle instead."), ["Foobarly", "Bazzle"])
        // A name that does the tool's job better or cheaper, and any comparative against a name.
        XCTAssertEqual(names("Zorplex and Quuxly undercut it on price, and Blorbo is nicer to look at."), ["Zorplex", "Quuxly", "Blorbo"])
        XCTAssertEqual(names("It is noticeably slower than Frobnicate Cloud. The rest is fine."), ["Frobnicate Cloud"])
        XCTAssertEqual(names("It is better than I expected."), [])
    }

    func testNeverTheToolItsVendorOrGenericTechnology() {
        let smol = card("SmolAgents 2.0", description: "An open-source Python framework from Hugging Face for agents.")
        XCTAssertEqual(names("SmolAgents beats LangGraph; Hugging Face's moat and HF the company matter; Python and Docker help.", subject: smol), ["LangGraph"])
        let windsurf = card("Windsurf SWE-1 Family")
        XCTAssertEqual(names("Windsurf trains on Cascade sessions to beat Cursor.", subject: windsurf), ["Cursor"])
        let langgraph = card("LangGraph", description: "A low-level orchestration library from the LangChain team.")
        XCTAssertEqual(names("LangChain the company sells LangSmith; CrewAI is friendlier.", subject: langgraph), ["CrewAI"])
        let bolt = card("Bolt.new", description: "Bolt.new is StackBlitz's AI app builder running in WebContainers.")
        XCTAssertEqual(names("StackBlitz built WebContainers; v0 and Lovable compete.", subject: bolt), ["v0", "Lovable"])
    }

    func testVendorBeforeItsProductIsNotARival() {
        XCTAssertEqual(names("Line it up against Microsoft's AutoGen and OpenAI."), ["AutoGen", "OpenAI"])
        XCTAssertEqual(names("It faces Microsoft's sales force."), ["Microsoft"])
    }

    func testSeedsNeverNameAToolAsItsOwnCompetitor() {
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus")], rules: Self.rules)
        for tool in report.tools {
            for q in tool.quotes {
                XCTAssertFalse(q.competitors.contains { $0.name == tool.name || tool.name.hasPrefix($0.name + " ") }, "\(tool.name): \(q.competitors.map(\.name))")
            }
        }
    }

    // MARK: risks

    func testRiskClaimFields() {
        let text = "The docs are fine. What ends it in 12 months is OpenAI shipping a native sandbox, making it redundant overnight; until then it is useful."
        let claims = analyzer.analyze(text).risks
        XCTAssertEqual(claims.count, 1)
        let claim = claims[0]
        XCTAssertEqual(claim.category, "platform")
        XCTAssertEqual(claim.horizon, "12 months")
        XCTAssertTrue(claim.text.hasPrefix("What ends it in 12 months"))
        XCTAssertFalse(claim.text.contains("until then"))
        XCTAssertEqual(claim.actors, ["OpenAI"])
        XCTAssertFalse(claim.conditional)
        XCTAssertTrue(claim.rules.contains("risk.platform.absorb"))
        let scalars = Array(text.unicodeScalars)
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[claim.span])), claim.text)
    }

    func testConditionalAndCategories() {
        let cases: [(String, String, Bool)] = [
            ("If Anthropic ships a code model at the API layer, the advantage collapses.", "platform", true),
            ("There's no moat here: the whole thing is easy enough to copy.", "market", false),
            ("Anthropic may pursue IP claims against anyone who ships it.", "legal", false),
            ("It wants write access to the whole org, a security hole in the making.", "security", false),
            ("Their own benchmarks need replication before anyone should trust them.", "evidence", false),
            ("The runtime needs to mature before heavier workloads run well.", "dependency", false),
            ("It breaks when two agents write at once and hits concurrency limits fast.", "technical", false),
        ]
        for (text, category, conditional) in cases {
            let claims = analyzer.analyze(text).risks
            XCTAssertEqual(claims.map(\.category), [category], text)
            XCTAssertEqual(claims.first?.conditional, conditional, text)
        }
    }

    func testNegatedCuesAreNotRisks() {
        XCTAssertEqual(analyzer.analyze("That doesn't make engineers obsolete.").risks.count, 0)
        XCTAssertEqual(analyzer.analyze("With checkpoints it never crashes mid-run.").risks.count, 0)
    }

    func testClausesSplitAtSemicolonsDashesAndColonsButKeepLeadIns() {
        func clauses(_ text: String) -> [String] {
            let ctx = ExtractionContext(text: text, bytes: Array(text.utf8), index: .init(text), sentences: SentenceSplitter.sentences(in: text), subject: nil)
            return RiskExtractor.clauses(ctx).map(ctx.string)
        }
        XCTAssertEqual(clauses("The agent breaks on long runs that carry a lot of state: workers hit walls fast; retries are thin."),
                       ["The agent breaks on long runs that carry a lot of state", "workers hit walls fast", "retries are thin."])
        XCTAssertEqual(clauses("What has to go right: the runtime matures."), ["What has to go right: the runtime matures."])
        XCTAssertEqual(clauses("The risk is that once a rival ships a clone — and it will — the lead goes with it."),
                       ["The risk is that once a rival ships a clone — and it will — the lead goes with it."])
        XCTAssertEqual(clauses("It costs 4.2× less at 10:30 than v2.0 did."), ["It costs 4.2× less at 10:30 than v2.0 did."])
    }
}
