import ArgumentParser
import Foundation
import PanelistCore

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify every quote by persona and stance and write a report per tool.",
        discussion: """
        Reads every page (*.txt) under the paths (default: corpus/), or one page from standard input \
        with - (or a pipe). Pages in the plain and the rich layout are both understood; cut-off pages \
        give what they have plus a warning.

        The report goes to standard output (or --output); problems with the inputs go to standard error \
        as well. Exits 1 when an input has an error (the report still covers every other page), or a \
        warning with --strict.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, jsonl }

    @OptionGroup var corpus: CorpusOptions

    @Option(name: .shortAndLong, help: "Output format: text, json, markdown, or jsonl (one record per quote occurrence, streamed as pages finish).")
    var format: Format = .text

    @Option(name: .long, help: "Evidence in jsonl records: none (labels only), rules (rules and weights, the default), spans (plus where they fired).")
    var evidence: EvidenceDetail?

    @Flag(name: .long, help: "Write a partial result (integer counts per tool and quote, the rules' hash) for 'panelist merge' instead of a report.")
    var partial = false

    @OptionGroup var out: OutputOption

    @OptionGroup(title: "Diagnostics") var diagnostics: DiagnosticOptions

    func validate() throws {
        if let evidence, format != .jsonl { throw ValidationError("--evidence \(evidence.rawValue) applies to --format jsonl records only") }
        if partial, format != .text { throw ValidationError("--partial writes a partial result for 'panelist merge', not a \(format.rawValue) report: leave out --format") }
    }

    func run() throws {
        try out.refuseInput(corpus.paths)
        if partial { return try writePartial() }
        if format == .jsonl { return try streamLines() }
        if format == .json { return try streamReport() }
        let report = try corpus.analyze(progress: diagnostics.progress("pages"))
        let rendered: String
        switch format {
        case .text: rendered = ReportText.render(report)
        case .json, .jsonl: return
        case .markdown: rendered = ReportMarkdown.render(report)
        }
        try out.emit(rendered)
        // The report carries every diagnostic too; standard error gets them so a terminal or a script sees them.
        diagnostics.report(report.diagnostics)
        if diagnostics.fails(report.diagnostics.map(\.severity)) { throw ExitCode(1) }
    }
}

extension EvidenceDetail: ExpressibleByArgument {}

extension Analyze {
    /// JSON Lines go out as each batch of pages is analysed; nothing is kept between pages.
    func streamLines() throws {
        let rules = try corpus.ruleOptions.load()
        let (files, inputDiagnostics) = try corpus.inputFiles()
        let target = try OutputTarget(out.output)
        let sink = QuoteLinesSink(out: target.output, rules: rules, slotPrior: !corpus.noSlotPrior, detail: evidence ?? .rules)
        sink.receive(diagnostics: inputDiagnostics)
        diagnostics.report(inputDiagnostics)
        var severities = inputDiagnostics.map(\.severity)
        // Records streamed onto the same terminal would break the progress line: none then.
        let progress = out.output == nil && isatty(STDOUT_FILENO) == 1 ? nil : diagnostics.progress("pages")
        CorpusAnalyzer.stream(files: files, rules: rules, options: corpus.options(progress: progress)) { page in
            sink.receive(page)
            if !page.page.diagnostics.isEmpty { progress?.finish() }
            diagnostics.report(page.page.diagnostics)
            severities += page.page.diagnostics.map(\.severity)
        }
        progress?.finish()
        try target.commit()
        if sink.errorCount > 0 || diagnostics.fails(severities) { throw ExitCode(1) }
    }
}

extension Analyze {
    /// The per-tool JSON report in bounded memory: each page's panels and quotes are
    /// spilled to a temporary file (in TMPDIR, removed on every exit path) as the page
    /// is analysed, and the report is written tool by tool at the end.
    func streamReport() throws {
        let rules = try corpus.ruleOptions.load()
        let (files, inputDiagnostics) = try corpus.inputFiles()
        let sink: ReportJSONSink
        do { sink = try ReportJSONSink(rules: rules, options: corpus.options(progress: nil)) } catch {
            CLI.error("\(error)")
            throw ExitCode(2)
        }
        sink.receive(diagnostics: inputDiagnostics)
        let progress = diagnostics.progress("pages")
        CorpusAnalyzer.stream(files: files, rules: rules, options: corpus.options(progress: progress)) { sink.receive($0) }
        progress?.finish()
        let target = try OutputTarget(out.output)
        let all: [Diagnostic]
        do { all = try sink.write(to: target.output) } catch {
            target.discard()
            CLI.error("\(error)")
            throw ExitCode(2)
        }
        try target.commit()
        // The report carries every diagnostic too; standard error gets them so a terminal or a script sees them.
        diagnostics.report(all)
        if diagnostics.fails(all.map(\.severity)) { throw ExitCode(1) }
    }
}

extension Analyze {
    /// A shard's contribution, for `panelist merge`.
    func writePartial() throws {
        let rules = try corpus.ruleOptions.load()
        let (files, inputDiagnostics) = try corpus.inputFiles()
        var partial = Partial(rules: rules, slotPrior: !corpus.noSlotPrior)
        partial.add(diagnostics: inputDiagnostics)
        var problems = inputDiagnostics
        let progress = diagnostics.progress("pages")
        CorpusAnalyzer.stream(files: files, rules: rules, options: corpus.options(progress: progress)) { page in
            partial.add(page)
            problems += page.page.diagnostics
        }
        progress?.finish()
        let target = try OutputTarget(out.output)
        partial.write(to: target.output)
        try target.commit()
        diagnostics.report(problems)
        if diagnostics.fails(problems.map(\.severity)) { throw ExitCode(1) }
    }
}
