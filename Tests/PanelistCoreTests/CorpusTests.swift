@testable import PanelistCore
import XCTest

/// The engine measured against labelled pages: the seeds (always, from the
/// fixtures), our own held-out pages, and ../shared/corpus-dev when present.
final class CorpusTests: XCTestCase {
    static let rules = try! Repo.rules()

    func evaluate(labels: String, paths: [String], slotPrior: Bool = true) throws -> Evaluation {
        let report = CorpusAnalyzer.run(paths: paths, rules: Self.rules, options: AnalyzeOptions(slotPrior: slotPrior))
        return Evaluation.run(report: report, labels: try PageLabels.load(directory: labels).filter { l in
            paths.contains { FileManager.default.fileExists(atPath: $0 + "/" + l.file) || $0.hasSuffix(l.file) }
        }, rules: Self.rules)
    }

    func testSeedsEveryQuoteMatchesItsLabels() throws {
        let seeds = [Repo.path("corpus/000_0a16dc68769498f0.txt"), Repo.path("corpus/001_039fe896cf5aa479.txt")]
        for slotPrior in [true, false] {
            let e = try evaluate(labels: Repo.fixtures + "/labels", paths: seeds, slotPrior: slotPrior)
            XCTAssertEqual(e.items.count, 16)
            for item in e.items {
                let persona = slotPrior ? item.quote.persona.label : item.personaNoSlot.label
                XCTAssertEqual(persona, item.gold.persona, "\(item.page)#\(item.index) persona, slot prior \(slotPrior)")
                XCTAssertEqual(item.quote.stance.label, item.gold.stance, "\(item.page)#\(item.index) stance")
            }
        }
    }

    func testSeedsComputedPanelsEqualStated() {
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus/000_0a16dc68769498f0.txt"), Repo.path("corpus/001_039fe896cf5aa479.txt")], rules: Self.rules)
        XCTAssertEqual(report.tools.map(\.name), ["SmolAgents 2.0", "Windsurf SWE-1 Family", "Claw Code"])
        for tool in report.tools {
            for panel in tool.panels {
                XCTAssertEqual(panel.computedShipPct, panel.statedShipPct, "\(tool.name) on \(panel.page)")
                XCTAssertEqual(panel.consistent, true)
            }
        }
        // SmolAgents is on both pages: one tool, each identical quote once with two places.
        let smol = report.tools[0]
        XCTAssertEqual(smol.panels.count, 2)
        XCTAssertEqual(smol.quotes.count, 4)
        XCTAssertEqual(smol.quotes.map(\.occurrences.count), [2, 2, 2, 2])
    }

    func testOwnPagesHeldOut() throws {
        let e = try evaluate(labels: Repo.fixtures + "/labels", paths: [Repo.path("corpus")])
        XCTAssertGreaterThanOrEqual(e.items.count, 53)
        XCTAssertGreaterThanOrEqual(e.persona.accuracy, 0.95)
        XCTAssertGreaterThanOrEqual(e.personaNoSlot.accuracy, 0.85)
        XCTAssertGreaterThanOrEqual(e.stance.accuracy, 0.9)
    }

    func testDevCorpusMeetsTheBar() throws {
        try Repo.requireShared()
        let dev = Repo.shared + "/corpus-dev"
        let e = try evaluate(labels: dev, paths: [dev])
        XCTAssertEqual(e.items.count, 64)
        XCTAssertEqual(e.missing, [])
        XCTAssertGreaterThanOrEqual(e.persona.accuracy, 0.95, "persona with the slot signal")
        XCTAssertGreaterThanOrEqual(e.personaNoSlot.accuracy, 0.85, "persona from content alone")
        XCTAssertGreaterThanOrEqual(e.stance.accuracy, 0.95, "stance")
        XCTAssertEqual(e.panelsAgreeing, e.panelsChecked, "panel consistency agrees with the labels")
        XCTAssertGreaterThanOrEqual(e.risks.recall, 0.90, "risk recall")
        XCTAssertGreaterThanOrEqual(e.risks.precision, 0.75, "risk precision")
        XCTAssertGreaterThanOrEqual(e.risks.categoryAccuracy, 0.80, "risk category")
        XCTAssertGreaterThanOrEqual(e.competitors.recall, 0.90, "competitor recall")
        XCTAssertGreaterThanOrEqual(e.competitors.precision, 0.85, "competitor precision")
    }
}
