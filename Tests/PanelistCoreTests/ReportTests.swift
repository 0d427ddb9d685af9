@testable import PanelistCore
import XCTest

final class ReportTests: XCTestCase {
    static let rules = try! Repo.rules()

    func json(_ paths: [String], workers: Int = 2, slotPrior: Bool = true) -> String {
        var options = AnalyzeOptions(slotPrior: slotPrior)
        options.workers = workers
        options.batchSize = 3
        return ReportJSON.render(CorpusAnalyzer.run(paths: paths, rules: Self.rules, options: options))
    }

    func testJSONContract() throws {
        let text = json([Repo.path("corpus")])
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        XCTAssertEqual(object["schema"] as? String, "panelist.report/1")
        let pages = object["pages"] as! [[String: Any]]
        XCTAssertEqual(pages.count, 17)
        let tools = object["tools"] as! [[String: Any]]
        for tool in tools {
            for key in ["name", "entry", "community", "panels", "quotes"] { XCTAssertTrue(tool.keys.contains(key), key) }
            for panel in tool["panels"] as! [[String: Any]] {
                for key in ["page", "stated_ship_pct", "computed_ship_pct", "ship", "skip", "consistent"] { XCTAssertTrue(panel.keys.contains(key), key) }
            }
            for quote in tool["quotes"] as! [[String: Any]] {
                for key in ["id", "text", "occurrences", "persona", "stance", "risks", "competitors"] { XCTAssertTrue(quote.keys.contains(key), key) }
                for o in quote["occurrences"] as! [[String: Any]] {
                    for key in ["page", "index", "line", "column"] { XCTAssertTrue(o.keys.contains(key), key) }
                }
                for field in ["persona", "stance"] {
                    let d = quote[field] as! [String: Any]
                    let confidence = d["confidence"] as! Double
                    XCTAssertTrue((0...1).contains(confidence))
                    XCTAssertNotNil(d["label"] as? String)
                    for e in d["evidence"] as! [[String: Any]] {
                        XCTAssertNotNil(e["rule"] as? String)
                        XCTAssertTrue(e.keys.contains("span"))
                    }
                }
            }
        }
        let smol = tools.first { $0["name"] as? String == "SmolAgents 2.0" }!
        let first = (smol["quotes"] as! [[String: Any]])[0]
        let places = first["occurrences"] as! [[String: Any]]
        XCTAssertEqual(places.map { $0["page"] as! String }.map { ($0 as NSString).lastPathComponent }, ["000_0a16dc68769498f0.txt", "001_039fe896cf5aa479.txt"])
        XCTAssertEqual(places.map { $0["index"] as! Int }, [1, 2])
    }

    func testSameInputSameBytesWhateverTheWorkers() {
        let paths = [Repo.path("corpus")]
        let a = json(paths, workers: 1), b = json(paths, workers: 2), c = json(paths, workers: 2)
        XCTAssertEqual(a, b)
        XCTAssertEqual(b, c)
    }

    func testOtherFormatsRenderEveryTool() {
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus")], rules: Self.rules)
        let text = ReportText.render(report), markdown = ReportMarkdown.render(report)
        for tool in report.tools {
            XCTAssertTrue(text.contains(tool.name), tool.name)
            XCTAssertTrue(markdown.contains(Sanitize.markdownCell(tool.name)), tool.name)
        }
    }

    func testHostileTextIsDefused() {
        let report = CorpusAnalyzer.run(paths: [Repo.fixtures + "/pages/hostile.txt"], rules: Self.rules)
        let text = ReportText.render(report), markdown = ReportMarkdown.render(report)
        XCTAssertFalse(text.contains("\u{1B}"))
        XCTAssertFalse(markdown.contains("<script>"))
        XCTAssertTrue(markdown.contains("\\<script\\>"))
        XCTAssertFalse(markdown.contains("&#39;") || markdown.contains("&lt;") || markdown.contains("&amp;"), "no HTML entities in Markdown")
        XCTAssertEqual(Sanitize.csvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"")
        XCTAssertEqual(Sanitize.csvField("@SUM(1)"), "'@SUM(1)")
        XCTAssertEqual(Sanitize.html("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;")
    }

    func testBadPagesAreNamedAndTheRestStillAnalysed() {
        let report = CorpusAnalyzer.run(paths: [Repo.fixtures + "/pages", Repo.path("corpus/000_0a16dc68769498f0.txt"), "/no/such/path"], rules: Self.rules)
        XCTAssertTrue(report.hasErrors)
        let codes = Set(report.diagnostics.map(\.code))
        XCTAssertTrue(codes.isSuperset(of: ["input.missing", "reader.empty", "reader.encoding", "reader.no-scorecard", "reader.odd-quotes"]), "\(codes)")
        XCTAssertTrue(report.tools.contains { $0.name == "SmolAgents 2.0" })
        // The odd page's three quotes are still reported.
        XCTAssertEqual(report.tools.filter { ["Foo", "Bar"].contains($0.name) }.flatMap(\.quotes).count, 3)
    }
}
