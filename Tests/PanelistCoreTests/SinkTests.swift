@testable import PanelistCore
import Foundation
import XCTest

/// The streaming paths give the same bytes as the whole-report ones.
final class SinkTests: XCTestCase {
    static let rules = try! Repo.rules()

    /// Runs `write` against a ByteOutput on a temporary file and returns what it wrote.
    func written(_ write: (ByteOutput) throws -> Void) throws -> String {
        let path = NSTemporaryDirectory() + "panelist-sink-\(UUID().uuidString)"
        defer { unlink(path) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let out = ByteOutput(fd: fd, closeWhenDone: true, bufferSize: 97) // tiny, so records straddle flushes
        try write(out)
        XCTAssertTrue(out.finish())
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    func testStreamedJSONReportIsTheRenderedOne() throws {
        let paths = [Repo.path("corpus"), Repo.fixtures + "/pages", "/no/such/path"] + (Repo.hasShared ? [Repo.shared + "/corpus-dev"] : [])
        let report = CorpusAnalyzer.run(paths: paths, rules: Self.rules)
        XCTAssertEqual(try written { ReportJSON.write(report, to: $0) }, ReportJSON.render(report))
    }

    /// The spilled report (`analyze --format json`) against the one built whole in memory.
    func spilled(_ paths: [String], options: AnalyzeOptions) throws -> String {
        let sink = try ReportJSONSink(rules: Self.rules, options: options)
        let (files, missing) = CorpusAnalyzer.inputFiles(paths, walk: options.walk)
        sink.receive(diagnostics: missing)
        CorpusAnalyzer.stream(files: files, rules: Self.rules, options: options) { sink.receive($0) }
        return try written { _ = try? sink.write(to: $0) }
    }

    func testSpilledJSONReportIsTheRenderedOneWithOneAndTwoWorkers() throws {
        let paths = [Repo.path("corpus"), Repo.fixtures + "/pages", Repo.fixtures + "/damaged", Repo.fixtures + "/hostile", "/no/such/path"]
            + (Repo.hasShared ? [Repo.shared + "/corpus-dev"] : [])
        for slotPrior in [true, false] {
            let expected = ReportJSON.render(CorpusAnalyzer.run(paths: paths, rules: Self.rules, options: AnalyzeOptions(slotPrior: slotPrior)))
            for (workers, batch) in [(1, 256), (2, 3)] {
                var options = AnalyzeOptions(slotPrior: slotPrior)
                options.workers = workers
                options.batchSize = batch
                let got = try spilled(paths, options: options)
                XCTAssertEqual(got, expected, "slot prior \(slotPrior), \(workers) workers, batches of \(batch)")
            }
        }
    }

    /// One text about a tool on several pages and in several scorecard slots is one quote
    /// with every occurrence, and its persona is decided from all its slots.
    func testSpilledJSONReportMergesRepeatedQuotesAsTheRenderedOneDoes() throws {
        let dir = NSTemporaryDirectory() + "panelist-repeats-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let seeds = try FileManager.default.contentsOfDirectory(atPath: Repo.path("corpus")).filter { $0.hasSuffix(".txt") }.sorted()
        for name in seeds.prefix(4) {
            let text = try String(contentsOfFile: Repo.path("corpus/" + name), encoding: .utf8)
            try text.write(toFile: dir + "/a-" + name, atomically: true, encoding: .utf8)
            try text.write(toFile: dir + "/b-" + name, atomically: true, encoding: .utf8)
            // The scorecard's quotes moved on by two places: the same texts about the same tool in the next slot.
            var lines = text.components(separatedBy: "\n")
            let quoted = lines.indices.filter { lines[$0].hasPrefix("\u{201C}") }
            let moved = quoted.map { lines[$0] }
            for (k, i) in quoted.enumerated() { lines[i] = moved[(k + moved.count - 2) % moved.count] }
            try lines.joined(separator: "\n").write(toFile: dir + "/c-" + name, atomically: true, encoding: .utf8)
        }
        let expected = ReportJSON.render(CorpusAnalyzer.run(paths: [dir], rules: Self.rules))
        let report = try JSONSerialization.jsonObject(with: Data(expected.utf8)) as! [String: Any]
        let quotes = (report["tools"] as! [[String: Any]]).flatMap { $0["quotes"] as! [[String: Any]] }
        let slotsPerQuote = quotes.map { q in
            ((q["persona"] as! [String: Any])["evidence"] as! [[String: Any]]).filter { $0["rule"] as? String == "slot" }.count
        }
        XCTAssertGreaterThan(slotsPerQuote.filter { $0 > 1 }.count, 0, "some quote occurs in two slots")
        var options = AnalyzeOptions()
        options.workers = 2
        XCTAssertEqual(try spilled([dir], options: options), expected)
    }

    /// The spill lives in TMPDIR without a name: nothing is left there or beside the inputs.
    func testSpillLeavesNoFileInTMPDIROrBesideTheInputs() throws {
        let tmp = NSTemporaryDirectory() + "panelist-tmpdir-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let saved = ProcessInfo.processInfo.environment["TMPDIR"]
        setenv("TMPDIR", tmp, 1)
        defer { if let saved { setenv("TMPDIR", saved, 1) } else { unsetenv("TMPDIR") } }
        let before = try FileManager.default.contentsOfDirectory(atPath: Repo.path("corpus"))
        let sink = try ReportJSONSink(rules: Self.rules, options: AnalyzeOptions())
        CorpusAnalyzer.stream(files: CorpusAnalyzer.inputFiles([Repo.path("corpus")]).files, rules: Self.rules) { sink.receive($0) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp), [])
        XCTAssertFalse(try written { _ = try? sink.write(to: $0) }.isEmpty)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: Repo.path("corpus")), before)

        setenv("TMPDIR", tmp + "/missing", 1)
        XCTAssertThrowsError(try ReportJSONSink(rules: Self.rules, options: AnalyzeOptions())) { error in
            XCTAssertTrue("\(error)".contains("TMPDIR"), "\(error)")
        }
    }

    func testJSONBytesEscapesAsJSONDoes() throws {
        let hostile = "quote \" back\\slash \n\r\t \u{01} \u{7F} \u{2028}\u{2029} “curly” é 🙂"
        XCTAssertEqual(try written { JSONBytes.string(hostile, into: $0) }, JSON.string(hostile).serialized(pretty: false))
        let tree = JSON.object([("a", .array([.int(-12), .double(0.125), .null, .bool(true)])), ("b", .string(hostile))])
        XCTAssertEqual(try written { JSONBytes.value(tree, into: $0) }, tree.serialized(pretty: false))
    }

    func testStreamHandsPagesOverInPathOrderWhateverTheBatchesAndWorkers() {
        let (files, _) = CorpusAnalyzer.inputFiles([Repo.path("corpus"), Repo.fixtures + "/pages"])
        var runs: [[String]] = []
        for (workers, batch) in [(1, 256), (3, 1), (2, 4)] {
            var options = AnalyzeOptions()
            options.workers = workers
            options.batchSize = batch
            var seen: [String] = []
            CorpusAnalyzer.stream(files: files, rules: Self.rules, options: options) { seen.append($0.page.path) }
            runs.append(seen)
        }
        XCTAssertEqual(runs[0], files)
        XCTAssertEqual(runs[1], files)
        XCTAssertEqual(runs[2], files)
    }
}
