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
