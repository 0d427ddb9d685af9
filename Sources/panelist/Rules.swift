import ArgumentParser
import Foundation
import PanelistCore

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check, test and list the rules.",
        subcommands: [Check.self, Test.self, List.self, Fit.self, Scan.self]
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
            discussion: "Reports YAML errors, unknown or missing fields, bad regexes with their offset, constructs that would break the combined scan, weights out of range, rules that run away on pathological subjects, duplicate ids, unknown personas or categories and examples that do not behave. Exits 2 on any, and on a folder without rule files."
        )
        @Option(name: .long, help: ArgumentHelp("Directory of rule files.", valueName: "DIR")) var rules: String?

        func run() throws {
            let (origin, files) = try Rules.sources(rules)
            guard !files.isEmpty else {
                CLI.error("\(origin): no rule files (*.yaml): pass --rules a folder of rule files, such as rules/")
                throw ExitCode(2)
            }
            let (parsed, problems) = RuleSet.check(files)
            var all = problems
            if problems.isEmpty {
                do { _ = try RuleSet.compile(files, origin: origin) } catch let e as RuleSetError { all += e.problems }
                // Each rule alone against pathological subjects: a runaway pattern is named by id.
                all += RuleStress.problems(parsed)
            }
            for p in all { print(Sanitize.oneLine(p.description)) }
            let count = parsed.reduce(0) { $0 + $1.rules.count }
            print(all.isEmpty ? "\(origin): \(count) rules in \(parsed.count) files: ok" : "\(origin): \(all.count) problem\(all.count == 1 ? "" : "s")")
            if !all.isEmpty { throw ExitCode(2) }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's inline examples (must match / must not match).",
            discussion: "Prints a line per failing example and a closing 'N passed, N failed' line. Exits 2 when any fails (a rule error)."
        )
        @Option(name: .long, help: ArgumentHelp("Directory of rule files.", valueName: "DIR")) var rules: String?

        func run() throws {
            let (origin, files) = try Rules.sources(rules)
            guard !files.isEmpty else {
                CLI.error("\(origin): no rule files (*.yaml): pass --rules a folder of rule files, such as rules/")
                throw ExitCode(2)
            }
            let (passed, failures) = ExampleRunner.runAll(files)
            for f in failures { print("FAIL \(Sanitize.oneLine(f))") }
            let failed = failures.count
            print("\(passed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(2) }
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

    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Learn stance and persona rule weights and thresholds from labelled pages and write them into the rule files.",
            discussion: """
            Analyses the pages beside each --labels DIR, then fits each rule's weight by L2-regularised \
            logistic (softmax) regression over its hits, pulled towards the current weight, and picks the \
            confidence threshold that decides most labelled quotes right. Persona is fitted on content only \
            (no slot signal). Writes the weights back into the YAML with a comment saying when and on what \
            they were fitted. Deterministic. Never fit on pages you will measure on: that leaks.
            """
        )
        @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Directories of *.labels.json files (pages beside them).", valueName: "DIR"))
        var labels: [String]
        @Argument(help: "Pages or directories the labels describe (default: the labels directories).")
        var paths: [String] = []
        @Option(name: .long, help: ArgumentHelp("Directory of rule files to read and rewrite (default rules/).", valueName: "DIR"))
        var rules: String = "rules"
        @Option(name: .long, help: "Strength of the pull towards the current weights.") var lambda: Double = 0.05
        @Option(name: .long, help: ArgumentHelp("Date written into the note (default: today, UTC).", valueName: "YYYY-MM-DD")) var date: String?
        @Flag(name: .customLong("dry-run"), help: "Print the fitted weights without writing the files.") var dryRun = false

        func run() throws {
            let ruleSet: RuleSet
            do { ruleSet = try RuleSet.load(directory: rules) } catch let e as RuleSetError {
                for p in e.problems { CLI.error(p.description) }
                throw ExitCode(2)
            }
            var pageLabels: [PageLabels] = []
            for dir in labels {
                do { pageLabels += try PageLabels.load(directory: dir) } catch {
                    CLI.error("\(error)")
                    throw ExitCode(1)
                }
            }
            let report = CorpusAnalyzer.run(paths: paths.isEmpty ? labels : paths, rules: ruleSet)
            let all = Evaluation.run(report: report, labels: pageLabels, rules: ruleSet)
            guard !all.items.isEmpty else {
                CLI.error("no labelled quotes found under \(labels.joined(separator: ", ")): pass folders holding *.labels.json, and the pages (default: beside them)")
                throw ExitCode(1)
            }
            let items = all.items
            let day = date ?? {
                let f = DateFormatter()
                f.dateFormat = "yyyy-MM-dd"
                f.timeZone = TimeZone(identifier: "UTC")
                return f.string(from: Date())
            }()
            var options = RuleFit.Options()
            options.lambda = lambda
            var weights: [String: Double] = [:]
            var thresholds: [RuleKind: Double] = [:]
            for (field, kind, current) in [("stance", RuleKind.stance, ruleSet.stanceMinConfidence), ("persona", RuleKind.persona, ruleSet.personaMinConfidence)] {
                let (ids, initial, examples, labelNames) = RuleFit.examples(all, field: field, rules: ruleSet)
                let fitted = RuleFit.fit(examples, labels: labelNames.count, initial: initial, options: options)
                // A quote with no rule hit must stay unknown: the threshold sits above what the
                // base-rate prior alone would give.
                var floor = 1 / Double(max(labelNames.count, 1))
                if field == "stance", let prior = ruleSet.stancePrior {
                    floor = RuleFit.probabilities(.init(hits: [], fixed: labelNames.map { $0 == prior.label ? prior.weight : 0 }, gold: 0),
                                                  weights: [], labels: labelNames.count).max() ?? floor
                }
                let candidates = stride(from: 0.4, through: 0.8, by: 0.05).map { ($0 * 100).rounded() / 100 }.filter { $0 > floor }
                let t = RuleFit.threshold(examples, labels: labelNames.count, weights: fitted, candidates: candidates, current: current)
                thresholds[kind] = t
                print("\(field): \(examples.count) quotes, \(ids.count) rules fired; min_confidence \(JSON.number(current)) → \(JSON.number(t))")
                for (id, (w0, w)) in zip(ids, zip(initial, fitted)) where w0 != w {
                    print("  \(id)\t\(JSON.number(w0)) → \(JSON.number(w))")
                    weights[id] = w
                }
            }
            guard !dryRun else { return }
            let note = "on \(day) from \(labels.joined(separator: ", ")) (\(items.count) labelled quotes; L2 towards the previous weights, lambda \(JSON.number(lambda)))."
            for source in try RuleLoader.files(inDirectory: rules) {
                guard let file = RuleLoader.parse(source.text, path: source.name).0, file.kind == .stance || file.kind == .persona else { continue }
                let mine = weights.filter { id, _ in file.rules.contains { $0.id == id } }
                guard !mine.isEmpty else { continue }
                let text = RuleFit.rewrite(source.text, weights: mine, minConfidence: thresholds[file.kind], note: note)
                let path = source.name
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                print("wrote \(path)")
            }
        }
    }

    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A yardstick: one bare pass of every rule over whole files, with no analysis.",
            discussion: """
            Reads each file as bytes and finds every match of every rule in one Hyperscan pass (the \
            grouped PCRE2 scans with --engine pcre2, or when Hyperscan is not installed): no page \
            reading, no confirmation of prefiltered rules, no decisions. Prints files, megabytes, \
            matches, scan seconds and MB/s (one thread); docs/performance.md states analyze's time \
            as a ratio to it.
            """
        )
        @OptionGroup var ruleOptions: RuleOptions
        @Option(name: .long, help: ArgumentHelp("hyperscan or pcre2 (default: hyperscan when installed).", valueName: "ENGINE"))
        var engine: String?
        @Flag(name: .long, help: "Only the bare pass (the default and only mode; kept for scripts).") var bare = false
        @Argument(help: ArgumentHelp("Files or directories (*.txt).", valueName: "path")) var paths: [String] = ["corpus"]

        func run() throws {
            let ruleSet = try ruleOptions.load()
            let chosen: ScannerPath
            switch engine?.lowercased() {
            case nil: chosen = HyperscanLibrary.isAvailable && ScannerPath.requested != .pcre2 ? .hyperscan : .pcre2
            case "hyperscan"?: chosen = .hyperscan
            case "pcre2"?: chosen = .pcre2
            default: throw ValidationError("--engine \(engine!): use hyperscan or pcre2")
            }
            let (files, diagnostics) = CorpusAnalyzer.inputFiles(paths)
            for d in diagnostics { CLI.error(d.description) }
            guard let r = BareScan.run(files: files, rules: ruleSet, engine: chosen) else {
                CLI.error("Hyperscan is not available (\(HyperscanLibrary.loadError)): use --engine pcre2")
                throw ExitCode(1)
            }
            let mb = Double(r.bytes) / 1_000_000
            print("engine \(r.engine.rawValue): \(r.files) files, \(String(format: "%.1f", mb)) MB, \(r.matches) matches, "
                  + "\(String(format: "%.2f", r.seconds)) s scanning, \(String(format: "%.1f", r.megabytesPerSecond)) MB/s")
        }
    }
}
