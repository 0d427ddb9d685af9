@testable import PanelistCore
import XCTest

/// What pages state, kept per page and reconciled with the engine's answer, never copied into it.
final class ReconcileTests: XCTestCase {
    static let rules = try! Repo.rules()

    func report(_ paths: [String]) -> Report {
        CorpusAnalyzer.run(paths: paths.map(Repo.path), rules: Self.rules)
    }

    func testStatedValuesOfARichComparisonAreInThePanel() throws {
        let r = report(["corpus/rich-zed-vs-continue.txt"])
        let zed = r.tools.first { $0.name == "Zed AI" }!.panels[0]
        XCTAssertEqual(zed.stated.badge, "Mixed")
        XCTAssertEqual(zed.stated.verdict, "Mixed · 2 ship / 2 skip")
        XCTAssertEqual(zed.stated.split.map { [$0.ship, $0.skip] }, [2, 2])
        XCTAssertEqual(zed.stated.pricing, "Free / $20/mo Pro")
        XCTAssertEqual(zed.stated.bestFor, "A Rust-native editor with multiplayer editing and an agent panel built in")
        XCTAssertEqual(zed.stated.category, "Code Editors")
        XCTAssertEqual(zed.stated.entry, "Freemium")
        let json = ReportJSON.render(r)
        XCTAssertTrue(json.contains("\"badge\": \"Mixed\""))
        XCTAssertTrue(json.contains("\"best_for\": \"A Rust-native editor"))
        XCTAssertTrue(json.contains("\"split\": {\n"))
        XCTAssertTrue(json.contains("\"reviewer\": \"Builder\""))
    }

    func testReviewerVerdictDisagreementIsListedWithEvidenceAndNotCopied() throws {
        let r = report(["corpus/tool-pages/rich-langfuse.txt"])
        let tool = r.tools[0]
        let panel = tool.panels[0]
        let verdicts = panel.disagreements.filter { $0.kind == .verdict }
        XCTAssertEqual(verdicts.count, 1)
        let d = verdicts[0]
        XCTAssertEqual(d.stated, "skip")
        XCTAssertEqual(d.index, 4)
        XCTAssertEqual(d.reviewer, "The Operator")
        XCTAssertFalse(d.evidence.isEmpty)
        XCTAssertEqual(panel.verdictsAgreeing, 3)
        // The engine's answer stays its own: the quote keeps the engine's stance.
        let quote = tool.quotes.first { $0.id == d.quote }!
        XCTAssertNotEqual(quote.stance.label, "skip")
        XCTAssertEqual(quote.occurrences[0].stated?.stance, "skip")
        XCTAssertTrue(ReportJSON.render(r).contains("\"agrees\": false"))
    }

    func testStatedCountsAreCheckedEvenWithoutAPercent() throws {
        let r = report(["corpus/tool-pages/verdict-plain-dify.txt"])
        let panel = r.tools[0].panels[0]
        XCTAssertNil(panel.statedShipPct)
        XCTAssertEqual(panel.stated.split.map { [$0.ship, $0.skip] }, [1, 3])
        if panel.ship == 1, panel.skip == 3 {
            XCTAssertEqual(panel.splitConsistent, true)
        } else if panel.unknown == 0 {
            XCTAssertEqual(panel.splitConsistent, false)
            XCTAssertEqual(panel.disagreements.first?.kind, .split)
            XCTAssertEqual(panel.disagreements.first?.stated, "1 ship / 3 skip")
        }
    }

    /// A rich tool page whose one review says nothing about shipping.
    static let neutralPage = """
    Back to reviews

    Quillmark

    Quillmark

    A note-taking app with a plain-text file format

    Quillmark stores notes as text files in a folder.

    Panel Reviews

    The Builder

    The Builder

    Developer Perspective

    Skip

    The notes folder holds one text file per note, and the file names follow the note titles.

    Weekly AI Tool Verdicts
    """

    func testUnknownIsNeverADisagreementAndAllUnknownHasNoPercent() throws {
        let dir = NSTemporaryDirectory() + "panelist-unknown-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.neutralPage.write(toFile: dir + "/q.txt", atomically: true, encoding: .utf8)
        let r = CorpusAnalyzer.run(paths: [dir], rules: Self.rules)
        XCTAssertEqual(r.pages[0].layout, .toolRich)
        let tool = r.tools[0]
        XCTAssertEqual(tool.quotes.count, 1)
        XCTAssertEqual(tool.quotes[0].stance.label, Decision.unknown)
        XCTAssertEqual(tool.quotes[0].occurrences[0].stated?.stance, "skip")
        let panel = tool.panels[0]
        XCTAssertEqual(panel.unknown, 1)
        XCTAssertNil(panel.computedShipPct, "no decided quote: no computed %")
        XCTAssertEqual(panel.disagreements, [])
        XCTAssertFalse(ReportJSON.render(r).contains("\"agrees\""))
    }

    func testEntryPriceConflictNamesBothPagesAndKeepsPerPageValues() throws {
        let seed = try String(contentsOfFile: Repo.path("corpus/000_0a16dc68769498f0.txt"), encoding: .utf8)
        let dir = NSTemporaryDirectory() + "panelist-conflict-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The same tool Free on two pages and Paid on a third.
        try seed.write(toFile: dir + "/a.txt", atomically: true, encoding: .utf8)
        try seed.write(toFile: dir + "/b.txt", atomically: true, encoding: .utf8)
        var lines = seed.components(separatedBy: "\n")
        XCTAssertEqual(lines[10], "Free")
        lines[10] = "Paid"
        lines[5] = "A different tagline for a later release"
        try lines.joined(separator: "\n").write(toFile: dir + "/c.txt", atomically: true, encoding: .utf8)
        let r = CorpusAnalyzer.run(paths: [dir], rules: Self.rules)
        let smol = r.tools.first { $0.name == "SmolAgents 2.0" }!
        XCTAssertEqual(smol.entry, "Free", "the most common value")
        XCTAssertEqual(smol.panels.map(\.stated.entry), ["Free", "Free", "Paid"])
        XCTAssertEqual(smol.panels.map(\.stated.tagline).last, "A different tagline for a later release")
        let conflicts = r.diagnostics.filter { $0.code == "report.conflict" }
        let entry = conflicts.first { $0.message.contains("entry") }!
        XCTAssertEqual(entry.file, dir + "/c.txt")
        XCTAssertEqual(entry.severity, .warning)
        XCTAssertTrue(entry.message.contains("'Paid' here, but 'Free' on \(dir)/a.txt"), entry.message)
        XCTAssertTrue(conflicts.contains { $0.message.contains("tagline") && $0.file == dir + "/c.txt" })
        XCTAssertEqual(conflicts.filter { $0.file != dir + "/c.txt" }, [])
    }
}

/// Disagreements, cut-off warnings and honest numbers in every printer.
final class ReconcilePrinterTests: XCTestCase {
    static let rules = try! Repo.rules()

    func testReviewerDisagreementInAnalyzeSummaryAndLint() throws {
        let path = Repo.path("corpus/tool-pages/rich-langfuse.txt")
        let report = CorpusAnalyzer.run(paths: [path], rules: Self.rules)
        let text = ReportText.render(report)
        XCTAssertTrue(text.contains("≠ quote 4 (The Operator): reviewer states skip, engine says ship"), text)
        XCTAssertTrue(text.contains("reviewers' verdicts: 3 agree, 1 disagree"), text)
        let summary = Summary(report)
        XCTAssertEqual(summary.disagreements.map(\.tool), ["Langfuse"])
        let summaryText = SummaryPrinters.text(summary, view: .all)
        XCTAssertTrue(summaryText.contains("reviewer states skip, engine says ship"), summaryText)
        XCTAssertTrue(SummaryPrinters.markdown(summary, view: .all).contains("reviewer states skip, engine says ship"))
        XCTAssertTrue(SummaryPrinters.json(summary, view: .all).contains("\"kind\": \"reviewer-verdict\""))
        let lint = Linter(rules: Self.rules).lint(page: PageReader.read(path: path, vocabulary: Self.rules.layout))
        let found = lint.filter { $0.diagnostic.code == "lint.page.verdict-disagrees" }
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.diagnostic.line, 51)
        XCTAssertTrue(found.first!.diagnostic.message.contains("The Operator states skip"), found.first!.diagnostic.message)
    }

    func testHeadToHeadShowsAToolPagesStatedCounts() {
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus/tool-pages/verdict-plain-dify.txt")], rules: Self.rules)
        let text = SummaryPrinters.text(Summary(report), view: .page)
        XCTAssertTrue(text.contains("stated / computed   1–3 / "), text)
    }

    func testSplitDisagreementInLint() {
        let page = PageReader.read(path: Repo.path("corpus/tool-pages/verdict-plain-dify.txt"), vocabulary: Self.rules.layout)
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus/tool-pages/verdict-plain-dify.txt")], rules: Self.rules)
        let panel = report.tools[0].panels[0]
        let lint = Linter(rules: Self.rules).lint(page: page).filter { $0.diagnostic.code == "lint.page.split-disagrees" }
        XCTAssertEqual(lint.count, panel.splitConsistent == false ? 1 : 0)
    }

    func testSummaryShowsCutOffWarningsAndRanksThinToolsApart() {
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus")], rules: Self.rules)
        let s = Summary(report)
        XCTAssertFalse(s.cutOff.isEmpty)
        let text = SummaryPrinters.text(s, view: .persona)
        XCTAssertTrue(text.contains("cut-off pages"), text)
        XCTAssertTrue(text.contains("cut-off-mid-scorecard.txt:26:1:"), text)
        XCTAssertTrue(SummaryPrinters.markdown(s, view: .persona).contains("## Cut-off pages"))
        // Thin figures after every ranked one, each with what it rests on.
        let firstThin = s.ranking.firstIndex { $0.thin } ?? s.ranking.count
        XCTAssertFalse(s.ranking[firstThin...].contains { !$0.thin })
        XCTAssertTrue(s.ranking.allSatisfy { $0.thin == ($0.decided < Summary.minDecided) })
        XCTAssertTrue(text.contains("decided)"), text)
        // CSV: one value per cell.
        for row in SummaryPrinters.csv(s).split(separator: "\r\n") { XCTAssertFalse(row.contains(";"), String(row)) }
    }

    func testAllUnknownReadsNotApplicableEverywhere() throws {
        let dir = NSTemporaryDirectory() + "panelist-na-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ReconcileTests.neutralPage.write(toFile: dir + "/q.txt", atomically: true, encoding: .utf8)
        let report = CorpusAnalyzer.run(paths: [dir], rules: Self.rules)
        let text = ReportText.render(report)
        XCTAssertTrue(text.contains("computed n/a (1 unknown)"), text)
        XCTAssertTrue(text.hasPrefix("panelist: 1 page, 1 tool, 1 quote "), text)
        XCTAssertFalse(text.contains("0%"), text)
        let s = Summary(report)
        XCTAssertEqual(s.tools[0].counts.pctText, "n/a (1 unknown)")
        XCTAssertTrue(s.ranking.isEmpty)
        XCTAssertTrue(SummaryPrinters.markdown(s, view: .all).contains("n/a (1 unknown)"))
        XCTAssertFalse(SummaryPrinters.text(s, view: .all).contains(" 0%"))
        XCTAssertTrue(ReportJSON.render(report).contains("\"computed_ship_pct\": null"))
    }

    func testCutQuoteIsMarkedInText() {
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus/cut-off-mid-scorecard.txt")], rules: Self.rules)
        let text = ReportText.render(report)
        XCTAssertTrue(text.contains("…” (cut off)"), text)
    }
}

final class MarkdownNumbersTests: XCTestCase {
    static let rules = try! Repo.rules()

    func testMarkdownMarksCutQuotesHasNoEntitiesAndNoEmptyTables() throws {
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus")], rules: Self.rules)
        let md = ReportMarkdown.render(report)
        XCTAssertTrue(md.contains("… \\(cut off\\) |"), "a cut quote ends in … and says so")
        for entity in ["&#39;", "&amp;", "&lt;", "&quot;", "<br>"] { XCTAssertFalse(md.contains(entity), entity) }
        XCTAssertTrue(md.contains("Microsoft's AutoGen"))
        // Every table header is followed by at least one row.
        let lines = md.components(separatedBy: "\n")
        for (i, line) in lines.enumerated() where line.hasPrefix("|---") {
            XCTAssertTrue(i + 1 < lines.count && lines[i + 1].hasPrefix("|"), "empty table at line \(i)")
        }
        XCTAssertTrue(md.contains("reviewer states skip, engine says ship"))
        let summary = SummaryPrinters.markdown(Summary(report), view: .all)
        for entity in ["&#39;", "&amp;", "&lt;", "<br>"] { XCTAssertFalse(summary.contains(entity), entity) }
        // A tool with no quotes (the cut-off page's second card) gets a sentence, not an empty table.
        XCTAssertTrue(md.contains("No quotes read for this tool."))
        XCTAssertTrue(md.hasPrefix("# panelist report\n\n17 pages · "))
    }
}
