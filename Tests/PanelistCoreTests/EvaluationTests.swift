@testable import PanelistCore
import XCTest

final class EvaluationTests: XCTestCase {
    static let rules = try! Repo.rules()

    /// The figures `panelist eval` prints for the seed pages. A change to the
    /// rules that moves them must move this test too, on purpose.
    func testSeedFiguresArePinned() throws {
        let seeds = [Repo.path("corpus/000_0a16dc68769498f0.txt"), Repo.path("corpus/001_039fe896cf5aa479.txt")]
        let report = CorpusAnalyzer.run(paths: seeds, rules: Self.rules)
        let labels = try PageLabels.load(directory: Repo.fixtures + "/labels").filter { $0.file.hasPrefix("00") }
        let e = Evaluation.run(report: report, labels: labels, rules: Self.rules)
        XCTAssertEqual(e.items.count, 16)
        XCTAssertEqual([e.persona.correct, e.personaNoSlot.correct, e.stance.correct], [16, 16, 16])
        XCTAssertEqual([e.risks.found, e.risks.expected, e.risks.categoryCorrect], [22, 22, 22])
        XCTAssertEqual([e.risks.truePositives, e.risks.predicted], [19, 30])
        XCTAssertEqual([e.competitors.found, e.competitors.expected, e.competitors.truePositives, e.competitors.predicted], [32, 32, 32, 32])
        XCTAssertEqual([e.panelsChecked, e.panelsAgreeing, e.computedEqualsStated], [4, 4, 4])
        XCTAssertEqual(e.persona.perClass.map(\.f1), [1, 1, 1, 1])
        XCTAssertEqual(e.stance.confusion["skip"]?["skip"], 3)
        XCTAssertEqual(EvaluationPrinter.row(e),
                       "row: pages 2 | quotes 16 | stance 1.00 | persona (content only) 1.00 | unknown 0.00 | risk R/P 1.00 / 0.63 | competitor R/P 1.00 / 1.00 | panels reconciled 1.00 (4/4)")
    }

    /// An `unknown` stance leaves a panel open rather than disagreeing, unless no outcome could give the stated %.
    func testUnknownStanceLeavesPanelUndetermined() throws {
        let dir = NSTemporaryDirectory() + "panelist-undetermined-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var page = try String(contentsOfFile: Repo.path("corpus/000_0a16dc68769498f0.txt"), encoding: .utf8)
        let report0 = CorpusAnalyzer.run(paths: [Repo.path("corpus/000_0a16dc68769498f0.txt")], rules: Self.rules)
        // Replace the first quote with one that gives no verdict at all.
        let first = try XCTUnwrap(report0.tools.first?.quotes.first?.text)
        page = page.replacingOccurrences(of: first, with: "The sidebar is blue.")
        try page.write(toFile: dir + "/p.txt", atomically: true, encoding: .utf8)
        let report = CorpusAnalyzer.run(paths: [dir + "/p.txt"], rules: Self.rules)
        let panel = try XCTUnwrap(report.tools.first?.panels.first)
        XCTAssertEqual(panel.unknown, 1)
        XCTAssertNil(panel.consistent)
    }

    func testClassMetrics() {
        let m = ClassMetrics(labels: ["a", "b"], pairs: [("a", "a"), ("a", "b"), ("b", "b"), ("b", "unknown")])
        XCTAssertEqual(m.accuracy, 0.5)
        XCTAssertEqual(m.perClass[0].precision, 1)
        XCTAssertEqual(m.perClass[0].recall, 0.5)
        XCTAssertEqual(m.perClass[1].precision, 0.5)
        XCTAssertEqual(m.confusion["b"]?["unknown"], 1)
    }

    func testRuleStatsFlagCoverageOverlapAndConflict() throws {
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus")], rules: Self.rules)
        let labels = try PageLabels.load(directory: Repo.fixtures + "/labels")
        let e = Evaluation.run(report: report, labels: labels, rules: Self.rules)
        let primitive = try XCTUnwrap(e.rules.first { $0.id == "persona.dx.primitive" })
        XCTAssertGreaterThanOrEqual(primitive.coverage, 2)
        XCTAssertEqual(primitive.accuracy, 1)
        XCTAssertTrue(e.rules.contains { $0.conflicts > 0 })
        XCTAssertTrue(EvaluationPrinter.text(e, showErrors: true).contains("confusion"))
        let json = try JSONSerialization.jsonObject(with: Data(EvaluationPrinter.json(e).utf8)) as! [String: Any]
        XCTAssertEqual(json["schema"] as? String, "panelist.eval/1")
    }

    /// A found and a labelled competitor name pair when they are one entity at two levels of
    /// detail, one to one; a found vendor does not stand for a labelled product of its.
    func testCompetitorNamesPairAcrossLevelsOfDetail() {
        func pairs(_ found: Set<String>, _ labelled: Set<String>, vendors: Set<String> = []) -> Set<String> {
            Set(Evaluation.pairNames(found: found, labelled: labelled, vendors: vendors).map { "\($0.found)=\($0.labelled)" })
        }
        XCTAssertEqual(pairs(["veo"], ["veo 3"]), ["veo=veo 3"])
        XCTAssertEqual(pairs(["fireflies.ai"], ["fireflies"]), ["fireflies.ai=fireflies"])
        XCTAssertEqual(pairs(["jules"], ["google jules"]), ["jules=google jules"])
        XCTAssertEqual(pairs(["anthropic computer use"], ["anthropic"], vendors: ["anthropic"]), ["anthropic computer use=anthropic"])
        XCTAssertEqual(pairs(["google"], ["google sheets"], vendors: ["google"]), [])
        XCTAssertEqual(pairs(["cursor"], ["cursorial"]), [], "whole words only")
        XCTAssertEqual(pairs(["ai"], ["ai studio"]), [], "a name of under three letters pairs with nothing")
        // One to one: the exact name takes the label first, the near name stays unpaired.
        XCTAssertEqual(pairs(["veo", "veo 3"], ["veo 3"]), ["veo 3=veo 3"])
    }
}
