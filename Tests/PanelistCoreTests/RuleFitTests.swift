@testable import PanelistCore
import XCTest

final class RuleFitTests: XCTestCase {
    /// Two labels (0 = ship, 1 = skip). Rule 0 votes ship and is always right; rule 1 votes
    /// skip but fires on ship quotes; rule 2 votes skip and is right. Fitting raises 0 and 2, lowers 1.
    func examples() -> [RuleFit.Example] {
        var out: [RuleFit.Example] = []
        for _ in 0..<6 { out.append(.init(hits: [(0, 0, 1), (1, 1, 1)], fixed: [0.4, 0], gold: 0)) }
        for _ in 0..<4 { out.append(.init(hits: [(2, 1, 1)], fixed: [0.4, 0], gold: 1)) }
        for _ in 0..<2 { out.append(.init(hits: [(0, 0, 1)], fixed: [0.4, 0], gold: 0)) }
        return out
    }

    func testFittingMovesWeightsTheExpectedWay() {
        let initial = [1.0, 1.0, 1.0]
        let w = RuleFit.fit(examples(), labels: 2, initial: initial)
        XCTAssertGreaterThan(w[0], initial[0])
        XCTAssertLessThan(w[1], initial[1])
        XCTAssertGreaterThan(w[2], initial[2])
        XCTAssertTrue(w.allSatisfy { $0 >= 0 })
    }

    func testFittingIsDeterministicAndPulledTowardsTheStart() {
        let a = RuleFit.fit(examples(), labels: 2, initial: [1, 1, 1])
        let b = RuleFit.fit(examples(), labels: 2, initial: [1, 1, 1])
        XCTAssertEqual(a, b)
        var strong = RuleFit.Options()
        strong.lambda = 100
        let held = RuleFit.fit(examples(), labels: 2, initial: [1, 1, 1], options: strong)
        XCTAssertEqual(held, [1, 1, 1])
    }

    func testThresholdDecidesMostQuotesRight() {
        let t = RuleFit.threshold(examples(), labels: 2, weights: [3, 0, 3], candidates: [0.5, 0.6, 0.99], current: 0.6)
        XCTAssertEqual(t, 0.6)
    }

    /// The shipped stance and persona files say when and on what their weights were fitted.
    func testShippedWeightsSayWhereTheyCameFrom() throws {
        for name in ["stance.yaml", "personas.yaml"] {
            let text = try String(contentsOfFile: Repo.path("rules/" + name), encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("# Weights fitted by 'panelist rules fit' on "), name)
        }
    }

    func testRewriteReplacesWeightsThresholdAndNote() {
        let yaml = """
        kind: stance
        settings:
          labels: [ship, skip]
          min_confidence: 0.6
        rules:
          - id: a.rule
            label: ship
            weight: 1
            pattern: 'a'
          - id: b.rule
            label: skip
            weight: 2
            pattern: 'b'
        """
        let once = RuleFit.rewrite(yaml, weights: ["b.rule": 2.5], minConfidence: 0.55, note: "on 2026-01-01 from x (3 labelled quotes).")
        XCTAssertTrue(once.hasPrefix("# Weights fitted by 'panelist rules fit' on 2026-01-01 from x"))
        XCTAssertTrue(once.contains("  min_confidence: 0.55"))
        XCTAssertTrue(once.contains("    weight: 1\n"))
        XCTAssertTrue(once.contains("    weight: 2.5\n"))
        let twice = RuleFit.rewrite(once, weights: ["b.rule": 2.5], minConfidence: 0.55, note: "on 2026-01-02 from y.")
        XCTAssertEqual(twice.components(separatedBy: "# Weights fitted").count, 2)
        XCTAssertTrue(twice.hasPrefix("# Weights fitted by 'panelist rules fit' on 2026-01-02 from y."))
    }

    /// On real labelled pages: fitting twice gives the same weights, and the fitted rules still load.
    func testFitOnSeedsIsDeterministic() throws {
        let rules = try Repo.rules()
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus/000_0a16dc68769498f0.txt"), Repo.path("corpus/001_039fe896cf5aa479.txt")], rules: rules)
        let labels = try PageLabels.load(directory: Repo.fixtures + "/labels").filter { $0.file.hasPrefix("00") }
        let e = Evaluation.run(report: report, labels: labels, rules: rules)
        let (ids, initial, examples, names) = RuleFit.examples(e, field: "stance", rules: rules)
        XCTAssertFalse(ids.isEmpty)
        XCTAssertEqual(examples.count, 16)
        XCTAssertEqual(RuleFit.fit(examples, labels: names.count, initial: initial), RuleFit.fit(examples, labels: names.count, initial: initial))
    }
}
