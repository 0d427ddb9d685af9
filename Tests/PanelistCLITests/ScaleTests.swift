import Foundation
import XCTest

/// Streaming output, workers, partials and merge: the scale-out paths end to end.
final class ScaleTests: XCTestCase {
    func run(_ args: [String]) throws -> Binary.Run { try Binary.run(args) }

    func lines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    func testJSONLinesHasOneRecordPerQuoteOccurrenceWithTheReportsLabels() throws {
        let r = try run(["analyze", "corpus", "--format", "jsonl"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let records = try lines(r.stdout)
        let pages = records.filter { $0["type"] as? String == "page" }
        let quotes = records.filter { $0["type"] as? String == "quote" }
        XCTAssertEqual(quotes.count, pages.reduce(0) { $0 + ($1["quotes"] as! Int) })
        XCTAssertEqual(pages.map { $0["path"] as! String }, pages.map { $0["path"] as! String }.sorted())

        // The stance of every occurrence is the report's stance for that quote.
        let json = try run(["analyze", "corpus", "--format", "json"])
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        var stance: [String: String] = [:]
        for tool in report["tools"] as! [[String: Any]] {
            for q in tool["quotes"] as! [[String: Any]] {
                stance[q["id"] as! String] = (q["stance"] as! [String: Any])["label"] as? String
            }
        }
        for q in quotes {
            XCTAssertEqual((q["stance"] as! [String: Any])["label"] as? String, stance[q["id"] as! String])
        }
    }

    func testJSONLinesAreTheSameBytesWhateverTheWorkers() throws {
        let one = try run(["analyze", "corpus", "Tests/Fixtures/pages", "--format", "jsonl", "-j", "1"])
        let three = try run(["analyze", "corpus", "Tests/Fixtures/pages", "--format", "jsonl", "-j", "3"])
        XCTAssertEqual(one.stdout, three.stdout)
        XCTAssertEqual(one.status, 1)
        // Every problem is a record too, and errors also go to stderr.
        let diagnostics = try lines(one.stdout).filter { $0["type"] as? String == "diagnostic" }
        XCTAssertTrue(diagnostics.contains { $0["code"] as? String == "reader.empty" })
        XCTAssertTrue(one.stderr.contains("empty.txt:1:1: error: the file is empty"), one.stderr)
    }

    func testEvidenceDetailTradesSizeForDetail() throws {
        let none = try run(["analyze", "corpus", "--format", "jsonl", "--evidence", "none"])
        let rules = try run(["analyze", "corpus", "--format", "jsonl", "--evidence", "rules"])
        let spans = try run(["analyze", "corpus", "--format", "jsonl", "--evidence", "spans"])
        XCTAssertLessThan(none.stdout.utf8.count, rules.stdout.utf8.count)
        XCTAssertLessThan(rules.stdout.utf8.count, spans.stdout.utf8.count)
        let first = try lines(none.stdout).first { $0["type"] as? String == "quote" }!
        XCTAssertNil((first["persona"] as! [String: Any])["evidence"])
        let full = try lines(spans.stdout).first { $0["type"] as? String == "quote" }!
        let evidence = (full["stance"] as! [String: Any])["evidence"] as! [[String: Any]]
        XCTAssertNotNil(evidence.first?["span"])
    }

    func testJSONLinesToAFile() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("quotes.jsonl")
        let r = try run(["analyze", "corpus", "--format", "jsonl", "--output", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(try String(contentsOf: out, encoding: .utf8), try run(["analyze", "corpus", "--format", "jsonl"]).stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["quotes.jsonl"])
    }

    func testJobsMustBePositive() throws {
        let r = try run(["analyze", "corpus", "-j", "0"])
        XCTAssertEqual(r.status, 2)
    }
}
