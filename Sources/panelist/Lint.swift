import ArgumentParser
import Foundation
import PanelistCore

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check draft reviews and pages for missing sections and other problems.",
        discussion: """
        Reads Markdown drafts (*.md, YAML front matter: tool, persona, stance, reviewer, page), JSON Lines
        of quotes (*.jsonl) and pages (*.txt) under PATH... (default: corpus/). Checks are rules in
        rules/sections.yaml and rules/lint.yaml; .panelist.yml (or --config) changes levels or turns rules
        off, and <!-- panelist-disable RULE-ID --> in a draft turns one off for that file.
        Exit codes: 0 no error, 1 at least one error, 2 usage or rule errors.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif, github }

    @Argument(help: "Drafts, JSON Lines files, pages or directories.")
    var paths: [String] = ["corpus"]

    @Option(name: .shortAndLong, help: "Output format: text, json, sarif or github.")
    var format: Format = .text

    @OptionGroup var out: OutputOption

    @Option(name: .long, help: ArgumentHelp("Config file (default: .panelist.yml if present).", valueName: "FILE"))
    var config: String?

    @Flag(name: .long, help: "Never colour the text output.")
    var noColor = false

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let rules = try ruleOptions.load()
        let lintConfig: LintConfig
        do { lintConfig = try LintConfig.resolve(config) } catch let p as RuleProblem {
            CLI.error(p.description)
            throw ExitCode(2)
        }
        let result = Linter(rules: rules, config: lintConfig).lint(paths: paths)
        let rendered: String
        switch format {
        case .text: rendered = LintPrinters.text(result, color: !noColor && out.output == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        case .json: rendered = LintPrinters.json(result)
        case .sarif: rendered = LintPrinters.sarif(result)
        case .github: rendered = LintPrinters.github(result)
        }
        try out.emit(rendered)
        if result.hasErrors { throw ExitCode(1) }
    }
}
