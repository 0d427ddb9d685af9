import ArgumentParser
import Foundation
import PanelistCore

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify every quote by persona and stance and write a report per tool.",
        discussion: """
        Reads every page (*.txt) under PATH... (default: corpus/). Pages in the plain and the rich
        layout are both understood; cut-off pages give what they have plus a warning.
        Exits 1 when an input has an error (the report still covers every other page).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @OptionGroup var corpus: CorpusOptions

    @Option(name: .shortAndLong, help: "Output format: text, json or markdown.")
    var format: Format = .text

    @OptionGroup var out: OutputOption

    func run() throws {
        let report = try corpus.analyze()
        let rendered: String
        switch format {
        case .text: rendered = ReportText.render(report)
        case .json: rendered = ReportJSON.render(report)
        case .markdown: rendered = ReportMarkdown.render(report)
        }
        try out.emit(rendered)
        // Diagnostics already appear in every format; stderr gets the errors so scripts notice.
        let errors = report.diagnostics.filter { $0.severity == .error }
        if format != .text || out.output != nil { for d in errors { CLI.error(d.description) } }
        if !errors.isEmpty { throw ExitCode(1) }
    }
}
