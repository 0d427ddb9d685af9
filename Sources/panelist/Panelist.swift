import ArgumentParser
import Foundation
import PanelistCore

@main
struct Panelist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panelist",
        abstract: "Reads AI-tool reviewer panels and turns them into structured, checkable knowledge.",
        discussion: """
        Rules live in rules/*.yaml (or --rules DIR); without either, the rules built into the binary are used. \
        A path of - (or no path while standard input is a pipe) reads one page, draft or JSON Lines file \
        from standard input.

        Exit codes: 0 success, 1 problems in the input (or lint errors), 2 usage or rule errors.
        """,
        version: "0.1.0",
        subcommands: [Analyze.self, Lint.self, Summarize.self, Rules.self, Explain.self, Eval.self, Merge.self],
        defaultSubcommand: nil
    )

    /// Usage errors exit 2, like rule errors, rather than the parser's 64.
    static func main() {
        if let message = CLI.mistypedSubcommand(Array(CommandLine.arguments.dropFirst()), root: Panelist.self) {
            CLI.error(message)
            Foundation.exit(2)
        }
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
    @Argument(help: ArgumentHelp("Pages or directories of pages (default: corpus/); - reads standard input.", valueName: "path"))
    var paths: [String] = []

    @Flag(name: .customLong("no-slot-prior"), help: "Ignore the scorecard slot: persona comes from the quote's words alone.")
    var noSlotPrior = false

    @Option(name: [.customShort("j"), .customLong("jobs")], help: ArgumentHelp("Worker threads (default: all cores). The output is the same whatever the number.", valueName: "N"))
    var jobs: Int?

    @OptionGroup(title: "Inputs") var inputs: InputOptions

    @OptionGroup(title: "Limits") var limits: LimitOptions

    @OptionGroup var ruleOptions: RuleOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("-j/--jobs must be at least 1") }
    }

    var options: AnalyzeOptions {
        var options = AnalyzeOptions(slotPrior: !noSlotPrior)
        if let jobs { options.workers = jobs }
        options.walk = inputs.walk
        return options
    }

    /// The pages to read (standard input resolved) and the paths that are missing.
    func inputFiles() throws -> (files: [String], diagnostics: [Diagnostic]) {
        limits.apply()
        return CorpusAnalyzer.inputFiles(try inputs.resolve(paths), walk: inputs.walk)
    }

    /// The options with a progress line fed after each batch.
    func options(progress: Progress?) -> AnalyzeOptions {
        var options = self.options
        if let progress { options.progress = { done, total in progress.update(done: done, total: total) } }
        return options
    }

    /// Loads the rules (exit 2 on rule errors) and analyses the pages, with progress on a terminal.
    func analyze(progress: Progress? = nil) throws -> Report {
        limits.apply()
        let paths = try inputs.resolve(paths)
        let rules = try ruleOptions.load()
        let options = self.options(progress: progress)
        defer { progress?.finish() }
        return CorpusAnalyzer.run(paths: paths, rules: rules, options: options)
    }
}

/// Where inputs come from: paths, standard input, and how directories are walked.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("stdin-name"), help: ArgumentHelp("The name standard input goes by in reports and diagnostics; its extension (.txt, .md, .jsonl) says what it holds.", valueName: "NAME"))
    var stdinName: String?

    @Option(name: .long, help: ArgumentHelp("In directories, read only files whose path matches GLOB (gitignore syntax; repeatable).", valueName: "GLOB"))
    var glob: [String] = []

    @Option(name: .long, help: ArgumentHelp("In directories, leave out files and folders matching GLOB (repeatable).", valueName: "GLOB"))
    var exclude: [String] = []

    @Flag(name: .long, help: "Also read hidden files and folders (names starting with a dot).")
    var hidden = false

    @Flag(name: .customLong("no-ignore"), help: "Do not read .panelistignore files.")
    var noIgnore = false

    var walk: InputWalk { InputWalk(include: glob, exclude: exclude, ignoreFiles: !noIgnore, hidden: hidden) }

    /// The paths to read: `-` becomes standard input (read once, named --stdin-name); no path reads standard
    /// input when it is a pipe or a file, else `fallback`.
    func resolve(_ paths: [String], fallback: [String] = ["corpus"]) throws -> [String] {
        var paths = paths
        if paths.isEmpty { paths = CLI.standardInputIsData() ? ["-"] : fallback }
        guard paths.contains("-") else {
            if stdinName != nil { CLI.error("--stdin-name names standard input: give - as a path, or pipe the input in"); throw ExitCode(2) }
            return paths
        }
        let name = stdinName ?? "<stdin>"
        if FileManager.default.fileExists(atPath: name), paths.contains(name) {
            CLI.error("\(name): --stdin-name is also a path on the command line: pick another name"); throw ExitCode(2)
        }
        let (data, complete) = CLI.readStandardInput(limit: InputLimits.active.maxFileBytes)
        StandardInput.set(name: name, data: data, complete: complete)
        var seen = false
        return paths.compactMap { path in
            guard path == "-" else { return path }
            defer { seen = true }
            return seen ? nil : name
        }
    }
}

/// Which problems are shown and which make the run fail.
struct DiagnosticOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Errors only: no warnings, infos, summary lines or progress.")
    var quiet = false

    @Option(name: .customLong("min-level"), help: ArgumentHelp("Show problems at this level or above: info, warning or error.", valueName: "level"))
    var minLevel: Severity?

    @Flag(name: .long, help: "Warnings fail the run too (exit 1), as errors do.")
    var strict = false

    @OptionGroup var colorOptions: ColorOptions

    func validate() throws {
        if quiet, let minLevel, minLevel != .error { throw ValidationError("--quiet shows errors only: it cannot be combined with --min-level \(minLevel.rawValue)") }
    }

    var threshold: Severity { quiet ? .error : (minLevel ?? .info) }
    func shows(_ severity: Severity) -> Bool { severity >= threshold }
    /// Whether problems at these levels make the run fail: errors always, warnings with --strict.
    func fails(_ severities: [Severity]) -> Bool { severities.contains(.error) || (strict && severities.contains(.warning)) }

    /// Prints the diagnostics at or above the level on standard error, one line each.
    func report(_ diagnostics: [Diagnostic]) {
        let color = colorOptions.enabled(for: STDERR_FILENO)
        for d in diagnostics where shows(d.severity) { CLI.diagnostic(d, color: color) }
    }

    /// A progress line on standard error, when it is a terminal and the run is not --quiet.
    func progress(_ unit: String) -> Progress? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return Progress(unit: unit)
    }
}

extension Severity: ExpressibleByArgument {}

/// `--color auto|always|never` and `--no-color`; `NO_COLOR` turns auto off.
struct ColorOptions: ParsableArguments {
    enum Mode: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    @Option(name: .long, help: "Colour: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: Mode = .auto

    @Flag(name: .customLong("no-color"), help: "Never colour (same as --color never).")
    var noColor = false

    func enabled(for descriptor: Int32, writingToFile: Bool = false) -> Bool {
        if noColor { return false }
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            if let value = ProcessInfo.processInfo.environment["NO_COLOR"], !value.isEmpty { return false }
            return !writingToFile && isatty(descriptor) == 1
        }
    }
}

/// Where a command writes what it prints.
struct OutputOption: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    func emit(_ text: String) throws { try CLI.emit(text, to: output) }

    /// Exit 2, touching nothing, when --output names one of the inputs.
    func refuseInput(_ inputs: [String], extensions: Set<String> = ["txt"]) throws {
        try SafeOutput.refuseInput(output, inputs: inputs, extensions: extensions)
    }
}

/// Streamed output: standard output, or a temporary file beside FILE renamed
/// over it when all went well, so a failed run never leaves half a file.
final class OutputTarget {
    let output: ByteOutput
    private let file: SafeOutput?

    init(_ path: String?) throws {
        guard let path else {
            output = .standardOutput()
            file = nil
            return
        }
        let file = try SafeOutput.open(path) // a device or FIFO is written in place, never replaced
        output = ByteOutput(fd: file.fd, closeWhenDone: true)
        self.file = file
    }

    func commit() throws {
        let ok = output.finish()
        guard let file else {
            if !ok { CLI.error("standard output: write failed"); throw ExitCode(1) }
            return
        }
        try file.finish(ok: ok)
    }

    /// Gives up the output: a regular file's temporary copy is removed, the old file left whole.
    func discard() {
        _ = output.finish()
        if let temporary = file?.temporary { unlink(temporary) }
    }
}

/// "1200/20000 pages, 540 pages/s, ETA 35 s" on standard error, once a run has taken a second.
final class Progress: @unchecked Sendable {
    private let unit: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let lock = NSLock()

    init(unit: String) { self.unit = unit }

    func update(done: Int, total: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed >= 1, done < total, now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        let rate = Double(done) / elapsed
        let eta = rate > 0 ? Int((Double(total - done) / rate).rounded(.up)) : 0
        let line = "panelist: \(done)/\(total) \(unit), \(Int(rate.rounded())) \(unit)/s, ETA \(eta < 60 ? "\(eta) s" : "\(eta / 60) min \(eta % 60) s")"
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    /// Clears the line so what follows starts clean.
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}

enum CLI {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("panelist: \(Sanitize.oneLine(message))\n".utf8))
    }

    /// `panelist: file:line:col: level: message [code]` on standard error, the level coloured on request.
    static func diagnostic(_ d: Diagnostic, color: Bool) {
        var line = Sanitize.oneLine(d.description)
        if color {
            let code = d.severity == .error ? "31" : d.severity == .warning ? "33" : "36"
            line = line.replacingOccurrences(of: ": \(d.severity.rawValue): ", with: ": \u{1B}[1;\(code)m\(d.severity.rawValue)\u{1B}[0m: ", options: [], range: nil)
        }
        FileHandle.standardError.write(Data("panelist: \(line)\n".utf8))
    }

    /// Reads standard input up to `limit` bytes and one more, so a bigger input is known to be too big
    /// (and refused as a file over --max-file-bytes is) without being held whole.
    static func readStandardInput(limit: Int) -> (data: Data, complete: Bool) {
        var data = Data()
        while data.count <= limit, let chunk = try? FileHandle.standardInput.read(upToCount: min(1 << 20, limit + 1 - data.count)),
              !chunk.isEmpty {
            data.append(chunk)
        }
        return (data, data.count <= limit)
    }

    /// Whether standard input carries data to read: a pipe, a socket or a non-empty file (not a terminal or /dev/null).
    static func standardInputIsData() -> Bool {
        var info = stat()
        guard fstat(STDIN_FILENO, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type == S_IFIFO || type == S_IFSOCK || (type == S_IFREG && info.st_size > 0)
    }

    /// "unknown command 'analyse': did you mean 'analyze'?" for a word where a subcommand belongs,
    /// at any depth (`panelist rules chek`, `panelist help analyse`).
    static func mistypedSubcommand(_ arguments: [String], root: ParsableCommand.Type) -> String? {
        var command = root
        var path = [root._commandName]
        var words = arguments[...]
        if words.first == "help" { words = words.dropFirst() }
        while let word = words.first, !word.hasPrefix("-") {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, command.configuration.defaultSubcommand == nil else { return nil }
            let names = subcommands.map { $0._commandName }
            if let index = names.firstIndex(of: word) {
                command = subcommands[index]
                path.append(word)
                words = words.dropFirst()
                continue
            }
            if path.count == 1, word == "help" { return nil }
            let close = names.map { ($0, editDistance(word.lowercased(), $0)) }
                .filter { $0.1 <= max(2, $0.0.count / 3) || $0.0.hasPrefix(word.lowercased()) }
                .sorted { $0.1 < $1.1 }
            let hint = close.first.map { ": did you mean '\($0.0)'?" } ?? ""
            let place = path.joined(separator: " ")
            return "unknown command '\(word)'\(hint) (\(place) has: \(names.joined(separator: ", ")); see \(place) --help)"
        }
        return nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where i <= a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where j <= b.count {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = old
            }
        }
        return row[b.count]
    }

    /// Writes to --output or stdout. A write failure is a one-line error and exit 1.
    static func emit(_ text: String, to output: String?) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try SafeOutput.write(text, to: output)
    }
}
