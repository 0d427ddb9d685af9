import Foundation
import XCTest

/// The command line in pipelines, editors and CI: standard input, standard error, levels, config discovery,
/// ignore globs, disable comments, honest exit codes.
final class PipelineTests: XCTestCase {
    let seed = Binary.root.appendingPathComponent("corpus/000_0a16dc68769498f0.txt").path
    var seedText: String { (try? String(contentsOfFile: seed, encoding: .utf8)) ?? "" }

    func write(_ text: String, _ path: String, in dir: URL) throws {
        let url = dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// A dx draft with two short lines: only its length and missing sections are wrong.
    let shortDraft = "---\ntool: Tiller\npersona: dx\nstance: ship\n---\nAt its core Tiller is a queue of typed jobs. I'd ship it.\n"

    // MARK: standard input

    func testAnalyzeReadsStandardInputWithStdinName() throws {
        let r = try Binary.run(["analyze", "-", "--stdin-name", "piped/seed.txt", "--format", "json"], stdin: seedText)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("\"piped/seed.txt\""), r.stdout)
        XCTAssertTrue(r.stdout.contains("SmolAgents 2.0"))
        // No path while standard input is a pipe: the pipe is the input.
        let implicit = try Binary.run(["analyze"], stdin: seedText)
        XCTAssertEqual(implicit.status, 0, implicit.stderr)
        XCTAssertTrue(implicit.stdout.hasPrefix("panelist: 1 page,"), implicit.stdout)
        // An empty pipe is an input problem named after the stdin name.
        let empty = try Binary.run(["analyze", "-", "--stdin-name", "nothing.txt", "--format", "json"], stdin: "")
        XCTAssertEqual(empty.status, 1)
        XCTAssertTrue(empty.stderr.contains("nothing.txt:1:1: error: the file is empty"), empty.stderr)
        // Past --max-file-bytes standard input is refused like a file (read only that far), the rest still analysed.
        let big = try Binary.run(["analyze", "-", seed, "--stdin-name", "big.txt", "--max-file-bytes", "15000", "--format", "json"],
                                 stdin: String(repeating: "a", count: 40_000))
        XCTAssertEqual(big.status, 1)
        XCTAssertTrue(big.stderr.contains("big.txt:1:1: error: "), big.stderr)
        XCTAssertTrue(big.stderr.contains("--max-file-bytes"), big.stderr)
        XCTAssertTrue(big.stdout.contains("SmolAgents 2.0"))
    }

    func testLintReadsStandardInputAsDraftJSONLinesOrPage() throws {
        let draft = try Binary.run(["lint", "-", "--stdin-name", "drafts/tiller.md"], stdin: shortDraft)
        XCTAssertEqual(draft.status, 0, draft.stderr)
        XCTAssertTrue(draft.stdout.contains("drafts/tiller.md:6:1: warning: "), draft.stdout)
        XCTAssertTrue(draft.stdout.contains("[lint.length.short]"))
        // Without a telling name, the first characters say what it is.
        let jsonl = try Binary.run(["lint", "-"], stdin: "{\"tool\": \"Tiller\", \"text\": \"I'd ship it.\"}\nnot json\n")
        XCTAssertEqual(jsonl.status, 1)
        XCTAssertTrue(jsonl.stdout.contains("<stdin>:2:1: error: not a JSON object"), jsonl.stdout)
        let page = try Binary.run(["lint", "-", "--stdin-name", "seed.txt", "--format", "json"], stdin: seedText)
        XCTAssertEqual(page.status, 0, page.stderr)
        XCTAssertTrue(page.stdout.contains("\"file\": \"seed.txt\""), page.stdout)
    }

    // MARK: standard output and standard error

    func testDiagnosticsGoToStandardErrorWithOutputFile() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.txt").path
        let r = try Binary.run(["analyze", "missing-dir", seed, "-o", out])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("missing-dir:1:1: error: no such file or directory"), r.stderr)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).contains("SmolAgents 2.0"))
        // Warnings reach standard error too; --quiet keeps errors only.
        let cut = Binary.root.appendingPathComponent("corpus/cut-off-devin-vs-openhands.txt").path
        let warned = try Binary.run(["analyze", cut, "-o", out])
        XCTAssertEqual(warned.status, 0)
        XCTAssertTrue(warned.stderr.contains(": warning: "), warned.stderr)
        XCTAssertFalse(warned.stderr.contains("pages/s"), "no progress line when standard error is not a terminal")
        let quiet = try Binary.run(["analyze", cut, "-o", out, "--quiet"])
        XCTAssertEqual(quiet.stderr, "")
        // --strict: the warning fails the run.
        let strict = try Binary.run(["analyze", cut, "-o", out, "--strict"])
        XCTAssertEqual(strict.status, 1)
    }

    func testLintQuietMinLevelAndStrict() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(shortDraft, "short.md", in: dir)
        try write("# Notes\n\nNot a draft.\n", "notes.md", in: dir)
        let plain = try Binary.run(["lint", "."], cwd: dir)
        XCTAssertEqual(plain.status, 0, plain.stdout)
        XCTAssertTrue(plain.stdout.contains("./notes.md:1:1: info: not a draft (no YAML front matter): skipped [lint.input.skipped]"), plain.stdout)
        XCTAssertTrue(plain.stdout.contains(": warning: "))
        let warnings = try Binary.run(["lint", ".", "--min-level", "warning"], cwd: dir)
        XCTAssertFalse(warnings.stdout.contains(": info: "), warnings.stdout)
        XCTAssertTrue(warnings.stdout.contains(": warning: "))
        let errors = try Binary.run(["lint", ".", "--min-level", "error"], cwd: dir)
        XCTAssertEqual(errors.stdout, "0 errors, 0 warnings, 0 info in 2 files\n")
        let quiet = try Binary.run(["lint", ".", "-q"], cwd: dir)
        XCTAssertEqual(quiet.stdout, "")
        XCTAssertEqual(quiet.status, 0)
        let strict = try Binary.run(["lint", ".", "--strict", "--quiet"], cwd: dir)
        XCTAssertEqual(strict.status, 1, "warnings fail with --strict even when not shown")
        let bad = try Binary.run(["lint", ".", "--min-level", "loud"], cwd: dir)
        XCTAssertEqual(bad.status, 2)
    }

    func testColourOnRequestOnly() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(shortDraft, "short.md", in: dir)
        let auto = try Binary.run(["lint", "short.md"], cwd: dir)
        XCTAssertFalse(auto.stdout.contains("\u{1B}["), "no colour into a pipe")
        let always = try Binary.run(["lint", "short.md", "--color", "always"], cwd: dir)
        XCTAssertTrue(always.stdout.contains("\u{1B}[1;33mwarning\u{1B}[0m"), always.stdout)
        let never = try Binary.run(["lint", "short.md", "--color", "always", "--no-color"], cwd: dir)
        XCTAssertFalse(never.stdout.contains("\u{1B}["))
    }

    // MARK: config and ignores

    func testConfigIsFoundFromTheInputsDirectoryUpwards() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write("rules:\n  lint.length.short: off\n  section.dx.weekend: error\n  lint.no.such-rule: info\n", ".panelist.yml", in: dir)
        try write(shortDraft, "reviews/dx/short.md", in: dir)
        let elsewhere = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let r = try Binary.run(["lint", dir.appendingPathComponent("reviews").path], cwd: elsewhere)
        XCTAssertEqual(r.status, 1, "section.dx.weekend raised to error by the config: \(r.stdout)")
        XCTAssertFalse(r.stdout.contains("lint.length.short"), r.stdout)
        XCTAssertTrue(r.stdout.contains("short.md:6:1: error: missing “the weekend alternative”"), r.stdout)
        // An unknown rule id is a warning naming the config file and line.
        XCTAssertTrue(r.stdout.contains(dir.appendingPathComponent(".panelist.yml").path + ":4:3: warning: unknown rule id 'lint.no.such-rule'"), r.stdout)
        // From a subdirectory of the configured tree, with a relative path.
        let sub = try Binary.run(["lint", "short.md"], cwd: dir.appendingPathComponent("reviews/dx"))
        XCTAssertFalse(sub.stdout.contains("lint.length.short"), sub.stdout)
        // --config replaces discovery.
        try write("rules: {}\n", "other.yml", in: elsewhere)
        let explicit = try Binary.run(["lint", "short.md", "--config", elsewhere.appendingPathComponent("other.yml").path], cwd: dir.appendingPathComponent("reviews/dx"))
        XCTAssertTrue(explicit.stdout.contains("lint.length.short"), explicit.stdout)
    }

    func testIgnoreGlobsInConfigIgnoreFileAndOptions() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = "not json\n"
        try write("ignore:\n  - fixtures/\n", ".panelist.yml", in: dir)
        try write(broken, "fixtures/broken.jsonl", in: dir)
        try write(broken, "scratch/broken.jsonl", in: dir)
        try write(broken, "drafts/old/broken.jsonl", in: dir)
        try write(broken, ".hidden/broken.jsonl", in: dir)
        try write("# scratch work\nscratch/\n", ".panelistignore", in: dir)
        try write("old/\n", "drafts/.panelistignore", in: dir)
        try write(shortDraft, "drafts/short.md", in: dir)
        let r = try Binary.run(["lint", ".", "--format", "json"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertTrue(r.stdout.contains("\"files\": 1"), r.stdout)
        // Explicit files are read whatever the ignores say.
        let explicit = try Binary.run(["lint", "fixtures/broken.jsonl"], cwd: dir)
        XCTAssertEqual(explicit.status, 1)
        // --no-ignore and --hidden bring the rest back; --exclude and --glob choose.
        let all = try Binary.run(["lint", ".", "--no-ignore", "--hidden", "--format", "json"], cwd: dir)
        XCTAssertTrue(all.stdout.contains("\"files\": 4"), "fixtures/ stays out by the config's ignore: \(all.stdout)")
        let excluded = try Binary.run(["lint", ".", "--no-ignore", "--exclude", "scratch", "--exclude", "old/", "--format", "json"], cwd: dir)
        XCTAssertTrue(excluded.stdout.contains("\"files\": 1"), excluded.stdout)
        let globbed = try Binary.run(["lint", ".", "--no-ignore", "--glob", "**/*.jsonl", "--format", "json"], cwd: dir)
        XCTAssertTrue(globbed.stdout.contains("\"files\": 2"), globbed.stdout)
        // analyze honours .panelistignore and the options too.
        try write(seedText, "pages/a.txt", in: dir)
        try write(seedText, "scratch/b.txt", in: dir)
        let pages = try Binary.run(["analyze", "."], cwd: dir)
        XCTAssertTrue(pages.stdout.hasPrefix("panelist: 1 page,"), pages.stdout)
    }

    func testLineLevelDisableComments() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let front = "---\ntool: Tiller\npersona: dx\nstance: ship\n---\n"
        let nextLine = front + "<!-- panelist-disable-next-line lint.length.short section.dx.weekend -->\nAt its core Tiller is a queue of typed jobs. I'd ship it.\n"
        try write(nextLine, "next-line.md", in: dir)
        let tooFar = front + "<!-- panelist-disable-next-line lint.length.short -->\n\nAt its core Tiller is a queue of typed jobs. I'd ship it.\n"
        try write(tooFar, "too-far.md", in: dir)
        let range = front + "<!-- panelist-disable lint.length.short -->\nAt its core Tiller is a queue of typed jobs. I'd ship it.\n<!-- panelist-enable lint.length.short -->\n"
        try write(range, "range.md", in: dir)
        let enabled = front + "<!-- panelist-disable lint.length.short -->\n<!-- panelist-enable lint.length.short -->\nAt its core Tiller is a queue of typed jobs. I'd ship it.\n"
        try write(enabled, "enabled.md", in: dir)
        try write("{\"tool\": \"Tiller\", \"text\": \"I'd ship it.\", \"panelist-disable\": [\"lint.length.short\"]}\n{\"tool\": \"Tiller\", \"text\": \"I'd ship it.\"}\n", "quotes.jsonl", in: dir)
        func codes(_ file: String) throws -> [String] {
            let r = try Binary.run(["lint", file], cwd: dir)
            return r.stdout.split(separator: "\n").compactMap { line in line.hasSuffix("]") ? line.split(separator: "[").last.map { "\($0.dropLast())" } : nil }
        }
        let next = try codes("next-line.md")
        XCTAssertFalse(next.contains("lint.length.short"))
        XCTAssertFalse(next.contains("section.dx.weekend"))
        XCTAssertTrue(next.contains("section.dx.bet"), "\(next)")
        XCTAssertTrue(try codes("too-far.md").contains("lint.length.short"))
        XCTAssertFalse(try codes("range.md").contains("lint.length.short"))
        XCTAssertTrue(try codes("enabled.md").contains("lint.length.short"))
        let jsonl = try Binary.run(["lint", "quotes.jsonl"], cwd: dir)
        XCTAssertFalse(jsonl.stdout.contains("quotes.jsonl:1:1: warning: 3 words"), jsonl.stdout)
        XCTAssertTrue(jsonl.stdout.contains("quotes.jsonl:2:1: warning: 3 words"), jsonl.stdout)
    }

    // MARK: honest commands

    func testEvalWithoutLabelsExits2NamingTheFolder() throws {
        let r = try Binary.run(["eval", "--labels", "corpus"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("corpus: no *.labels.json files"), r.stderr)
        XCTAssertEqual(r.stdout, "")
        let missing = try Binary.run(["eval", "--labels", "no/such/folder"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no/such/folder"), missing.stderr)
    }

    func testRulesCheckOnAnEmptyFolderExits2() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Binary.run(["rules", "check", "--rules", dir.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains(dir.path + ": no rule files"), r.stderr)
        XCTAssertEqual(try Binary.run(["rules", "test", "--rules", dir.path]).status, 2)
        XCTAssertEqual(try Binary.run(["rules", "check"]).status, 0)
    }

    func testDidYouMeanAndRefusedOptions() throws {
        let typo = try Binary.run(["analyse", "corpus"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains("unknown command 'analyse': did you mean 'analyze'?"), typo.stderr)
        let nested = try Binary.run(["rules", "chek"])
        XCTAssertEqual(nested.status, 2)
        XCTAssertTrue(nested.stderr.contains("unknown command 'chek': did you mean 'check'?"), nested.stderr)
        XCTAssertEqual(try Binary.run(["help", "analyse"]).status, 2)
        XCTAssertEqual(try Binary.run(["help", "analyze"]).status, 0)
        let csv = try Binary.run(["summary", "--format", "csv", "--by", "page"])
        XCTAssertEqual(csv.status, 2)
        XCTAssertTrue(csv.stderr.contains("--by"), csv.stderr)
        XCTAssertEqual(try Binary.run(["summary", "--format", "csv", "--by", "tool"]).status, 0)
        // --persona on a page sets the slot signal in place of the quote's own slot.
        let own = try Binary.run(["explain", "corpus/000_0a16dc68769498f0.txt#1"])
        let moved = try Binary.run(["explain", "corpus/000_0a16dc68769498f0.txt#1", "--persona", "business"])
        XCTAssertEqual(moved.status, 0, moved.stderr)
        XCTAssertNotEqual(own.stdout, moved.stdout)
        XCTAssertTrue(moved.stdout.contains("business"), moved.stdout)
        XCTAssertEqual(try Binary.run(["explain", "corpus/000_0a16dc68769498f0.txt#1", "--persona", "wizard"]).status, 2)
        XCTAssertEqual(try Binary.run(["explain", "--text", "x", "--persona", "dx", "--no-slot-prior"]).status, 2)
        // Options that would do nothing are refused.
        for args in [["eval", "--labels", "Tests/Fixtures/labels", "--errors", "--format", "json"],
                     ["analyze", "corpus", "--evidence", "spans"],
                     ["analyze", "corpus", "--partial", "--format", "json"],
                     ["summary", "--format", "html", "--by", "tool"],
                     ["analyze", "corpus", "--stdin-name", "x.txt"]] {
            let r = try Binary.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stdout, "", "\(args)")
        }
    }

    /// Every command and subcommand, from the help's SUBCOMMANDS lists.
    func allCommands(_ prefix: [String] = []) throws -> [[String]] {
        let help = try Binary.run(prefix + ["--help"]).stdout
        var found = [prefix]
        guard let list = help.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first else { return found }
        for line in list.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { break }
            let name = line.dropFirst(2).prefix { $0 != " " }
            if line.hasPrefix("  "), !line.hasPrefix("   "), !name.isEmpty { found += try allCommands(prefix + [String(name)]) }
        }
        return found
    }

    /// Help texts are wrapped by the parser alone: no line breaks in the middle of a sentence.
    func testHelpWrapsCleanly() throws {
        let commands = try allCommands()
        XCTAssertTrue(commands.contains(["rules", "check"]), "\(commands)")
        for command in commands {
            let r = try Binary.run(command + ["--help"])
            XCTAssertEqual(r.status, 0)
            XCTAssertFalse(r.stdout.contains("JSON Lines\n"), r.stdout)
            // A short line followed by one that carries on the sentence is a hard break in the source text.
            let prose = r.stdout.components(separatedBy: "USAGE:")[0].split(separator: "\n", omittingEmptySubsequences: false)
            for (line, next) in zip(prose, prose.dropFirst()) where !line.isEmpty && line.count < 40 {
                XCTAssertFalse(next.first?.isLowercase ?? false, "\(command): a line breaks early: “\(line)” / “\(next)”")
            }
            for line in r.stdout.split(separator: "\n") where !line.hasPrefix("USAGE:") { XCTAssertLessThanOrEqual(line.count, 100, "\(command): \(line)") }
        }
    }

    // MARK: the repository itself

    func testLintOutputIsTheSameWhateverTheNumberOfWorkers() throws {
        let args = ["lint", "corpus", "Tests/Fixtures/drafts", "Tests/Fixtures/pages", "--format", "json"]
        let one = try Binary.run(args + ["-j", "1"])
        let three = try Binary.run(args + ["-j", "3"])
        XCTAssertEqual(one.status, 1)
        XCTAssertEqual(one.stdout, three.stdout)
        XCTAssertEqual(try Binary.run(["lint", "-j", "0"]).status, 2)
    }

    func testShippedCorpusAndRepositoryLintCleanly() throws {
        let corpus = try Binary.run(["lint", "corpus", "--format", "json"])
        XCTAssertEqual(corpus.status, 0, corpus.stdout)
        XCTAssertTrue(corpus.stdout.contains("\"warnings\": 0"), "published pages give no warnings at default levels")
        XCTAssertTrue(corpus.stdout.contains("\"errors\": 0"))
        let root = try Binary.run(["lint", ".", "--min-level", "warning"])
        XCTAssertEqual(root.status, 0, root.stdout)
    }
}
