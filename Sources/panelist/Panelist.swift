import ArgumentParser
import Foundation
import PanelistCore

@main
struct Panelist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panelist",
        abstract: "Reads AI-tool reviewer panels and turns them into structured, checkable knowledge.",
        discussion: """
        Rules live in rules/*.yaml (or --rules DIR); without either, the rules built into the binary are used.
        Exit codes: 0 success, 1 problems in the input, 2 usage or rule errors.
        """,
        version: "0.1.0",
        subcommands: [Analyze.self, Lint.self, Summarize.self, Rules.self, Explain.self, Eval.self, Merge.self],
        defaultSubcommand: nil
    )

    /// Usage errors exit 2, like rule errors, rather than the parser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every command that applies rules shares.
struct RuleOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Directory of rule files (default: rules/ if present, else the built-in rules).", valueName: "DIR"))
    var rules: String?

    func load() throws -> RuleSet {
        do {
            return try RuleSet.resolve(directory: rules)
        } catch let error as RuleSetError {
            for p in error.problems { CLI.error(p.description) }
            throw ExitCode(2)
        }
    }
}

/// Pages to read and how to read them, shared by the commands that analyse a corpus.
struct CorpusOptions: ParsableArguments {
    @Argument(help: "Pages or directories of pages.")
    var paths: [String] = ["corpus"]

    @Flag(name: .customLong("no-slot-prior"), help: "Ignore the scorecard slot: persona comes from the quote's words alone.")
    var noSlotPrior = false

    @Option(name: [.customShort("j"), .customLong("jobs")], help: ArgumentHelp("Worker threads (default: all cores). The output is the same whatever the number.", valueName: "N"))
    var jobs: Int?

    @OptionGroup var ruleOptions: RuleOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("-j/--jobs must be at least 1") }
    }

    var options: AnalyzeOptions {
        var options = AnalyzeOptions(slotPrior: !noSlotPrior)
        if let jobs { options.workers = jobs }
        return options
    }

    /// Loads the rules (exit 2 on rule errors) and analyses the pages.
    func analyze() throws -> Report {
        let rules = try ruleOptions.load()
        return CorpusAnalyzer.run(paths: paths, rules: rules, options: options)
    }
}

/// Where a command writes what it prints.
struct OutputOption: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    func emit(_ text: String) throws { try CLI.emit(text, to: output) }
}

/// Streamed output: standard output, or a temporary file beside FILE renamed
/// over it when all went well, so a failed run never leaves half a file.
final class OutputTarget {
    let output: ByteOutput
    private let path: String?
    private let temporary: String?

    init(_ path: String?) throws {
        self.path = path
        guard let path else {
            output = .standardOutput()
            temporary = nil
            return
        }
        let dir = (path as NSString).deletingLastPathComponent
        let temp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            CLI.error("\(path): cannot write the output file: check the directory exists and is writable")
            throw ExitCode(1)
        }
        output = ByteOutput(fd: fd, closeWhenDone: true)
        temporary = temp
    }

    func commit() throws {
        let ok = output.finish()
        guard let path, let temporary else {
            if !ok { CLI.error("standard output: write failed"); throw ExitCode(1) }
            return
        }
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            CLI.error("\(path): cannot write the output file: check the disk has room and the directory is writable")
            throw ExitCode(1)
        }
    }
}

enum CLI {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("panelist: \(Sanitize.oneLine(message))\n".utf8))
    }

    /// Writes to --output or stdout. A write failure is a one-line error and exit 1.
    static func emit(_ text: String, to output: String?) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            Self.error("\(output): cannot write the output file: check the directory exists and is writable")
            throw ExitCode(1)
        }
    }
}
