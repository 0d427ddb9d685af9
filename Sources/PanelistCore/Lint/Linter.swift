import Dispatch
import Foundation

/// The ids of the checks the linter knows how to run; rules/lint.yaml gives each its level and words.
public enum LintCheck {
    public static let known: Set<String> = [
        "lint.stance.unclear", "lint.persona.mismatch", "lint.stance.mismatch", "lint.competitor.none",
        "lint.length.short", "lint.length.long", "lint.input.malformed",
        "lint.page.panel-missing", "lint.page.panel-disagrees", "lint.page.odd-quotes", "lint.page.missing-slot",
        "lint.page.no-entry", "lint.page.unreadable", "lint.page.truncated", "lint.input.skipped", "lint.config.unknown-rule",
        "lint.page.damaged", "lint.page.verdict-disagrees", "lint.page.split-disagrees",
    ]
}

/// A lint finding: a diagnostic plus the rule's documentation link.
public struct LintFinding: Sendable, Equatable {
    public var diagnostic: Diagnostic
    public var link: String?
}

public struct LintResult: Sendable {
    public var findings: [LintFinding]
    public var files: Int
    /// The rules that can fire, for SARIF's rule table.
    public var rules: [Rule]

    public func count(_ severity: Severity) -> Int { findings.filter { $0.diagnostic.severity == severity }.count }
    public var hasErrors: Bool { count(.error) > 0 }
}

/// Checks drafts, JSON Lines quotes and pages against the section and lint rules.
public final class Linter {
    let rules: RuleSet
    /// The config given with --config, or the one for the file being linted.
    private var config: LintConfig
    /// Look for `.panelist.yml` from each input's directory upwards (when no config was given).
    private let discover: Bool
    /// Configs found so far, by path, and the nearest config's path by directory.
    private var configs: [String: LintConfig] = [:]
    private var nearest: [String: String?] = [:]
    /// Configs that could not be read: file:line problems, reported once.
    public private(set) var configProblems: [RuleProblem] = []
    let analyzer: Analyzer
    /// Threads that lint files at once (default: all cores).
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Called after each batch of files with files done and files in all (for a progress line).
    public var progress: ((_ done: Int, _ total: Int) -> Void)?
    private let lintRules: [String: Rule]
    /// Quote checks on published pages apply at this level (the rule files' `page_level`); nil keeps each rule's own.
    private let pageLevels: [RuleKind: Severity]

    public init(rules: RuleSet, config: LintConfig = LintConfig(), discover: Bool = false) {
        self.rules = rules
        self.config = config
        self.discover = discover && config.path == nil
        analyzer = Analyzer(rules: rules)
        lintRules = Dictionary(rules.rules.filter { $0.kind == .lint || $0.kind == .section }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var levels: [RuleKind: Severity] = [:]
        for kind in [RuleKind.lint, .section] {
            if case .text(let word)? = rules.settings(kind)["page_level"], let level = Severity(rawValue: word) { levels[kind] = level }
            else { levels[kind] = .info }
        }
        pageLevels = levels
    }

    /// The config for a file: the explicit one, or the nearest `.panelist.yml` above it.
    func config(for file: String) -> LintConfig {
        guard discover else { return config }
        let dir = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent().path
        return config(forDirectory: dir)
    }

    func config(forDirectory dir: String) -> LintConfig {
        guard discover else { return config }
        let path: String?
        if let known = nearest[dir] { path = known } else {
            // An input outside any configured tree falls back to the working directory's config.
            path = LintConfig.discover(from: dir) ?? LintConfig.discover(from: FileManager.default.currentDirectoryPath)
            nearest[dir] = path
        }
        guard let path else { return LintConfig() }
        if let loaded = configs[path] { return loaded }
        var loaded = LintConfig()
        do { loaded = try LintConfig.load(path: path) } catch let p as RuleProblem { configProblems.append(p) } catch {}
        configs[path] = loaded
        return loaded
    }

    /// The directory walk, with each config's `ignore:` globs added to `walk`.
    func walk(_ base: InputWalk) -> InputWalk {
        var walk = base
        if discover {
            // Configs are found before the walk, single-threaded; the closure only reads what it is given.
            let linter = self
            let box = ConfigLookup { dir, isRoot in
                let config = isRoot ? linter.config(forDirectory: dir)
                    : (FileManager.default.fileExists(atPath: dir + "/" + LintConfig.fileName) ? linter.config(forDirectory: dir) : LintConfig())
                guard let base = config.directory, !config.ignore.isEmpty else { return [] }
                return [IgnoreList(base: base, globs: config.ignore)]
            }
            walk.extraIgnores = { box.lookup($0, $1) }
        } else if let base = config.directory, !config.ignore.isEmpty {
            let list = IgnoreList(base: base, globs: config.ignore)
            walk.extraIgnores = { _, isRoot in isRoot ? [list] : [] }
        }
        return walk
    }

    public func lint(paths: [String], walk: InputWalk = InputWalk()) -> LintResult {
        let (files, missing) = CorpusAnalyzer.inputFiles(paths, extensions: LintInputs.extensions, walk: self.walk(walk))
        var findings: [LintFinding] = []
        for d in missing { emit("lint.page.unreadable", d, ["detail": d.message], into: &findings) }
        findings += lintInParallel(files)
        // Rule ids a config names that no rule has: a typo would silently change nothing.
        let used = discover ? Array(configs.values) : [config]
        for c in used {
            for (id, mark) in c.ruleMarks where lintRules[id] == nil {
                emit("lint.config.unknown-rule", Diagnostic(.warning, file: mark.file, line: mark.line, column: mark.column, code: "", ""),
                     ["id": id], into: &findings)
            }
        }
        findings.sort { $0.diagnostic < $1.diagnostic }
        return LintResult(findings: findings, files: files.count, rules: lintRules.values.sorted { $0.id < $1.id })
    }

    /// Files linted by `workers` threads in batches, each thread with a linter of its own; the findings come
    /// back in file order, the same whatever the number of threads.
    func lintInParallel(_ files: [String]) -> [LintFinding] {
        // Configs are found first, on this thread: the workers only read them.
        let configsByFile = files.map { config(for: $0) }
        let workers = max(1, min(self.workers, files.count))
        let clones = (0..<workers).map { _ in Linter(rules: rules, config: config) }
        let batchSize = 64 * workers
        var findings: [LintFinding] = []
        var start = 0
        while start < files.count {
            let end = min(files.count, start + batchSize)
            let results = UnsafeResults<[LintFinding]>(count: end - start)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = start + w
                while i < end {
                    clones[w].config = configsByFile[i]
                    results[i - start] = clones[w].lint(file: files[i])
                    i += workers
                }
            }
            for list in results.values { findings += list }
            start = end
            progress?(end, files.count)
        }
        return findings
    }

    public func lint(file: String) -> [LintFinding] {
        if discover { config = config(for: file) }
        var findings: [LintFinding] = []
        let ext = (file as NSString).pathExtension.lowercased()
        // Standard input without a telling --stdin-name is recognised by its first characters.
        let sniff = file == StandardInput.name && !LintInputs.extensions.contains(ext)
        if ext == "txt" || (sniff && !LintInputs.looksLikeDraftOrJSONLines(file)) {
            return lint(page: PageReader.read(path: file, vocabulary: rules.layout))
        }
        if case .tooBig(let size) = StandardInput.read(atPath: file) {
            let message = InputLimits.tooBigMessage(size: size)
            emit("lint.page.unreadable", Diagnostic(.error, file: file, code: "", message), ["detail": message], into: &findings)
            return findings
        }
        guard let data = StandardInput.contents(atPath: file) else {
            emit("lint.page.unreadable", Diagnostic(.error, file: file, code: "", "cannot read the file"), ["detail": "cannot read the file: check that it exists and is readable"], into: &findings)
            return findings
        }
        guard let text = String(data: data, encoding: .utf8) else {
            emit("lint.input.malformed", Diagnostic(.error, file: file, line: PageReader.invalidUTF8Line(data), code: "", ""),
                 ["detail": "the file is not valid UTF-8: re-save it as UTF-8"], into: &findings)
            return findings
        }
        let jsonLines = ext == "jsonl" || (sniff && text.drop(while: \.isWhitespace).hasPrefix("{"))
        let (items, problems) = jsonLines ? LintInputs.jsonLines(path: file, text: text) : LintInputs.draft(path: file, text: text)
        for p in problems { emit(p.rule, p.diagnostic, ["detail": p.diagnostic.message], into: &findings) }
        for item in items { findings += lint(item: item) }
        return findings
    }

    // MARK: quotes

    public func lint(item: LintItem) -> [LintFinding] { check(item).findings }

    /// The rules behind a decision, for messages.
    func evidenceText(_ d: Decision) -> String {
        d.evidence.filter { $0.label == d.label && $0.span != nil }.prefix(3).map { "\($0.rule) “\($0.text)”" }.joined(separator: ", ")
    }

    /// The findings for one quote and the stance the rules found, from a single analysis.
    func check(_ item: LintItem) -> (findings: [LintFinding], stance: Decision) {
        var findings: [LintFinding] = []
        let at = Diagnostic(.warning, file: item.file, line: item.line, column: item.column, code: "", "")
        // A quote on a published page is no longer being written: its checks are for information.
        let onPage = item.slot != nil
        func emit(_ id: String, _ values: [String: String] = [:]) {
            guard !item.isDisabled(id) else { return }
            self.emit(id, at, values, into: &findings, pageLevel: onPage ? lintRules[id].flatMap { pageLevels[$0.kind] } : nil)
        }
        if let p = item.declaredPersona, !rules.personaLabels.contains(p) {
            emit("lint.input.malformed", ["detail": "unknown persona '\(p)' (one of: \(rules.personaLabels.joined(separator: ", ")))"])
        }
        if let s = item.declaredStance, !rules.stanceLabels.contains(s) {
            emit("lint.input.malformed", ["detail": "unknown stance '\(s)' (one of: \(rules.stanceLabels.joined(separator: ", ")))"])
        }
        let analysis = analyzer.analyze(item.text, subject: item.subject)
        let quote = (persona: analyzer.decidePersona(analysis, slots: item.slot.map { [$0] }), stance: analysis.stance,
                     competitors: analysis.competitors)
        let persona = item.declaredPersona.flatMap { rules.personaLabels.contains($0) ? $0 : nil }
            ?? (quote.persona.label == Decision.unknown ? nil : quote.persona.label)

        // Sections of the persona the review is written for.
        if let persona {
            let present = analyzer.sectionRulesFiring(item.text)
            var rivalsSectionMissing = false
            for rule in rules.section.rules where rule.label == persona && !present.contains(rule.id) {
                if rule.options["mentions"] == 1 {
                    if !quote.competitors.isEmpty { continue }
                    rivalsSectionMissing = true
                }
                emit(rule.id, ["persona": persona, "section": rule.section ?? rule.id])
            }
            // One gap, one diagnostic: a missing rivals section already says no competitor is named.
            if persona == rules.mentionPersona, quote.competitors.isEmpty, !rivalsSectionMissing { emit("lint.competitor.none") }
        }
        if quote.stance.label == Decision.unknown { emit("lint.stance.unclear") }
        let evidence = { (d: Decision) in
            d.evidence.filter { $0.label == d.label && $0.span != nil }.prefix(3).map { "\($0.rule) “\($0.text)”" }.joined(separator: ", ")
        }
        let contentPersona = analyzer.decidePersona(analysis, slots: nil)
        if let declared = item.declaredPersona, rules.personaLabels.contains(declared),
           contentPersona.label != Decision.unknown, contentPersona.label != declared {
            emit("lint.persona.mismatch", ["declared": declared, "found": "\(contentPersona.label) (\(String(format: "%.2f", contentPersona.confidence))): \(evidence(contentPersona))"])
        }
        if let declared = item.declaredStance, rules.stanceLabels.contains(declared),
           quote.stance.label != Decision.unknown, quote.stance.label != declared {
            emit("lint.stance.mismatch", ["declared": declared, "found": "\(quote.stance.label) (\(String(format: "%.2f", quote.stance.confidence))): \(evidence(quote.stance))"])
        }
        let words = Analyzer.wordCount(ArraySlice(Array(item.text.utf8)))
        if let min = lintRules["lint.length.short"]?.options["min_words"], Double(words) < min {
            emit("lint.length.short", ["words": Wording.count(words, "word"), "min": JSON.number(min)])
        }
        if let max = lintRules["lint.length.long"]?.options["max_words"], Double(words) > max {
            emit("lint.length.long", ["words": Wording.count(words, "word"), "max": JSON.number(max)])
        }
        return (findings, quote.stance)
    }

    // MARK: pages

    public func lint(page: Page) -> [LintFinding] {
        var findings: [LintFinding] = []
        for d in page.diagnostics {
            let id: String
            switch d.code {
            case "reader.odd-quotes": id = "lint.page.odd-quotes"
            case "reader.truncated", "reader.truncated-quote": id = "lint.page.truncated"
            // A damaged page the reader still read (a missing quote mark, an odd header).
            default: id = d.severity == .error ? "lint.page.unreadable" : "lint.page.damaged"
            }
            emit(id, d, ["detail": d.message, "count": String(page.quotes.count)], into: &findings)
        }
        var stances: [Int: [String]] = [:]
        for quote in page.quotes {
            let subject = quote.toolIndex < page.tools.count ? page.tools[quote.toolIndex] : nil
            let item = LintItem(file: page.path, line: quote.line, column: quote.column, tool: subject?.name,
                                text: quote.text, slot: quote.slot, subject: subject)
            let (found, stance) = check(item)
            findings += found
            stances[quote.toolIndex, default: []].append(stance.label)
            // A reviewer's stated verdict the engine reads the other way (an unknown stance is no disagreement).
            if let stated = quote.stated?.stance?.lowercased(), rules.stanceLabels.contains(stated),
               stance.label != Decision.unknown, stance.label != stated {
                let who = quote.stated.map { $0.reviewer.isEmpty ? "the reviewer" : $0.reviewer } ?? "the reviewer"
                emit("lint.page.verdict-disagrees", Diagnostic(.warning, file: page.path, line: quote.line, column: quote.column, code: "", ""),
                     ["reviewer": who, "index": String(quote.index), "stated": stated,
                      "found": "\(stance.label) (\(String(format: "%.2f", stance.confidence)))", "evidence": evidenceText(stance)], into: &findings)
            }
        }
        let expected = rules.personaLabels.count
        for (t, card) in page.tools.enumerated() {
            let at = Diagnostic(.warning, file: page.path, line: card.panelLine > 0 ? card.panelLine : max(card.nameLine, 1), code: "", "")
            let name = card.name
            // A tool page states no panel % and no entry price; its split is checked below.
            let comparison = !page.layout.isToolPage
            if !comparison {
            } else if card.panelText == nil, !page.truncated || card.nameLine > 0 {
                emit("lint.page.panel-missing", at, ["tool": name, "what": "missing"], into: &findings)
            } else if let text = card.panelText, card.statedShipPct == nil, !["—", "–", "-"].contains(text) {
                emit("lint.page.panel-missing", at, ["tool": name, "what": "not a number (“\(text)”)"], into: &findings)
            }
            let labels = stances[t] ?? []
            let ship = labels.filter { $0 == rules.stanceLabels.first }.count
            let unknown = labels.filter { $0 == Decision.unknown }.count
            let skip = labels.count - ship - unknown
            if let stated = card.statedShipPct, !labels.isEmpty, !page.truncated {
                let computed = Int((100 * Double(ship) / Double(labels.count)).rounded())
                // Unknown quotes could go either way: a disagreement only when no outcome of them gives the stated %.
                let reachable = (ship...(ship + unknown)).map { Int((100 * Double($0) / Double(labels.count)).rounded()) }
                if !reachable.contains(stated) {
                    emit("lint.page.panel-disagrees", at, ["tool": name, "stated": String(stated), "computed": String(computed),
                                                           "ship": String(ship), "total": String(labels.count)], into: &findings)
                }
            }
            if let split = card.statedSplit, !page.truncated, !labels.isEmpty,
               split.ship + split.skip != labels.count || split.ship < ship || split.skip < skip {
                emit("lint.page.split-disagrees", Diagnostic(.warning, file: page.path, line: split.line > 0 ? split.line : at.line, code: "", ""),
                     ["tool": name, "stated": "\(split.ship) ship / \(split.skip) skip",
                      "computed": "\(ship) ship / \(skip) skip" + (unknown > 0 ? " / \(unknown) unknown" : "")], into: &findings)
            }
            if page.hasScorecard, !page.truncated, !comparison || page.quotes.count % 2 == 0, labels.count < expected {
                emit("lint.page.missing-slot", at, ["tool": name, "count": String(labels.count), "expected": String(expected)], into: &findings)
            }
            if comparison, card.entry == nil, card.pricing == nil, card.nameLine > 0 {
                emit("lint.page.no-entry", Diagnostic(.warning, file: page.path, line: card.nameLine, code: "", ""), ["tool": name], into: &findings)
            }
        }
        return findings
    }

    // MARK: emitting

    /// Fills the rule's message template and applies the config's level; an off rule emits nothing.
    func emit(_ id: String, _ at: Diagnostic, _ values: [String: String], into findings: inout [LintFinding], pageLevel: Severity? = nil) {
        guard let rule = lintRules[id] else { return }
        var level = pageLevel ?? rule.level ?? .warning
        if let override = config.levels[id] {
            guard let l = override else { return }
            level = l
        }
        var message = rule.message ?? id
        for (key, value) in values { message = message.replacingOccurrences(of: "{\(key)}", with: value) }
        if rule.kind == .section {
            message = "missing “\(rule.section ?? id)” (\(rule.label ?? "?")): " + message
        }
        findings.append(LintFinding(diagnostic: Diagnostic(level, file: at.file, line: at.line, column: at.column, code: id, message), link: rule.link))
    }
}

/// Looks up configs for the directory walk (which runs on the caller's thread).
private final class ConfigLookup: @unchecked Sendable {
    let lookup: (String, Bool) -> [IgnoreList]
    init(_ lookup: @escaping (String, Bool) -> [IgnoreList]) { self.lookup = lookup }
}

extension Analyzer {
    /// Ids of the section rules whose cues appear in the text.
    public func sectionRulesFiring(_ text: String) -> Set<String> {
        let (hits, _) = session.scan(rules.section, text)
        return Set(hits.map { rules.section.rules[$0.rule].id })
    }
}
