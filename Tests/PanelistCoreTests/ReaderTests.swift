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
