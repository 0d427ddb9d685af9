import Foundation
@testable import PanelistCore
import XCTest

/// A seeded mutation run of every reader and the rule loader: deterministic,
/// bounded (the counts below: 2,300 executions), part of `make test`. Longer
/// runs: docs/robustness.md (PANELIST_FUZZ_RUNS).
final class FuzzTests: XCTestCase {
    static let rules = try! Repo.rules()

    static func seeds(_ dirs: [String], _ extensions: Set<String>) -> [[UInt8]] {
        dirs.flatMap { dir -> [[UInt8]] in
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: Repo.path(dir))) ?? []).sorted()
            return names.filter { extensions.contains(($0 as NSString).pathExtension) }
                .compactMap { FileManager.default.contents(atPath: Repo.path(dir + "/" + $0)).map { [UInt8]($0) } }
        }
    }

    /// Runs `count` mutants of the seeds (times PANELIST_FUZZ_RUNS / 1000 when set); every failure names its seed number and the mutant.
    func fuzz(_ kind: FuzzTarget.Kind, seeds: [[UInt8]], count: Int, seed: UInt64) {
        XCTAssertFalse(seeds.isEmpty, "\(kind): no seeds")
        let scale = ProcessInfo.processInfo.environment["PANELIST_FUZZ_RUNS"].flatMap(Int.init).map { max(1, $0) } ?? 1_000
        let runs = count * scale / 1_000
        var mutator = SeededMutator(seed: seed)
        let analyzer = Analyzer(rules: Self.rules)
        var failures: [String] = []
        for n in 0..<runs {
            let base = seeds[mutator.below(seeds.count)]
            let mutant = mutator.mutate(base, other: seeds[mutator.below(seeds.count)])
            do { try FuzzTarget.run(kind, mutant, rules: Self.rules, analyzer: analyzer) } catch {
                let file = NSTemporaryDirectory() + "panelist-fuzz-\(kind)-\(seed)-\(n).bin"
                _ = FileManager.default.createFile(atPath: file, contents: Data(mutant))
                failures.append("#\(n) (saved as \(file)): \(error)")
                if failures.count >= 5 { break }
            }
        }
        XCTAssertEqual(failures, [], "\(kind)")
        print("fuzz \(kind): \(runs) executions, \(failures.count) failures (seed \(seed))")
    }

    func testPageReaderAnalysisAndReport() {
        fuzz(.page, seeds: Self.seeds(["corpus", "Tests/Fixtures/damaged", "Tests/Fixtures/pages", "Tests/Fixtures/hostile"], ["txt"]), count: 1_000, seed: 11)
    }

    func testDraftReader() {
        fuzz(.draft, seeds: Self.seeds(["Tests/Fixtures/drafts", "Tests/Fixtures/damaged", "corpus/drafts"], ["md"]), count: 500, seed: 12)
    }

    func testJSONLinesReader() {
        fuzz(.jsonLines, seeds: Self.seeds(["Tests/Fixtures/drafts", "Tests/Fixtures/damaged", "corpus/drafts"], ["jsonl"]), count: 500, seed: 13)
    }

    func testRuleLoader() {
        let small = Self.seeds(["rules"], ["yaml"]).filter { $0.count < 4_000 } + [Array("""
        kind: persona
        settings:
          labels: [dx, business]
        rules:
          - id: persona.dx.fuzz
            label: dx
            weight: 2
            pattern: '\\bprimitive\\b'
            examples:
              match: ["The primitive is clean"]
              no_match: ["primitives"]

        """.utf8)]
        fuzz(.rules, seeds: small, count: 300, seed: 14)
    }
}
