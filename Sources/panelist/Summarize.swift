import ArgumentParser
import Foundation
import PanelistCore

struct Summarize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Stance summaries: per tool, head to head per page, and corpus-wide.",
        discussion: """
        Per tool: ship/skip by persona, computed vs stated panel %, the dissenting reviewers with the \
        sentence that carries their stance, top risks and rivals. Per page: both tools side by side and \
        a one-line verdict. Corpus-wide: the persona × stance matrix, tools ranked by computed ship %, \
        pages whose stated % disagrees, the most-cited competitors and risk categories. Without --by, \
        all three, short.

        --format csv gives one row per tool × persona (so --by tool only); --format html one \
        self-contained page with every view and its charts (no --by).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json, csv, html }
    enum By: String, ExpressibleByArgument, CaseIterable { case tool, page, persona }

    @OptionGroup var corpus: CorpusOptions

    @Option(name: .long, help: "One view: tool, page or persona (the corpus-wide view).")
    var by: By?

    @Option(name: .shortAndLong, help: "Output format: text, markdown, json, csv or html.")
    var format: Format = .text

    @OptionGroup var out: OutputOption

    @OptionGroup(title: "Diagnostics") var diagnostics: DiagnosticOptions

    func validate() throws {
        if format == .csv, let by, by != .tool {
            throw ValidationError("--format csv has one row per tool × persona: use --by tool (or no --by), or --format json for --by \(by.rawValue)")
        }
        if format == .html, let by {
            throw ValidationError("--format html shows every view in one page: leave out --by \(by.rawValue), or use --format markdown")
        }
    }

    func run() throws {
        try out.refuseInput(corpus.paths)
        let report = try corpus.analyze(progress: diagnostics.progress("pages"))
        let summary = Summary(report)
        let view = by.flatMap { SummaryView(rawValue: $0.rawValue) } ?? .all
        let rendered: String
        switch format {
        case .text: rendered = SummaryPrinters.text(summary, view: view)
        case .markdown: rendered = SummaryPrinters.markdown(summary, view: view)
        case .json: rendered = SummaryPrinters.json(summary, view: view)
        case .csv: rendered = SummaryPrinters.csv(summary)
        case .html: rendered = SummaryHTML.render(summary, report: report)
        }
        try out.emit(rendered)
        diagnostics.report(report.diagnostics)
        if diagnostics.fails(report.diagnostics.map(\.severity)) { throw ExitCode(1) }
    }
}
