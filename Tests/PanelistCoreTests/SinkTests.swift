@testable import PanelistCore
import Foundation
import XCTest

/// The streaming paths give the same bytes as the whole-report ones.
final class SinkTests: XCTestCase {
    static let rules = try! Repo.rules()

    /// Runs `write` against a ByteOutput on a temporary file and returns what it wrote.
    func written(_ write: (ByteOutput) -> Void) throws -> String {
        let path = NSTemporaryDirectory() + "panelist-sink-\(UUID().uuidString)"
        defer { unlink(path) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let out = ByteOutput(fd: fd, closeWhenDone: true, bufferSize: 97) // tiny, so records straddle flushes
        write(out)
        XCTAssertTrue(out.finish())
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    func testStreamedJSONReportIsTheRenderedOne() throws {
        let paths = [Repo.path("corpus"), Repo.fixtures + "/pages", "/no/such/path"] + (Repo.hasShared ? [Repo.shared + "/corpus-dev"] : [])
        let report = CorpusAnalyzer.run(paths: paths, rules: Self.rules)
        XCTAssertEqual(try written { ReportJSON.write(report, to: $0) }, ReportJSON.render(report))
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
