import Foundation
import XCTest

/// The Hyperscan path and the PCRE2 path give the same bytes: hits, offsets,
/// matched words and every decision, on every corpus the repository has.
final class ScannerPathTests: XCTestCase {
    /// Every folder of pages: the examples, the fixtures, the blind batches and, when
    /// ../shared is there, the labelled dev pages and the seeds.
    static var corpora: [String] {
        var dirs = ["corpus", "Tests/Fixtures/pages", "Tests/Fixtures/damaged", "Tests/Fixtures/hostile",
                    "Tests/Fixtures/blind"]
        let shared = Binary.root.deletingLastPathComponent().appendingPathComponent("shared").path
        for d in ["corpus-dev", "seeds"] where FileManager.default.fileExists(atPath: shared + "/" + d) {
            dirs.append(shared + "/" + d)
        }
        return dirs
    }

    func hyperscanRuns() throws -> Bool {
        let probe = try Binary.run(["analyze", "corpus/mem0-vs-zep.txt", "--format", "jsonl"], environment: ["PANELIST_SCANNER": "hyperscan"])
        if probe.stderr.contains("PANELIST_SCANNER=hyperscan") || probe.stderr.contains("Hyperscan could not") {
            print("ScannerPathTests: Hyperscan is not available here (\(probe.stderr.split(separator: "\n").first ?? "")): only the PCRE2 path runs")
            return false
        }
        return true
    }

    func testBothPathsGiveTheSameBytesOnEveryCorpus() throws {
        guard try hyperscanRuns() else { throw XCTSkip("libhs not available: the PCRE2 path alone is tested") }
        for dir in Self.corpora {
            for format in ["jsonl", "json"] {
                var args = ["analyze", dir, "--format", format]
                if format == "jsonl" { args += ["--evidence", "spans"] }
                let pcre2 = try Binary.run(args, environment: ["PANELIST_SCANNER": "pcre2"])
                let hyperscan = try Binary.run(args, environment: ["PANELIST_SCANNER": "hyperscan"])
                XCTAssertEqual(pcre2.status, hyperscan.status, "\(dir) \(format)")
                XCTAssertEqual(pcre2.stderr, hyperscan.stderr, "\(dir) \(format)")
                XCTAssertTrue(pcre2.stdout == hyperscan.stdout, "\(dir) --format \(format): the scanners disagree")
            }
        }
    }

    /// Lint and explain use the same scan: their output is the same on both paths too.
    func testLintAndExplainAgree() throws {
        guard try hyperscanRuns() else { throw XCTSkip("libhs not available") }
        for args in [["lint", "corpus", "--format", "json"], ["lint", "Tests/Fixtures/drafts", "--format", "json"],
                     ["explain", "corpus/mem0-vs-zep.txt"]] {
            let pcre2 = try Binary.run(args, environment: ["PANELIST_SCANNER": "pcre2"])
            let hyperscan = try Binary.run(args, environment: ["PANELIST_SCANNER": "hyperscan"])
            XCTAssertEqual(pcre2.status, hyperscan.status, args.joined(separator: " "))
            XCTAssertTrue(pcre2.stdout == hyperscan.stdout, args.joined(separator: " "))
        }
    }

    /// Quotes with letters beyond ASCII (where Hyperscan's ASCII `\b` would differ), lookbehinds,
    /// `name` groups, a rule whose matches overlap each other, and a case-sensitive rule.
    func testEdgeCasesAgree() throws {
        guard try hyperscanRuns() else { throw XCTSkip("libhs not available") }
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rules = dir.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        let stance = """
        kind: stance
        settings:
          labels: [ship, skip]
        rules:
          - id: stance.ship.word
            label: ship
            pattern: '\\bship\\b|\\bcafé\\b'
          - id: stance.ship.overlap
            label: ship
            pattern: 'ab|b c|\\bc\\b'
          - id: stance.ship.after-stop
            label: ship
            pattern: '(?<=\\. )Ship\\b'
            case_sensitive: true
          - id: stance.skip.words
            label: skip
            pattern: '\\b(?:skip|pass)(?: it)?\\b|\\bk\\w+'
        """
        try stance.write(to: rules.appendingPathComponent("stance.yaml"), atomically: true, encoding: .utf8)
        for name in ["personas.yaml", "layout.yaml", "competitors.yaml", "horizons.yaml", "risks.yaml"] {
            try FileManager.default.copyItem(at: Binary.root.appendingPathComponent("rules/" + name), to: rules.appendingPathComponent(name))
        }
        let quotes = [
            "Ship it. Ship it now: ab c and abb c, skip it, pass.",
            "Café culture: ship the café, skip the caféine; Kelvin K and kilo (K) — ship.",
            "Überall ship, naïve skip; straße pass; ſkip it.",
            "No cues here at all.",
        ]
        // A real page's layout, its quotes replaced.
        var lines = try String(contentsOf: Binary.root.appendingPathComponent("corpus/mem0-vs-zep.txt"), encoding: .utf8)
            .components(separatedBy: "\n")
        var next = 0
        for i in lines.indices where lines[i].hasPrefix("\u{201C}") {
            lines[i] = "\u{201C}" + quotes[next % quotes.count] + "\u{201D}"
            next += 1
        }
        let page = lines.joined(separator: "\n")
        try page.write(to: dir.appendingPathComponent("page.txt"), atomically: true, encoding: .utf8)
        let args = ["analyze", dir.appendingPathComponent("page.txt").path, "--rules", rules.path, "--format", "jsonl", "--evidence", "spans"]
        let pcre2 = try Binary.run(args, environment: ["PANELIST_SCANNER": "pcre2"])
        let hyperscan = try Binary.run(args, environment: ["PANELIST_SCANNER": "hyperscan"])
        XCTAssertEqual(pcre2.stderr, hyperscan.stderr)
        XCTAssertTrue(pcre2.stdout == hyperscan.stdout, "pcre2:\n\(pcre2.stdout)\nhyperscan:\n\(hyperscan.stdout)")
        XCTAssertTrue(pcre2.stdout.contains("stance.ship.overlap"), pcre2.stdout + pcre2.stderr)
    }
}
