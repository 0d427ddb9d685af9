@testable import PanelistCore
import XCTest

final class ReaderTests: XCTestCase {
    func testPlainSeedPage() {
        let page = PageReader.read(path: Repo.path("corpus/000_0a16dc68769498f0.txt"))
        XCTAssertEqual(page.layout, .plain)
        XCTAssertEqual(page.title, "SmolAgents 2.0 vs Windsurf SWE-1 Family")
        XCTAssertEqual(page.tools.map(\.name), ["SmolAgents 2.0", "Windsurf SWE-1 Family"])
        XCTAssertEqual(page.tools.map(\.statedShipPct), [75, 100])
        XCTAssertEqual(page.tools.map(\.entry), ["Free", "Free"])
        XCTAssertEqual(page.tools.map(\.community), [nil, nil])
        XCTAssertEqual(page.tools[0].category, "Developer Tools")
        XCTAssertEqual(page.tools[0].tagline, "Lightweight AI agents with sandboxed Python execution via WebAssembly")
        XCTAssertTrue(page.tools[1].description!.hasPrefix("Windsurf (formerly Codeium)"))
        XCTAssertEqual(page.quotes.count, 8)
        XCTAssertEqual(page.quotes.map(\.toolIndex), [0, 1, 0, 1, 0, 1, 0, 1])
        XCTAssertEqual(page.quotes[0].line, 25)
        XCTAssertEqual(page.quotes[0].column, 2)
        XCTAssertTrue(page.quotes[0].text.hasPrefix("The primitive here is clean"))
        XCTAssertFalse(page.quotes[0].text.hasSuffix("\u{201D}"))
        XCTAssertFalse(page.truncated)
        XCTAssertEqual(page.diagnostics, [])
    }

    func testRichLayoutWithDecisionBlockAndHeaders() {
        let page = PageReader.read(path: Repo.path("corpus/rich-zed-vs-continue.txt"))
        XCTAssertEqual(page.layout, .rich)
        XCTAssertEqual(page.tools.map(\.name), ["Zed AI", "Continue"])
        XCTAssertEqual(page.tools.map(\.badge), ["Mixed", "Ship"])
        XCTAssertEqual(page.tools.map(\.statedShipPct), [50, 75])
        XCTAssertEqual(page.tools.map(\.community), [nil, "64%"], "a missing community value line is no community")
        XCTAssertEqual(page.tools.map(\.entry), ["Freemium", "Free"])
        XCTAssertEqual(page.tools.map(\.pricing), ["Free / $20/mo Pro", "Free / Teams $10/seat"])
        XCTAssertEqual(page.tools[0].verdict, "Mixed · 2 ship / 2 skip")
        XCTAssertEqual(page.tools[1].category, "Coding Assistants")
        XCTAssertTrue(page.tools[0].description!.hasPrefix("Zed is a high-performance"))
        XCTAssertEqual(page.quotes.count, 8)
        XCTAssertEqual(page.quotes[0].stated, StatedReview(reviewer: "Builder", score: 84, stance: "ship", line: 76))
        XCTAssertEqual(page.quotes[0].line, 79)
        XCTAssertEqual(page.quotes[0].column, 1)
        XCTAssertEqual(page.quotes.compactMap(\.stated?.reviewer), ["Builder", "Builder", "Skeptic", "Skeptic", "Futurist", "Futurist", "Operator", "Operator"])
        XCTAssertEqual(page.diagnostics, [])
    }

    func testRichAndPlainCopiesOfOnePageAgree() throws {
        try Repo.requireShared()
        let plain = PageReader.read(path: Repo.shared + "/corpus-dev/dev-01.txt")
        let rich = PageReader.read(path: Repo.shared + "/corpus-dev/rich-01.txt")
        XCTAssertEqual(plain.quotes.map(\.text), rich.quotes.map(\.text))
        XCTAssertEqual(plain.tools.map(\.name), rich.tools.map(\.name))
        XCTAssertEqual(plain.tools.map(\.statedShipPct), rich.tools.map(\.statedShipPct))
    }

    func testPunctuatedNamesThreeReviewersAndPercentInTagline() {
        let page = PageReader.read(path: Repo.path("corpus/plain-beads-vs-code-llama.txt"))
        XCTAssertEqual(page.tools.map(\.name), ["Beads (bd)", "Code Llama 4 (70B & 400B)"])
        XCTAssertEqual(page.tools.map(\.statedShipPct), [67, 33])
        XCTAssertEqual(page.tools[1].tagline, "Open-weight code models; 40% cheaper to serve than the last generation at $0.90/M tokens")
        XCTAssertEqual(page.tools[1].community, "12%")
        XCTAssertEqual(page.quotes.count, 6)
        XCTAssertEqual(page.quotes.map(\.slot), [0, 0, 1, 1, 2, 2])
    }

    func testCutOffMidHeading() {
        let page = PageReader.read(path: Repo.path("corpus/cut-off-devin-vs-openhands.txt"))
        XCTAssertTrue(page.truncated)
        XCTAssertEqual(page.tools.map(\.name), ["Devin", "OpenHands"])
        XCTAssertEqual(page.tools[1].description, "OpenHands is an open-source platform for coding agents that can modify code, run commands, browse the web and call APIs. It can run locally in Docker or as a hosted service, and works with most model providers.\nReviewer sco")
        XCTAssertEqual(page.quotes.count, 0)
        XCTAssertEqual(page.diagnostics.map(\.code), ["reader.truncated"])
        XCTAssertEqual(page.diagnostics[0].severity, .warning)
    }

    func testCutOffMidQuote() {
        let page = PageReader.read(path: Repo.path("corpus/cut-off-mid-scorecard.txt"))
        XCTAssertTrue(page.truncated)
        XCTAssertEqual(page.quotes.count, 2)
        XCTAssertFalse(page.quotes[0].truncated)
        XCTAssertTrue(page.quotes[1].truncated)
        XCTAssertTrue(page.quotes[1].text.hasSuffix("which is more than"))
        XCTAssertEqual(Set(page.diagnostics.map(\.code)), ["reader.truncated", "reader.truncated-quote"])
        XCTAssertFalse(page.diagnostics.contains { $0.severity == .error })
    }

    func testCutOffMidDescriptionStillNamesBothTools() {
        let text = "AI tool comparison\nAlpha vs Beta Two\nWhich one should you ship with? Here is the side-by-side panel verdict.\nDeveloper Tools\nAlpha\nTagline\n50%\nPanel ship\n—\nCommunity\nFree\nEntry\nAlpha is a tool that"
        let page = PageReader.parse(text, path: "cut.txt")
        XCTAssertEqual(page.tools.map(\.name), ["Alpha", "Beta Two"])
        XCTAssertEqual(page.tools[0].description, "Alpha is a tool that")
        XCTAssertEqual(page.diagnostics.map(\.code), ["reader.truncated"])
    }

    func testBadInputsAreDiagnosedNotCrashed() {
        let cases: [(String, String, Int)] = [
            ("empty.txt", "reader.empty", 1),
            ("invalid-utf8.txt", "reader.encoding", 3),
            ("no-scorecard.txt", "reader.no-scorecard", 25),
            ("odd-quotes.txt", "reader.odd-quotes", 24),
        ]
        for (file, code, line) in cases {
            let page = PageReader.read(path: Repo.fixtures + "/pages/" + file)
            XCTAssertEqual(page.diagnostics.map(\.code), [code], file)
            XCTAssertEqual(page.diagnostics.first?.line, line, file)
            XCTAssertEqual(page.diagnostics.first?.severity, .error, file)
        }
        let missing = PageReader.read(path: Repo.fixtures + "/pages/does-not-exist.txt")
        XCTAssertEqual(missing.diagnostics.map(\.code), ["reader.unreadable"])
    }

    func testOddPageStillReadsItsQuotesAndNonNumericPanel() {
        let page = PageReader.read(path: Repo.fixtures + "/pages/odd-quotes.txt")
        XCTAssertEqual(page.quotes.count, 3)
        XCTAssertEqual(page.tools[1].panelText, "N/A")
        XCTAssertNil(page.tools[1].statedShipPct)
    }

    func testDiagnosticLineIsOneLineWithoutControlCharacters() {
        let d = Diagnostic(.error, file: "a.txt", line: 3, column: 4, code: "x", "bad \u{1B}[31mred\u{1B}[0m")
        XCTAssertEqual(d.description, "a.txt:3:4: error: bad [31mred[0m [x]")
    }
}

/// Damaged copies of a seed page: each defect gives the best reading and a warning at its line.
final class DamagedPageTests: XCTestCase {
    static let seed = try! String(contentsOfFile: Repo.path("corpus/000_0a16dc68769498f0.txt"), encoding: .utf8)
    static let rich = try! String(contentsOfFile: Repo.path("corpus/rich-zed-vs-continue.txt"), encoding: .utf8)

    /// The seed with line `n` (1-based) changed.
    func edit(_ text: String, _ changes: [Int: (String) -> String?]) -> String {
        var lines = text.components(separatedBy: "\n")
        for (n, change) in changes.sorted(by: { $0.key > $1.key }) {
            if let new = change(lines[n - 1]) { lines[n - 1] = new } else { lines.remove(at: n - 1) }
        }
        return lines.joined(separator: "\n")
    }

    func assertSameReading(_ page: Page, as reference: Page, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(page.tools.map(\.name), reference.tools.map(\.name), file: file, line: line)
        XCTAssertEqual(page.quotes.map(\.text), reference.quotes.map(\.text), file: file, line: line)
        XCTAssertEqual(page.quotes.map(\.toolIndex), reference.quotes.map(\.toolIndex), file: file, line: line)
    }

    func testCRLFAndCRReadLikeLF() {
        for text in [Self.seed, Self.rich] {
            let lf = PageReader.parse(text, path: "p.txt")
            for ending in ["\r\n", "\r"] {
                let page = PageReader.parse(text.replacingOccurrences(of: "\n", with: ending), path: "p.txt")
                assertSameReading(page, as: lf)
                XCTAssertEqual(page.quotes.map(\.line), lf.quotes.map(\.line))
                XCTAssertEqual(page.quotes.map(\.column), lf.quotes.map(\.column))
                XCTAssertEqual(page.tools.map(\.statedShipPct), lf.tools.map(\.statedShipPct))
                XCTAssertEqual(page.quotes.compactMap(\.stated), lf.quotes.compactMap(\.stated))
                XCTAssertEqual(page.diagnostics, lf.diagnostics)
                XCTAssertEqual(page.lineCount, lf.lineCount)
            }
        }
        // Half LF, half CRLF.
        let lines = Self.seed.components(separatedBy: "\n")
        let mixed = lines[..<30].joined(separator: "\n") + "\n" + lines[30...].joined(separator: "\r\n")
        assertSameReading(PageReader.parse(mixed, path: "p.txt"), as: PageReader.parse(Self.seed, path: "p.txt"))
        XCTAssertEqual(PageReader.parse(mixed, path: "p.txt").diagnostics, [])
    }

    func testInvalidUTF8LineCountsCRAndCRLF() {
        XCTAssertEqual(PageReader.invalidUTF8Line(Data([0x61, 0x0D, 0x0A, 0x62, 0x0D, 0xFF])), 3)
        XCTAssertEqual(PageReader.invalidUTF8Line(Data([0x61, 0x0D, 0x62, 0x0A, 0xFF])), 3)
    }

    func testMissingOrOddQuoteMarksGiveAWarningAndKeepEveryQuote() {
        let reference = PageReader.parse(Self.seed, path: "p.txt")
        let cases: [(String, [Int: (String) -> String?], [String: Int])] = [
            ("opening missing", [26: { String($0.dropFirst()) }], ["reader.quote-unopened": 26]),
            ("opening „", [27: { "\u{201E}" + $0.dropFirst() }], ["reader.quote-mark": 27]),
            ("closing missing", [28: { String($0.dropLast()) }], ["reader.quote-unclosed": 28]),
            ("both missing", [29: { String($0.dropFirst().dropLast()) }], ["reader.quote-unopened": 29]),
            ("closing then opening missing", [25: { String($0.dropLast()) }, 26: { String($0.dropFirst()) }],
             ["reader.quote-unclosed": 25, "reader.quote-unopened": 26]),
            ("straight quotes", [30: { "\"" + $0.dropFirst().dropLast() + "\"" }], [:]),
        ]
        for (name, changes, expected) in cases {
            let page = PageReader.parse(edit(Self.seed, changes), path: "p.txt")
            XCTAssertEqual(page.quotes.count, 8, name)
            assertSameReading(page, as: reference)
            var got: [String: Int] = [:]
            for d in page.diagnostics { got[d.code] = d.line; XCTAssertEqual(d.severity, .warning, name) }
            XCTAssertEqual(page.quotes.map(\.line), reference.quotes.map(\.line), name)
            XCTAssertEqual(got, expected, name)
        }
    }

    func testAQuoteOverTwoLinesIsOneQuoteWithANote() {
        let text = edit(Self.seed, [25: { $0.replacingOccurrences(of: "a security model you", with: "a security model\n you") }])
        let page = PageReader.parse(text, path: "p.txt")
        XCTAssertEqual(page.quotes.count, 8)
        XCTAssertTrue(page.quotes[0].text.contains("a security model\nyou can"))
        XCTAssertEqual(page.diagnostics.map(\.code), ["reader.multiline-quote"])
        XCTAssertEqual(page.diagnostics[0].severity, .info)
    }

    func testCutOffPlainQuoteIsTruncatedNotUnclosed() {
        let lines = Self.seed.components(separatedBy: "\n")
        let text = lines[..<27].joined(separator: "\n") + "\n" + lines[27].prefix(60)
        let page = PageReader.parse(text, path: "p.txt")
        XCTAssertEqual(page.quotes.count, 4)
        XCTAssertTrue(page.quotes[3].truncated)
        XCTAssertFalse(page.quotes[2].truncated)
        XCTAssertEqual(Set(page.diagnostics.map(\.code)), ["reader.truncated", "reader.truncated-quote"])
    }

    func testRichQuoteWithOneMarkWarns() {
        let lines = Self.rich.components(separatedBy: "\n")
        let at = lines.firstIndex { $0.hasPrefix("Opening a large monorepo") }! + 1
        let page = PageReader.parse(edit(Self.rich, [at: { "\u{201C}" + $0 }]), path: "p.txt")
        assertSameReading(page, as: PageReader.parse(Self.rich, path: "p.txt"))
        XCTAssertEqual(page.diagnostics.map(\.code), ["reader.quote-unclosed"])
        XCTAssertEqual(page.diagnostics.first?.line, at)
    }

    func testOddTitlesAndHeadersKeepEveryQuoteWithTheRightTools() {
        let reference = PageReader.parse(Self.seed, path: "p.txt")
        let cases: [(String, String, [String])] = [
            ("vs. in the title", edit(Self.seed, [2: { $0.replacingOccurrences(of: " vs ", with: " vs. ") }]), []),
            ("versus in the title", edit(Self.seed, [2: { $0.replacingOccurrences(of: " vs ", with: " versus ") }]), []),
            ("a second Panel Ship line", edit(Self.seed, [8: { $0 + "\nPanel Ship" }]), ["reader.repeated-field"]),
            ("no title", edit(Self.seed, [1: { _ in nil }, 2: { _ in nil }, 3: { _ in nil }]), []),
            ("no line before the first card's fields", edit(Self.seed, [4: { _ in nil }, 5: { _ in nil }, 6: { _ in nil }, 7: { _ in nil }]), ["reader.card-name"]),
            ("no tagline, no title", edit(Self.seed, [1: { _ in nil }, 2: { _ in nil }, 3: { _ in nil }, 4: { _ in nil }, 6: { _ in nil }]), []),
            ("no marker line, second name line missing", edit(Self.seed, [1: { _ in nil }, 15: { _ in nil }]), ["reader.card-name"]),
            ("a stray line before the title", edit(Self.seed, [1: { $0 + "\n\u{201E}" }, 15: { _ in nil }]), ["reader.card-name"]),
        ]
        for (name, text, codes) in cases {
            let page = PageReader.parse(text, path: "p.txt")
            XCTAssertEqual(page.quotes.count, 8, name)
            XCTAssertEqual(page.tools.map(\.name), reference.tools.map(\.name), name)
            XCTAssertEqual(page.quotes.map(\.text), reference.quotes.map(\.text), name)
            XCTAssertEqual(page.diagnostics.map(\.code), codes, name)
        }
        // Nothing to name a card by: a placeholder name and a warning, never an empty name.
        let bare = edit(Self.seed, [1: { _ in nil }, 2: { _ in nil }, 3: { _ in nil }, 4: { _ in nil }, 5: { _ in nil }, 6: { _ in nil }, 7: { _ in nil }])
        let page = PageReader.parse(bare, path: "bare.txt")
        XCTAssertFalse(page.tools.contains { $0.name.isEmpty })
        XCTAssertEqual(page.quotes.count, 8)
        XCTAssertTrue(page.diagnostics.contains { $0.code == "reader.card-name" })
    }

    func testEveryQuoteReachesTheReport() throws {
        let rules = try Repo.rules()
        let variants = [
            edit(Self.seed, [2: { $0.replacingOccurrences(of: " vs ", with: " vs. ") }]),
            edit(Self.seed, [8: { $0 + "\nPanel Ship" }]),
            edit(Self.seed, [1: { _ in nil }, 2: { _ in nil }, 3: { _ in nil }, 4: { _ in nil }, 5: { _ in nil }, 6: { _ in nil }, 7: { _ in nil }]),
        ]
        let dir = NSTemporaryDirectory() + "panelist-damaged-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (k, text) in variants.enumerated() {
            let file = dir + "/v\(k).txt"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let report = CorpusAnalyzer.run(paths: [file], rules: rules)
            XCTAssertEqual(report.tools.reduce(0) { $0 + $1.quotes.reduce(0) { $0 + $1.occurrences.count } }, 8, "variant \(k)")
        }
    }
}

final class LineEndingTests: XCTestCase {
    func testDraftsAndJSONLinesReadAlikeWithAnyLineEnding() throws {
        for file in ["corpus/drafts/tiller-dx.md", "corpus/drafts/tiller-quotes.jsonl"] {
            let text = try String(contentsOfFile: Repo.path(file), encoding: .utf8)
            func read(_ t: String) -> ([LintItem], [LintInputProblem]) {
                file.hasSuffix(".md") ? LintInputs.draft(path: file, text: t) : LintInputs.jsonLines(path: file, text: t)
            }
            let lf = read(text)
            XCTAssertFalse(lf.0.isEmpty, file)
            for ending in ["\r\n", "\r"] {
                let other = read(text.replacingOccurrences(of: "\n", with: ending))
                XCTAssertEqual(other.0.map(\.text), lf.0.map(\.text), file)
                XCTAssertEqual(other.0.map(\.line), lf.0.map(\.line), file)
                XCTAssertEqual(other.1.count, lf.1.count, file)
            }
        }
    }

    func testTextLinesSplitsEveryEnding() {
        XCTAssertEqual(TextLines.raw("a\r\nb\rc\nd").map(String.init), ["a", "b", "c", "d"])
        XCTAssertEqual(TextLines.raw("a\r\n").map(String.init), ["a", ""])
        XCTAssertEqual(TextLines.split("  x \u{00A0}\r\n\ty").map(\.column), [3, 2])
    }
}

/// The per-tool review page in its renderings and designs, and the detector that picks its reader.
final class ToolPageTests: XCTestCase {
    static let vocabulary = try! Repo.rules().layout
    func read(_ name: String) -> Page { PageReader.read(path: Repo.path("corpus/tool-pages/" + name), vocabulary: Self.vocabulary) }

    func testPlainRendering() {
        let page = read("plain-aider.txt")
        XCTAssertEqual(page.layout, .toolPlain)
        XCTAssertEqual(page.tools.map(\.name), ["Aider"])
        XCTAssertEqual(page.tools[0].tagline, "Pair programming with a language model from your terminal, commits included")
        XCTAssertTrue(page.tools[0].description!.hasPrefix("Aider is a command-line assistant"))
        XCTAssertEqual(page.quotes.count, 4)
        XCTAssertEqual(page.quotes.map(\.toolIndex), [0, 0, 0, 0])
        XCTAssertEqual(page.quotes.map(\.slot), [0, 1, 2, 3])
        XCTAssertEqual(page.quotes.compactMap(\.stated?.reviewer), ["The Builder", "The Skeptic", "The Futurist", "The Operator"])
        XCTAssertEqual(page.quotes.compactMap(\.stated?.perspective), ["Developer Perspective", "Reality Check", "Big Picture", "Business Case"])
        XCTAssertEqual(page.quotes.map { $0.stated?.stance }, [nil, nil, nil, nil])
        XCTAssertTrue(page.quotes[0].text.hasPrefix("Installation was one pip command"))
        XCTAssertFalse(page.quotes[0].text.hasSuffix("\u{201D}"))
        XCTAssertFalse(page.truncated)
        XCTAssertEqual(page.diagnostics, [])
    }

    func testRichRenderingKeepsEachReviewersVerdict() {
        let page = read("rich-langfuse.txt")
        XCTAssertEqual(page.layout, .toolRich)
        XCTAssertEqual(page.tools.map(\.name), ["Langfuse"])
        XCTAssertEqual(page.tools[0].tagline, "Open-source tracing, evaluation and prompt management for LLM applications")
        XCTAssertEqual(page.quotes.count, 4)
        XCTAssertEqual(page.quotes.map(\.slot), [0, 1, 2, 3])
        XCTAssertEqual(page.quotes.map { $0.stated?.stance }, ["ship", "ship", "ship", "skip"])
        XCTAssertEqual(page.quotes.map { $0.stated?.reviewer }, ["The Builder", "The Skeptic", "The Futurist", "The Operator"])
        XCTAssertTrue(page.quotes[3].text.hasPrefix("The free tier is generous"))
        XCTAssertEqual(page.diagnostics, [])
    }

    func testNewerDesignStatesTheOverallVerdictAndSplit() {
        let cline = read("verdict-plain-cline.txt")
        XCTAssertEqual(cline.layout, .toolVerdictPlain)
        XCTAssertEqual(cline.tools[0].verdict, "Ship")
        XCTAssertEqual(cline.tools[0].statedSplit, StatedSplit(ship: 3, skip: 1, line: 6))
        XCTAssertEqual(cline.tools[0].tagline, "An autonomous coding agent inside VS Code that asks before it acts")
        XCTAssertEqual(cline.quotes.count, 4)
        XCTAssertEqual(cline.quotes.map(\.slot), [0, 1, 2, 3])
        XCTAssertEqual(cline.diagnostics, [])

        let dify = read("verdict-plain-dify.txt")
        XCTAssertEqual(dify.layout, .toolVerdictPlain)
        XCTAssertEqual(dify.tools[0].verdict, "Skip")
        XCTAssertEqual(dify.tools[0].statedSplit?.ship, 1)
        XCTAssertEqual(dify.tools[0].statedSplit?.skip, 3)
        XCTAssertEqual(dify.quotes.count, 4)

        let ollama = read("verdict-rich-ollama.txt")
        XCTAssertEqual(ollama.layout, .toolVerdictRich)
        XCTAssertEqual(ollama.tools.map(\.name), ["Ollama"])
        XCTAssertEqual(ollama.tools[0].verdict, "Ship")
        XCTAssertEqual(ollama.tools[0].statedSplit?.ship, 3)
        XCTAssertEqual(ollama.tools[0].statedSplit?.skip, 1)
        XCTAssertEqual(ollama.tools[0].badge, "Ship")
        XCTAssertEqual(ollama.tools[0].badgeScore, 7.5)
        XCTAssertEqual(ollama.tools[0].reviewed, "2026-04-05")
        XCTAssertEqual(ollama.tools[0].tagline, "Run open-weight language models on your own machine with one command")
        XCTAssertEqual(ollama.quotes.map(\.slot), [0, 1, 2, 3])
        XCTAssertEqual(ollama.diagnostics, [])
    }

    func testCutOffToolPages() {
        let plain = read("cut-plain-aider.txt")
        XCTAssertTrue(plain.truncated)
        XCTAssertEqual(plain.quotes.count, 3)
        XCTAssertEqual(plain.quotes.map(\.truncated), [false, false, true])
        XCTAssertEqual(Set(plain.diagnostics.map(\.code)), ["reader.truncated", "reader.truncated-quote"])
        let rich = read("cut-verdict-rich-ollama.txt")
        XCTAssertTrue(rich.truncated)
        XCTAssertEqual(rich.quotes.count, 2, "a reviewer header with no quote yet is not a quote")
        XCTAssertEqual(rich.diagnostics.map(\.code), ["reader.truncated"])
        XCTAssertFalse(rich.diagnostics.contains { $0.severity == .error })
    }

    func testDetectorDecidesByContentNotFileName() throws {
        let dir = NSTemporaryDirectory() + "panelist-detect-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pairs = [("corpus/tool-pages/rich-langfuse.txt", Layout.toolRich), ("corpus/rich-zed-vs-continue.txt", .rich),
                     ("corpus/000_0a16dc68769498f0.txt", .plain), ("corpus/tool-pages/verdict-plain-cline.txt", .toolVerdictPlain)]
        for (k, (file, layout)) in pairs.enumerated() {
            let copy = dir + "/page-\(k).txt"
            try FileManager.default.copyItem(atPath: Repo.path(file), toPath: copy)
            XCTAssertEqual(PageReader.read(path: copy, vocabulary: Self.vocabulary).layout, layout, file)
        }
        // CRLF tool pages read alike.
        let text = try String(contentsOfFile: Repo.path("corpus/tool-pages/rich-langfuse.txt"), encoding: .utf8)
        let crlf = PageReader.parse(text.replacingOccurrences(of: "\n", with: "\r\n"), path: "x.txt", vocabulary: Self.vocabulary)
        XCTAssertEqual(crlf.quotes.map(\.text), read("rich-langfuse.txt").quotes.map(\.text))
        XCTAssertEqual(crlf.layout, .toolRich)
    }

    func testReviewerWithNoRuleHasNoSlotAndAWarning() throws {
        let text = try String(contentsOfFile: Repo.path("corpus/tool-pages/plain-aider.txt"), encoding: .utf8)
            .replacingOccurrences(of: "The Skeptic\nReality Check", with: "The Gardener\nWeekend Notes")
        let page = PageReader.parse(text, path: "x.txt", vocabulary: Self.vocabulary)
        XCTAssertEqual(page.quotes.map(\.slot), [0, -1, 2, 3])
        XCTAssertEqual(page.diagnostics.map(\.code), ["reader.unknown-reviewer"])
        XCTAssertEqual(page.diagnostics.first?.line, 8)
    }

    func testMixedFolderInOneRun() throws {
        let report = CorpusAnalyzer.run(paths: [Repo.path("corpus")], rules: try Repo.rules())
        let layouts = Set(report.pages.map(\.layout))
        XCTAssertEqual(layouts, Set(Layout.allCases))
        for name in ["Aider", "Langfuse", "Cline", "Dify", "Ollama"] {
            XCTAssertTrue(report.tools.contains { $0.name == name }, name)
        }
        let langfuse = report.tools.first { $0.name == "Langfuse" }!
        XCTAssertEqual(langfuse.quotes.count, 4)
        XCTAssertEqual(langfuse.quotes.compactMap { $0.occurrences.first?.stated?.stance }, ["ship", "ship", "ship", "skip"])
        XCTAssertEqual(langfuse.quotes.map { $0.occurrences[0].slot }, [0, 1, 2, 3])
    }
}
