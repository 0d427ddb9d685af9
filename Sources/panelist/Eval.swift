import ArgumentParser
import Foundation
import PanelistCore

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the rules against labelled pages.",
        discussion: """
        Compares the engine with *.labels.json files (format: see docs/labels.md): persona and stance
        accuracy with and without the slot signal, per-class precision/recall/F1, confusion matrices,
        risk and competitor recall/precision, panel consistency, and each rule's coverage, accuracy,
        overlaps and conflicts.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .long, help: ArgumentHelp("Directory of *.labels.json files.", valueName: "DIR"))
    var labels: String

    @Argument(help: "Pages or directories to analyse (default: the labels directory).")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: Format = .text

    @Flag(name: .long, help: "List every misclassified quote with its scores.")
    var errors = false

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let rules = try ruleOptions.load()
        let labelFiles: [PageLabels]
        do { labelFiles = try PageLabels.load(directory: labels) } catch {
            CLI.error("\(error)")
            throw ExitCode(1)
        }
        let report = CorpusAnalyzer.run(paths: paths.isEmpty ? [labels] : paths, rules: rules)
        for d in report.diagnostics where d.severity == .error { CLI.error(d.description) }
        let evaluation = Evaluation.run(report: report, labels: labelFiles, rules: rules)
        switch format {
        case .text: print(EvaluationPrinter.text(evaluation, showErrors: errors), terminator: "")
        case .json: print(EvaluationPrinter.json(evaluation), terminator: "")
        }
    }
}
