import Foundation
import XCTest

/// `--output` never destroys an input or a device; hostile file names and
/// review text come out inert in every format.
final class SafeOutputTests: XCTestCase {
    let page = Binary.root.appendingPathComponent("corpus/000_0a16dc68769498f0.txt")

    func testOutputThatIsAnInputExits2AndLeavesItUntouched() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.appendingPathComponent("p.txt")
        try FileManager.default.copyItem(at: page, to: p)
        let draft = dir.appendingPathComponent("d.md")
        try FileManager.default.copyItem(at: Binary.root.appendingPathComponent("Tests/Fixtures/drafts/dx-complete.md"), to: draft)
        let before = try Data(contentsOf: p), draftBefore = try Data(contentsOf: draft)
        let cases: [[String]] = [
            ["analyze", p.path, "-o", p.path],
            ["analyze", p.path, "--format", "jsonl", "-o", p.path],
            ["analyze", dir.path, "--format", "json", "-o", p.path], // inside an input directory
            ["analyze", dir.path + "/../" + dir.lastPathComponent + "/p.txt", "-o", p.path], // another spelling
            ["summary", p.path, "--format", "html", "-o", p.path],
            ["lint", draft.path, "-f", "sarif", "-o", draft.path],
        ]
        for args in cases {
            let r = try Binary.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("--output names an input"), r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
        XCTAssertEqual(try Data(contentsOf: p), before)
        XCTAssertEqual(try Data(contentsOf: draft), draftBefore)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testRegularFileIsReplacedWholeAndSymlinkKept() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("report.json")
        try "old".write(to: target, atomically: true, encoding: .utf8)
        chmod(target.path, 0o600)
        let link = dir.appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "report.json")
        let r = try Binary.run(["analyze", page.path, "--format", "json", "-o", link.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link.path), "report.json")
        XCTAssertTrue(try String(contentsOf: target, encoding: .utf8).hasPrefix("{"))
        let mode = (try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int) ?? 0
        XCTAssertEqual(mode, 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["link.json", "report.json"])
    }

    func testFIFOIsWrittenInPlaceAndStaysAFIFO() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["text", "jsonl"] {
            let fifo = dir.appendingPathComponent("out-\(format).fifo").path
            XCTAssertEqual(mkfifo(fifo, 0o600), 0)
            let box = ReceivedBox()
            let done = DispatchSemaphore(value: 0)
            Thread {
                // Opening for reading blocks until panelist opens the FIFO for writing.
                if let h = FileHandle(forReadingAtPath: fifo) { box.data = h.readDataToEndOfFile() }
                done.signal()
            }.start()
            let r = try Binary.run(["analyze", page.path, "--format", format, "-o", fifo])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
            XCTAssertFalse(box.data.isEmpty, format)
            var s = stat()
            XCTAssertEqual(stat(fifo, &s), 0)
            XCTAssertEqual(s.st_mode & S_IFMT, S_IFIFO, "\(fifo) is no longer a FIFO")
        }
    }

    /// The issue: as root, `-o /dev/null` replaced the device with a regular file.
    func testDevNullStaysADevice() throws {
        try XCTSkipUnless(getuid() == 0, "only root could replace /dev/null: the test needs root to mean anything")
        for args in [["analyze", page.path, "-o", "/dev/null"], ["analyze", page.path, "--format", "jsonl", "-o", "/dev/null"],
                     ["lint", page.path, "-f", "github", "-o", "/dev/null"]] {
            let r = try Binary.run(args)
            XCTAssertTrue(r.status == 0 || r.status == 1, "\(args): \(r.stderr)")
            var s = stat()
            XCTAssertEqual(stat("/dev/null", &s), 0)
            XCTAssertEqual(s.st_mode & S_IFMT, S_IFCHR, "/dev/null is no longer a character device after \(args)")
        }
    }
}

final class HostileOutputTests: XCTestCase {
    /// ESC, BEL, a C1 CSI, bidi overrides and a newline in a file name.
    static let hostileName = "evil\u{1B}[31m\u{7}\u{9B}2J\u{202E}txt\nnext"

    static func isActive(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if scalar == "\n" || scalar == "\t" || scalar == "\r" { return false }
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    func testFileNamesAndReviewTextAreInertInEveryFormat() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent(Self.hostileName + ".txt")
        try FileManager.default.copyItem(at: Binary.root.appendingPathComponent("Tests/Fixtures/hostile/markdown-links.txt"), to: page)
        let draft = dir.appendingPathComponent(Self.hostileName + ".md")
        try "---\ntool: Cursor\npersona: dx\n---\n[x](javascript:alert(1)) \u{1B}]0;title\u{7} The primitive is ok.\n".write(to: draft, atomically: true, encoding: .utf8)
        let broken = dir.appendingPathComponent(Self.hostileName + ".jsonl")
        try "not json \u{1B}[2J\n".write(to: broken, atomically: true, encoding: .utf8)

        var runs: [(String, Binary.Run)] = []
        for format in ["text", "json", "markdown", "jsonl"] { runs.append(("analyze \(format)", try Binary.run(["analyze", dir.path, "--format", format]))) }
        for format in ["text", "json", "sarif", "github"] { runs.append(("lint \(format)", try Binary.run(["lint", dir.path, "--format", format, "--no-color"]))) }
        for format in ["text", "markdown", "json", "csv", "html"] { runs.append(("summary \(format)", try Binary.run(["summary", dir.path, "--format", format]))) }
        runs.append(("explain", try Binary.run(["explain", page.path + "#1"])))
        for (name, r) in runs {
            for (stream, text) in [("stdout", r.stdout), ("stderr", r.stderr)] {
                let bad = text.unicodeScalars.filter(Self.isActive)
                XCTAssertTrue(bad.isEmpty, "\(name) \(stream) carries \(bad.map { String($0.value, radix: 16) })")
                // Every line that names the file names it on that line: the newline in it is shown, not printed.
                // (HTML, CSV and JSON carry it as whitespace inside an element, a quoted field or an escape.)
                if stream == "stdout", ["html", "csv", "json", "jsonl", "sarif"].contains(where: { name.hasSuffix($0) }) { continue }
                XCTAssertFalse(text.contains("\nnext.txt") || text.contains("\nnext.md"), "\(name) \(stream) breaks the line at the name's newline")
            }
        }
        let byName = Dictionary(runs, uniquingKeysWith: { a, _ in a })
        XCTAssertTrue(byName["analyze text"]!.stdout.contains("evil\\x1b[31m\\x07\\x9b2J\\u{202e}txt\\nnext.txt"), byName["analyze text"]!.stdout)
        XCTAssertTrue(byName["lint github"]!.stdout.contains("file=\(dir.path.replacingOccurrences(of: ":", with: "%3A"))/evil\\x1b[31m\\x07"), byName["lint github"]!.stdout)
        for name in ["analyze markdown", "summary markdown"] {
            let md = byName[name]!.stdout
            for active in ["](", "![", "javascript:", "https://evil", "www.evil", "me@evil", "**bold**", "[ref]:"] {
                XCTAssertFalse(md.contains(active), "\(name) leaves '\(active)' live:\n\(md)")
            }
            // A tag opens only at a `<` without a backslash before it (`\<img` reads as text).
            for active in ["<img", "<https"] {
                let live = md.components(separatedBy: active).dropLast().contains { !$0.hasSuffix("\\") }
                XCTAssertFalse(live, "\(name) leaves '\(active)' live:\n\(md)")
            }
            XCTAssertFalse(md.split(separator: "\n").contains { $0.hasPrefix("# Not") }, name)
        }
        XCTAssertTrue(byName["analyze markdown"]!.stdout.contains("\\[click me\\]\\(javascript\\:alert\\(1\\)\\)"))
        XCTAssertFalse(byName["summary html"]!.stdout.contains("<img src=x"))
    }
}

final class ReceivedBox: @unchecked Sendable { var data = Data() }

/// Each crash of the issue, now a clear error naming file, rule id and offset (or the draft's line).
final class CrashRegressionTests: XCTestCase {
    let page = Binary.root.appendingPathComponent("corpus/000_0a16dc68769498f0.txt").path

    /// The repository's rules plus one more persona rule; returns the folder and the line the rule's pattern is on.
    func rulesWith(_ extra: String) throws -> (dir: URL, line: Int) {
        let dir = try Binary.temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: Binary.root.appendingPathComponent("rules").path) {
            try FileManager.default.copyItem(at: Binary.root.appendingPathComponent("rules/" + name), to: dir.appendingPathComponent(name))
        }
        let personas = dir.appendingPathComponent("personas.yaml")
        var text = try String(contentsOf: personas, encoding: .utf8)
        if !text.hasSuffix("\n") { text += "\n" }
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count + 2
        try (text + extra).write(to: personas, atomically: true, encoding: .utf8)
        return (dir, line)
    }

    func testOwnVerbsAndCalloutsAreRuleErrorsNotCrashes() throws {
        for (pattern, construct, offset) in [("abc(*MARK:99999)", "(*MARK", 3), ("(?C1)abc", "(?C", 0), ("ship(*ACCEPT)", "(*ACCEPT", 4), ("ship\\Kit", "\\K", 4)] {
            let (dir, line) = try rulesWith("  - id: persona.dx.hostile\n    label: dx\n    pattern: '\(pattern)'\n")
            defer { try? FileManager.default.removeItem(at: dir) }
            let expected = "personas.yaml:\(line):14: rule persona.dx.hostile: '\(construct)' at offset \(offset) is not allowed"
            let analyze = try Binary.run(["analyze", page, "--rules", dir.path])
            XCTAssertEqual(analyze.status, 2, analyze.stderr)
            XCTAssertTrue(analyze.stderr.contains(expected), "\(pattern): \(analyze.stderr)")
            let check = try Binary.run(["rules", "check", "--rules", dir.path])
            XCTAssertEqual(check.status, 2)
            XCTAssertTrue(check.stdout.contains(expected), "\(pattern): \(check.stdout)")
        }
    }

    func testHugeWeightsAreRuleErrors() throws {
        for weight in ["1e308", "-1e308"] {
            let (dir, line) = try rulesWith("  - id: persona.dx.heavy\n    label: dx\n    weight: \(weight)\n    pattern: 'primitive'\n")
            defer { try? FileManager.default.removeItem(at: dir) }
            let r = try Binary.run(["analyze", page, "--rules", dir.path, "--format", "json"])
            XCTAssertEqual(r.status, 2, r.stderr)
            XCTAssertTrue(r.stderr.contains("personas.yaml:\(line):13: rule persona.dx.heavy: 'weight' must be a number from -1000 to 1000"), r.stderr)
            XCTAssertFalse(r.stdout.contains("nan"))
        }
    }

    func testDeepYAMLRuleFileAndFrontMatterAreErrorsAtTheirLine() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try ("kind: persona\nrules:\n  - id: x\n    pattern: " + String(repeating: "[", count: 5_000) + "\n").write(to: dir.appendingPathComponent("deep.yaml"), atomically: true, encoding: .utf8)
        let r = try Binary.run(["rules", "check", "--rules", dir.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stdout.contains("deep.yaml:4:") && r.stdout.contains("nests deeper than 64 levels"), r.stdout)
        let draft = Binary.root.appendingPathComponent("Tests/Fixtures/damaged/deep-front-matter.md").path
        let lint = try Binary.run(["lint", draft])
        XCTAssertEqual(lint.status, 1, lint.stderr)
        XCTAssertTrue(lint.stdout.contains("deep-front-matter.md:4:") && lint.stdout.contains("nests deeper than 16 levels"), lint.stdout)
    }

    /// `(a+)+$` on a 1 MB matching quote: finishes, names the rule, and memory stays far below 200 MB.
    func testCatastrophicRuleOnAMegabyteQuoteIsBoundedAndNamed() throws {
        let (dir, _) = try rulesWith("  - id: persona.dx.runaway\n    label: dx\n    pattern: '(?:a+)+$'\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let check = try Binary.run(["rules", "check", "--rules", dir.path])
        XCTAssertEqual(check.status, 2)
        XCTAssertTrue(check.stdout.contains("rule persona.dx.runaway: the pattern runs into a PCRE2 limit"), check.stdout)

        var lines = try String(contentsOfFile: page, encoding: .utf8).components(separatedBy: "\n")
        let at = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("\u{201C}") })
        lines[at] = "\u{201C}" + String(repeating: "a", count: 1_000_000) + "\u{201D}"
        let long = dir.appendingPathComponent("long.txt")
        try lines.joined(separator: "\n").write(to: long, atomically: true, encoding: .utf8)
        let started = Date()
        let r = try Binary.run(["analyze", long.path, "--rules", dir.path, "--format", "json", "-o", dir.appendingPathComponent("out.json").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 120)
        let report = try String(contentsOf: dir.appendingPathComponent("out.json"), encoding: .utf8)
        XCTAssertTrue(report.contains("rule persona.dx.runaway matched more than"), String(report.prefix(2_000)))
        var usage = rusage(), own = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        getrusage(RUSAGE_SELF.rawValue, &own)
        // A child spawned with vfork carries this test process's peak RSS into its own at exec
        // (Linux keeps the larger), so once the whole suite has grown this process past 200 MB
        // the children's figure is ours, not theirs: only a child above our own peak is its own.
        XCTAssertLessThan(usage.ru_maxrss, max(200 * 1024, own.ru_maxrss + 1024),
                          "the largest child used \(usage.ru_maxrss) KiB (this process peaked at \(own.ru_maxrss) KiB)")
    }
}
