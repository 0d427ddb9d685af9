import ArgumentParser
import Foundation
import PanelistCore

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check draft reviews and pages for missing sections and other problems.",
        discussion: """
        Reads Markdown drafts (*.md with YAML front matter: tool, persona, stance, reviewer, page), JSON \
        Lines of quotes (*.jsonl) and pages (*.txt) under the paths (default: corpus/), or one of them \
        from standard input with - (name it with --stdin-name). Markdown without front matter is skipped \
        with an info line. The checks are rules in rules/sections.yaml and rules/lint.yaml; on published \
        pages the quote checks are infos.

        The nearest .panelist.yml above each input (or --config FILE) changes levels, turns rules off and \
        lists ignore: globs. In a draft, HTML comments turn rules off: panelist-disable RULE from there \
        on (until panelist-enable RULE), panelist-disable-next-line RULE for the next line. A JSON Lines \
        record can carry "panelist-disable": [RULE, ...].

        Exit codes: 0 no error, 1 at least one error (or a warning with --strict), 2 usage, config or \
        rule errors.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif, github }

    @Argument(help: ArgumentHelp("Drafts, JSON Lines files, pages or directories (default: corpus/); - reads standard input.", valueName: "path"))
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "Output format: text, json, sarif or github.")
    var format: Format = .text

    @OptionGroup var out: OutputOption

    @Option(name: .long, help: ArgumentHelp("Config file for every input (default: the nearest .panelist.yml above each input).", valueName: "FILE"))
    var config: String?

    @Option(name: [.customShort("j"), .customLong("jobs")], help: ArgumentHelp("Worker threads (default: all cores). The output is the same whatever the number.", valueName: "N"))
    var jobs: Int?

    @OptionGroup(title: "Inputs") var inputs: InputOptions

    @OptionGroup(title: "Diagnostics") var diagnostics: DiagnosticOptions

    @OptionGroup(title: "Limits") var limits: LimitOptions

    @OptionGroup var ruleOptions: RuleOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("-j/--jobs must be at least 1") }
    }

    func run() throws {
        limits.apply()
        let paths = try inputs.resolve(self.paths)
        try out.refuseInput(paths, extensions: LintInputs.extensions)
        let rules = try ruleOptions.load()
        var lintConfig = LintConfig()
        if let config {
            do { lintConfig = try LintConfig.load(path: config) } catch let p as RuleProblem {
                CLI.error(p.description)
                throw ExitCode(2)
            }
        }
        let linter = Linter(rules: rules, config: lintConfig, discover: config == nil)
        if let jobs { linter.workers = jobs }
        let progress = diagnostics.progress("files")
        linter.progress = progress.map { p in { p.update(done: $0, total: $1) } }
        let full = linter.lint(paths: paths, walk: inputs.walk)
        progress?.finish()
        if !linter.configProblems.isEmpty {
            for p in linter.configProblems { CLI.error(p.description) }
            throw ExitCode(2)
        }
        var shown = full
        shown.findings = full.findings.filter { diagnostics.shows($0.diagnostic.severity) }
        let rendered: String
        switch format {
        case .text:
            let color = diagnostics.colorOptions.enabled(for: STDOUT_FILENO, writingToFile: out.output != nil)
            rendered = LintPrinters.text(shown, color: color, summary: !diagnostics.quiet)
        case .json: rendered = LintPrinters.json(shown)
        case .sarif: rendered = LintPrinters.sarif(shown)
        case .github: rendered = LintPrinters.github(shown)
        }
        try out.emit(rendered)
        if diagnostics.fails(full.findings.map(\.diagnostic.severity)) { throw ExitCode(1) }
    }
}
