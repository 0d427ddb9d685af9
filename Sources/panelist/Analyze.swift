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

    @Option(name: .long, help: "Evidence in jsonl records: none (labels only), rules (rules and weights), spans (plus where they fired).")
    var evidence: EvidenceDetail = .rules

    @Flag(name: .long, help: "Write a partial result (integer counts per tool and quote, the rules' hash) for 'panelist merge' instead of a report.")
    var partial = false

    @OptionGroup var out: OutputOption

    @OptionGroup(title: "Diagnostics") var diagnostics: DiagnosticOptions

    func run() throws {
        try out.refuseInput(corpus.paths)
        if partial { return try writePartial() }
        if format == .jsonl { return try streamLines() }
        let report = try corpus.analyze(progress: diagnostics.progress("pages"))
        let rendered: String
        switch format {
        case .text: rendered = ReportText.render(report)
        case .json: rendered = ReportJSON.render(report)
        case .markdown: rendered = ReportMarkdown.render(report)
        case .jsonl: return
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
        let sink = QuoteLinesSink(out: target.output, rules: rules, slotPrior: !corpus.noSlotPrior, detail: evidence)
        sink.receive(diagnostics: inputDiagnostics)
        for d in inputDiagnostics where d.severity == .error { CLI.error(d.description) }
        CorpusAnalyzer.stream(files: files, rules: rules, options: corpus.options) { page in
            sink.receive(page)
            for d in page.page.diagnostics where d.severity == .error { CLI.error(d.description) }
        }
        try target.commit()
        if sink.errorCount > 0 { throw ExitCode(1) }
    }
}

extension Analyze {
    /// A shard's contribution, for `panelist merge`.
    func writePartial() throws {
        let rules = try corpus.ruleOptions.load()
        let (files, inputDiagnostics) = try corpus.inputFiles()
        var partial = Partial(rules: rules, slotPrior: !corpus.noSlotPrior)
        partial.add(diagnostics: inputDiagnostics)
        var errors = inputDiagnostics.filter { $0.severity == .error }
        CorpusAnalyzer.stream(files: files, rules: rules, options: corpus.options) { page in
            partial.add(page)
            errors += page.page.diagnostics.filter { $0.severity == .error }
        }
        let target = try OutputTarget(out.output)
        partial.write(to: target.output)
        try target.commit()
        for d in errors { CLI.error(d.description) }
        if !errors.isEmpty { throw ExitCode(1) }
    }
}
