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

    /// Every page file under the folders, sorted, as analyze finds them.
    func pageFiles(_ dirs: [String]) throws -> [String] {
        var files: [String] = []
        for dir in dirs {
            let url = Binary.root.appendingPathComponent(dir)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            files += try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".txt") }.sorted().map { dir + "/" + $0 }
        }
        return files
    }

    func testPartialsFromOneTwoAndSevenShardsMergeToTheSameBytes() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Repeated quotes (the seed pages recur in corpus/ and the dev set) land in different shards.
        let files = try pageFiles(["corpus", "../shared/corpus-dev", "Tests/Fixtures/pages"])
        XCTAssertGreaterThan(files.count, 7)
        var merged: [String] = []
        var mergedPartials: [String] = []
        for shards in [1, 2, 7] {
            var paths: [String] = []
            for k in 0..<shards {
                // Round robin, so every shard holds pages from all over the corpus.
                let shard = files.enumerated().filter { $0.offset % shards == k }.map(\.element)
                let path = dir.appendingPathComponent("s\(shards)-\(k).partial").path
                let r = try run(["analyze", "--partial", "-o", path] + shard)
                XCTAssertNotEqual(r.status, 2, r.stderr)
                paths.append(path)
            }
            let out = dir.appendingPathComponent("m\(shards).json").path
            let r = try run(["merge", "-o", out] + paths.reversed())
            XCTAssertEqual(r.status, 0, r.stderr)
            merged.append(try String(contentsOfFile: out, encoding: .utf8))
            let partialOut = dir.appendingPathComponent("m\(shards).partial").path
            XCTAssertEqual(try run(["merge", "--partial", "-o", partialOut] + paths.shuffled()).status, 0)
            mergedPartials.append(try String(contentsOfFile: partialOut, encoding: .utf8))
        }
        XCTAssertEqual(merged[0], merged[1])
        XCTAssertEqual(merged[0], merged[2])
        XCTAssertEqual(mergedPartials[0], mergedPartials[1])
        XCTAssertEqual(mergedPartials[0], mergedPartials[2])
        // A quote seen in several shards is one distinct quote, as in one run.
        let whole = try run(["analyze", "--format", "json"] + files)
        let report = try JSONSerialization.jsonObject(with: Data(whole.stdout.utf8)) as! [String: Any]
        let result = try JSONSerialization.jsonObject(with: Data(merged[2].utf8)) as! [String: Any]
        let reportTools = report["tools"] as! [[String: Any]]
        XCTAssertEqual(result["distinct_quotes"] as? Int, reportTools.reduce(0) { $0 + ($1["quotes"] as! [Any]).count })
        var split: [String: NSDictionary] = [:]
        for t in reportTools { split[t["name"] as! String] = t["split"] as? NSDictionary }
        for t in result["tools"] as! [[String: Any]] {
            XCTAssertEqual(t["split"] as? NSDictionary, split[t["name"] as! String], t["name"] as! String)
        }
    }

    func testMergeRefusesPartialsOfOtherRulesOrSchema() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.partial").path
        XCTAssertEqual(try run(["analyze", "corpus", "--partial", "-o", good]).status, 0)
        let text = try String(contentsOfFile: good, encoding: .utf8)
        let otherRules = dir.appendingPathComponent("rules.partial").path
        try text.replacingOccurrences(of: "\"rules\":\"", with: "\"rules\":\"f").write(toFile: otherRules, atomically: true, encoding: .utf8)
        var r = try run(["merge", good, otherRules])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("panelist: \(otherRules):1:1: error: made with different rules"), r.stderr)
        let otherSchema = dir.appendingPathComponent("schema.partial").path
        try text.replacingOccurrences(of: "panelist.partial/1", with: "panelist.partial/9").write(toFile: otherSchema, atomically: true, encoding: .utf8)
        r = try run(["merge", good, otherSchema])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("schema panelist.partial/9, not panelist.partial/1"), r.stderr)
        let noPrior = dir.appendingPathComponent("noprior.partial").path
        XCTAssertEqual(try run(["analyze", "corpus", "--partial", "--no-slot-prior", "-o", noPrior]).status, 0)
        r = try run(["merge", good, noPrior])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
    }
}
