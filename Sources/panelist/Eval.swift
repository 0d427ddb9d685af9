import ArgumentParser
import Foundation
import PanelistCore

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the rules against labelled pages.",
        discussion: """
        Compares the engine with the *.labels.json files in --labels DIR: persona and stance accuracy \
        with and without the slot signal, per-class precision/recall/F1, confusion matrices, risk and \
        competitor recall/precision, panel consistency, and each rule's coverage, accuracy, overlaps \
        and conflicts.

        --labels stated measures stance against what the pages themselves state: each reviewer's \
        stated verdict (a rich header's `88/100 · ship`, a rich tool page's `Ship` line) is the label, \
        so any folder of rich pages is a measuring set (`panelist eval --labels stated DIR`). For a \
        label folder literally named `stated`, write `./stated`.

        Exit codes: 0 measured, 1 a label file or a page cannot be read, 2 no label files in DIR \
        (or usage or rule errors).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .long, help: ArgumentHelp("Directory of *.labels.json files, or 'stated' to use the pages' own stated verdicts.", valueName: "DIR|stated"))
    var labels: String

    @Argument(help: "Pages or directories to analyse (default: the labels directory).")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: Format = .text

    @Flag(name: .long, help: "List every misclassified quote with its scores.")
    var errors = false

    @OptionGroup var ruleOptions: RuleOptions

    func validate() throws {
        if errors, format == .json { throw ValidationError("--errors lists the misses in the text report: leave it out with --format json") }
    }

    func run() throws {
        let rules = try ruleOptions.load()
        if labels == "stated" {
            guard !paths.isEmpty else {
                CLI.error("--labels stated measures against the pages' own stated verdicts: name the pages or folders to read")
                throw ExitCode(2)
            }
            let report = CorpusAnalyzer.run(paths: paths, rules: rules)
            for d in report.diagnostics where d.severity == .error { CLI.error(d.description) }
            let evaluation = StatedEvaluation.run(report: report)
            switch format {
            case .text: print(evaluation.text(showErrors: errors), terminator: "")
            case .json: print(evaluation.json(), terminator: "")
            }
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: labels, isDirectory: &isDirectory), isDirectory.boolValue else {
            CLI.error("\(labels): no such folder: --labels takes a folder of *.labels.json files")
            throw ExitCode(2)
        }
        let labelFiles: [PageLabels]
        do { labelFiles = try PageLabels.load(directory: labels) } catch {
            CLI.error("\(error)")
            throw ExitCode(1)
        }
        guard !labelFiles.isEmpty else {
            CLI.error("\(labels): no *.labels.json files: --labels takes a folder of label files (see Tests/Fixtures/labels/ for the format)")
            throw ExitCode(2)
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
