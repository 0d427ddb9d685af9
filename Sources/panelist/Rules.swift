import ArgumentParser
import Foundation
import PanelistCore

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check, test and list the rules.",
        subcommands: [Check.self, Test.self, List.self]
    )

    /// Rule sources from --rules DIR, rules/, or the built-in copy.
    static func sources(_ directory: String?) throws -> (origin: String, files: [(name: String, text: String)]) {
        var isDir: ObjCBool = false
        let dir = directory ?? (FileManager.default.fileExists(atPath: "rules", isDirectory: &isDir) && isDir.boolValue ? "rules" : nil)
        guard let dir else { return ("built-in", RuleSet.builtInSources) }
        do {
            return (dir, try RuleLoader.files(inDirectory: dir))
        } catch let p as RuleProblem {
            CLI.error(p.description)
            throw ExitCode(2)
        } catch {
            CLI.error("\(dir): cannot read the rules directory: pass a folder of rule .yaml files")
            throw ExitCode(2)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load every rule file, compile every pattern and report all problems with file:line.",
            discussion: "Reports YAML errors, unknown or missing fields, bad regexes with their offset, duplicate ids, unknown personas or categories and examples that do not behave. Exits 1 on any."
        )
        @Option(name: .long, help: ArgumentHelp("Directory of rule files.", valueName: "DIR")) var rules: String?

        func run() throws {
            let (origin, files) = try Rules.sources(rules)
            let (parsed, problems) = RuleSet.check(files)
            var all = problems
            if problems.isEmpty {
                do { _ = try RuleSet.compile(files, origin: origin) } catch let e as RuleSetError { all += e.problems }
            }
            for p in all { print(Sanitize.oneLine(p.description)) }
            let count = parsed.reduce(0) { $0 + $1.rules.count }
            print(all.isEmpty ? "\(origin): \(count) rules in \(parsed.count) files: ok" : "\(origin): \(all.count) problem\(all.count == 1 ? "" : "s")")
            if !all.isEmpty { throw ExitCode(1) }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's inline examples (must match / must not match).",
            discussion: "Prints a line per failing example and a closing 'N passed, N failed' line. Exits 1 when any fails."
        )
        @Option(name: .long, help: ArgumentHelp("Directory of rule files.", valueName: "DIR")) var rules: String?

        func run() throws {
            let (_, files) = try Rules.sources(rules)
            let (passed, failures) = ExampleRunner.runAll(files)
            for f in failures { print("FAIL \(Sanitize.oneLine(f))") }
            let failed = failures.count
            print("\(passed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(1) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List rules: id, kind, label, weight or level — one line each.")
        @Option(name: .long, help: ArgumentHelp("Directory of rule files.", valueName: "DIR")) var rules: String?
        @Option(name: .long, help: "Only rules of this kind (persona, stance, risk, horizon, competitor, section, lint).") var kind: String?

        func run() throws {
            let (_, files) = try Rules.sources(rules)
            if let kind, RuleKind(rawValue: kind) == nil {
                CLI.error("unknown kind '\(kind)' (one of: \(RuleKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                throw ExitCode(2)
            }
            for source in files {
                guard let file = RuleLoader.parse(source.text, path: source.name).0 else { continue }
                for rule in file.rules where kind == nil || rule.kind.rawValue == kind {
                    let label = rule.label ?? rule.effect.map { "(\($0.rawValue))" } ?? rule.name ?? rule.section ?? "-"
                    let strength = rule.level.map(\.rawValue) ?? JSON.number(rule.weight)
                    print([rule.id, rule.kind.rawValue, Sanitize.oneLine(label), strength].joined(separator: "\t"))
                }
            }
        }
    }
}
