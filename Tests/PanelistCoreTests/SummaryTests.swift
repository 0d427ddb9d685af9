@testable import PanelistCore
import XCTest

final class SummaryTests: XCTestCase {
    static let rules = try! Repo.rules()

    /// The summary's counts, recomputed independently from `analyze`'s JSON, agree.
    func testCountsAgreeWithAnalyzeJSON() throws {
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus")], rules: Self.rules)
        let analyzed = try JSONSerialization.jsonObject(with: Data(ReportJSON.render(report).utf8)) as! [String: Any]
        let summary = try JSONSerialization.jsonObject(with: Data(SummaryPrinters.json(Summary(report), view: .all).utf8)) as! [String: Any]
        let summaryTools = summary["tools"] as! [[String: Any]]
        var matrix: [String: [String: Int]] = [:]
        for tool in analyzed["tools"] as! [[String: Any]] {
            let name = tool["name"] as! String
            let st = try XCTUnwrap(summaryTools.first { $0["name"] as? String == name }, name)
            var byPersona: [String: [String: Int]] = [:]
            var total: [String: Int] = [:]
            for q in tool["quotes"] as! [[String: Any]] {
                let persona = (q["persona"] as! [String: Any])["label"] as! String
                let stance = (q["stance"] as! [String: Any])["label"] as! String
                byPersona[persona, default: [:]][stance, default: 0] += 1
                total[stance, default: 0] += 1
                matrix[persona, default: [:]][stance, default: 0] += 1
            }
            let counts = st["counts"] as! [String: Any]
            XCTAssertEqual(counts["ship"] as? Int, total["ship"] ?? 0, name)
            XCTAssertEqual(counts["skip"] as? Int, total["skip"] ?? 0, name)
            XCTAssertEqual(counts["unknown"] as? Int, total["unknown"] ?? 0, name)
            for (persona, stances) in byPersona {
                let row = (st["by_persona"] as! [String: Any])[persona] as! [String: Any]
                for (stance, n) in stances { XCTAssertEqual(row[stance] as? Int, n, "\(name) \(persona) \(stance)") }
            }
            let panels = tool["panels"] as! [[String: Any]]
            XCTAssertEqual((st["panels"] as! [[String: Any]]).map { $0["computed_ship_pct"] as? Int }, panels.map { $0["computed_ship_pct"] as? Int })
        }
        let corpus = (summary["corpus"] as! [String: Any])["matrix"] as! [String: Any]
        for (persona, stances) in matrix {
            for (stance, n) in stances { XCTAssertEqual((corpus[persona] as! [String: Any])[stance] as? Int, n, "\(persona) \(stance)") }
        }
    }

    func testCSVDefusesFormulasAndQuotes() {
        let report = CorpusAnalyzer.run(paths: [Repo.fixtures + "/pages/hostile.txt"], rules: Self.rules)
        let csv = SummaryPrinters.csv(Summary(report))
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(rows.first, "tool,persona,ship,skip,unknown,quotes,tool_computed_ship_pct,tool_panels,tool_stated_ship_pct_min,tool_stated_ship_pct_max")
        XCTAssertTrue(rows.contains { $0.hasPrefix("\"'=HYPERLINK(\"\"http://x\"\")\",") }, csv)
        XCTAssertFalse(rows.dropFirst().contains { $0.hasPrefix("=") || $0.hasPrefix("+") || $0.hasPrefix("-") || $0.hasPrefix("@") })
        for field in ["=1+1", "+1", "-1", "@cmd", "\tx"] {
            XCTAssertTrue(Sanitize.csvField(field).hasPrefix("'"), field)
        }
    }

    func testVeryLongToolNamesStayInEightyColumns() {
        let long = String(repeating: "Extraordinarily Long Tool Name ", count: 6).trimmingCharacters(in: .whitespaces)
        let page = """
        AI tool comparison
        \(long) vs Short
        Which one should you ship with?
        Developer Tools
        \(long)
        Tagline
        50%
        Panel ship
        —
        Community
        Free
        Entry
        Description.
        Developer Tools
        Short
        Tagline
        50%
        Panel ship
        —
        Community
        Paid
        Entry
        Description.
        Reviewer scorecard
        “The primitive is small and the first ten minutes were painless. I'd ship it.”
        “Setup took an hour and the docs are thin. I'd skip it.”
        Weekly AI Tool Verdicts
        """
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("panelist-long-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("long.txt").path
        try? page.write(toFile: path, atomically: true, encoding: .utf8)
        let report = CorpusAnalyzer.run(paths: [path], rules: Self.rules)
        XCTAssertEqual(report.tools.first?.name, long)
        let text = SummaryPrinters.text(Summary(report), view: .all)
        for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
        XCTAssertTrue(text.contains("…"))
        let html = SummaryHTML.render(Summary(report), report: report)
        XCTAssertTrue(html.contains(long), "the full name stays in the HTML tables")
    }

    func testSinglePageCorpus() throws {
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus/000_0a16dc68769498f0.txt")], rules: Self.rules)
        let s = Summary(report)
        XCTAssertEqual(s.tools.count, 2)
        XCTAssertEqual(s.pages.count, 1)
        XCTAssertEqual(s.pages[0].verdict, "more reviewers would ship Windsurf SWE-1 Family (4 of 4) than SmolAgents 2.0 (3 of 4); they differ on business")
        XCTAssertEqual(s.pages[0].differing, ["business"])
        XCTAssertEqual(s.ranking.map(\.tool), ["Windsurf SWE-1 Family", "SmolAgents 2.0"])
        XCTAssertEqual(s.tools[0].dissents.map(\.persona), ["business"])
        XCTAssertTrue(s.tools[0].dissents[0].sentence.hasPrefix("Skip as a standalone business bet"))
        for view in SummaryView.allCases {
            XCTAssertFalse(SummaryPrinters.text(s, view: view).isEmpty)
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(SummaryPrinters.json(s, view: view).utf8)))
        }
        XCTAssertEqual(SummaryPrinters.csv(s).components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 1 + 2 * 4)
    }

    func testHTMLIsSelfContainedAndEscaped() {
        let report = CorpusAnalyzer.run(paths: [Repo.fixtures + "/pages/hostile.txt", Repo.path("corpus/000_0a16dc68769498f0.txt")], rules: Self.rules)
        let html = SummaryHTML.render(Summary(report), report: report)
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertFalse(html.lowercased().contains("<img"))
        XCTAssertFalse(html.contains("http://") && !html.contains("HYPERLINK(&quot;http://x&quot;)"))
        XCTAssertFalse(html.contains("src=\"http"), "no external fetches")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("Content-Security-Policy"))
        XCTAssertEqual(html.components(separatedBy: "class=\"bar-row\"").count - 1, report.tools.count)
    }
}
