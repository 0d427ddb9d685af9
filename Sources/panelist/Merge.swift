import ArgumentParser
import Foundation
import PanelistCore

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge partial results ('analyze --partial') of shards of a corpus into one report.",
        discussion: """
        Any number of partials in any order give the same bytes, equal to one partial of the whole \
        corpus. Partials made with other rules, options or schema are refused (exit 2). With --partial \
        the output is itself a partial, to merge again later (a tree of merges).
        """
    )

    @Argument(help: "Partial files written by 'panelist analyze --partial'.")
    var partials: [String]

    @Flag(name: .long, help: "Write the merged partial instead of the report.")
    var partial = false

    @OptionGroup var ruleOptions: RuleOptions
    @OptionGroup var out: OutputOption

    func run() throws {
        try out.refuseInput(partials, extensions: [])
        guard !partials.isEmpty else { throw ValidationError("give at least one partial file") }
        let rules = try ruleOptions.load()
        var merged: Partial?
        for path in partials {
            guard let data = FileManager.default.contents(atPath: path) else {
                CLI.error("\(path):1:1: error: cannot read the partial: check the path")
                throw ExitCode(2)
            }
            let (read, problem) = Partial.read(data)
            guard let read else {
                CLI.error("\(path):1:1: error: \(problem ?? "not a partial")")
                throw ExitCode(2)
            }
            guard read.rules == rules.digest else {
                CLI.error("\(path):1:1: error: made with different rules (\(read.rules)) than these (\(rules.digest)): pass the same --rules as the shards used")
                throw ExitCode(2)
            }
            do {
                if merged == nil { merged = read } else { try merged!.merge(read) }
            } catch {
                CLI.error("\(path):1:1: error: \(error)")
                throw ExitCode(2)
            }
        }
        let target = try OutputTarget(out.output)
        if partial {
            merged!.write(to: target.output)
        } else {
            target.output.append(merged!.report(rules: rules).serialized())
        }
        try target.commit()
    }
}
