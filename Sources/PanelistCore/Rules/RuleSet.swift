import Foundation
import PCRE2

/// Every rule file loaded, checked and compiled once. Immutable and shared by all threads.
public final class RuleSet: @unchecked Sendable {
    public let files: [RuleFile]
    public let rules: [Rule]
    /// Where the rules came from: a directory or "built-in".
    public let origin: String
    /// FNV-1a over every rule file's name and text: partial results merge only under the same rules.
    public internal(set) var digest: String = ""

    public let personaLabels: [String]
    public let stanceLabels: [String]
    public let riskCategories: [String]
    public let personaSlotPrior: Double
    public let personaMinConfidence: Double
    public let stanceMinConfidence: Double
    /// The bar when the quote has at least one stance cue of its own: below it is a near-tie.
    public let stanceCuedMinConfidence: Double
    /// Each further hit of the same rule in one quote counts this much of the one before.
    public let repeatDecay: Double
    /// Stance cues in the quote's verdict sentence count this much more (see `Analyzer.verdictSentence`).
    public let verdictBoost: Double
    /// A cue of at least this weight is an explicit verdict: the latest sentence holding one is the verdict sentence.
    public let verdictCueWeight: Double
    /// Cues before a contrast ("but", "even so") count this much of their weight.
    public let contrastDiscount: Double
    /// Weak cues (below `verdictCueWeight`) outside the verdict clause count this much:
    /// praise in the set-up does not outvote the clause the reviewer lands on.
    public let outsideVerdict: Double
    /// A base-rate vote for one stance, shown in the evidence as `prior`.
    public let stancePrior: (label: String, weight: Double)?

    /// Names never reported as competitors (generic technology, common words).
    public let genericNames: Set<String>
    /// Patterns that read a tool's maker from its description.
    public let vendorPatterns: [Pattern]
    /// A name right after `notRivalBefore` or right before `notRivalAfter` is something the
    /// tool works with (an integration, the model it runs, the cloud it is deployed to), not
    /// a rival, unless its sentence matches `rivalContext` ("cheaper than", "switched to").
    public let notRivalBefore: Pattern?
    public let notRivalAfter: Pattern?
    public let rivalContext: Pattern?
    /// Gazetteer entry for each alias, to resolve discovered names and the tool itself.
    public let gazetteerByAlias: [String: Rule]
    /// Persona that a quote's distinct competitor names vote for, and how much each counts.
    public let mentionPersona: String?
    public let mentionWeight: Double
    public let mentionMax: Double
    /// Persona rules (money words) whose evidence, in a sentence that names a rival, is comparison:
    /// that share of its weight moves to `mentionPersona` ("cheaper than Make" is a rival's price).
    public let comparativeRules: Set<String>
    public let comparativeShare: Double

    /// The risk label for cues that frame a risk without a category.
    public let riskNeutral: String
    /// How much cue weight a clause needs to be a claim.
    public let riskMinWeight: Double
    /// Marks a claim as conditional ("if", "unless", "the moment").
    public let riskConditional: Pattern?
    /// A risk cue within a few words after this is not a risk ("doesn't make it obsolete").
    public let riskNegation: Pattern?

    public let persona: Scanner
    public let stance: Scanner
    public let stanceModifiers: Scanner
    public let risk: Scanner
    public let horizon: Scanner
    public let competitor: Scanner
    public let section: Scanner
    /// The page layouts' words: reviewer names → persona slots, headings (rules/layout.yaml).
    public let layout: LayoutVocabulary

    /// The stance bar for a quote. Abstain honestly: a quote with a cue of its own (not
    /// just the base rate) gets the lower bar, so only a quote with no verdict evidence,
    /// or a near-tie, stays unknown. Cues that tie among themselves are a genuine tie:
    /// the base rate alone does not break it.
    public func stanceMinConfidence(for evidence: [Evidence]) -> Double {
        let cues = evidence.filter { $0.rule != "prior" }
        let scores = Set(stanceLabels.map { label in Decision.rounded(cues.filter { $0.label == label }.reduce(0) { $0 + $1.weight }) })
        return !cues.isEmpty && scores.count > 1 ? min(stanceMinConfidence, stanceCuedMinConfidence) : stanceMinConfidence
    }

    public func settings(_ kind: RuleKind) -> [String: RuleSetting] {
        files.filter { $0.kind == kind }.reduce(into: [:]) { $0.merge($1.settings) { _, new in new } }
    }

    /// With `lazyPatterns`, each group's PCRE2 patterns compile on first use (built-in rules,
    /// known to compile): a command that needs only some groups pays for only those.
    init(files: [RuleFile], origin: String, lazyPatterns: Bool = false) throws {
        self.files = files
        self.origin = origin
        rules = files.flatMap(\.rules)
        let merged: (RuleKind) -> [String: RuleSetting] = { kind in
            files.filter { $0.kind == kind }.reduce(into: [:]) { $0.merge($1.settings) { _, new in new } }
        }
        let personaSettings = merged(.persona), stanceSettings = merged(.stance)
        personaLabels = personaSettings["labels"]?.list ?? []
        stanceLabels = stanceSettings["labels"]?.list ?? []
        riskCategories = merged(.risk)["labels"]?.list ?? []
        personaSlotPrior = personaSettings["slot_prior"]?.number ?? 0
        personaMinConfidence = personaSettings["min_confidence"]?.number ?? 0.5
        stanceMinConfidence = stanceSettings["min_confidence"]?.number ?? 0.6
        stanceCuedMinConfidence = stanceSettings["cued_min_confidence"]?.number ?? stanceMinConfidence
        repeatDecay = personaSettings["repeat_decay"]?.number ?? 0.5
        verdictBoost = stanceSettings["verdict_boost"]?.number ?? 1
        verdictCueWeight = stanceSettings["verdict_cue_weight"]?.number ?? .infinity
        contrastDiscount = stanceSettings["contrast_discount"]?.number ?? 1
        outsideVerdict = stanceSettings["outside_verdict"]?.number ?? 1
        if case .text(let label)? = stanceSettings["prior_label"], let weight = stanceSettings["prior_weight"]?.number, weight > 0 {
            stancePrior = (label, weight)
        } else {
            stancePrior = nil
        }
        let riskSettings = merged(.risk)
        if case .text(let neutral)? = riskSettings["neutral"] { riskNeutral = neutral } else { riskNeutral = "cue" }
        riskMinWeight = riskSettings["min_weight"]?.number ?? 1
        if case .text(let p)? = riskSettings["conditional"] { riskConditional = try Pattern(p, options: [.caseless]) } else { riskConditional = nil }
        if case .text(let p)? = riskSettings["negation"] { riskNegation = try Pattern(p, options: [.caseless]) } else { riskNegation = nil }
        let competitorSettings = merged(.competitor)
        genericNames = Set(competitorSettings["generic"]?.list ?? [])
        vendorPatterns = try (competitorSettings["vendor_patterns"]?.list ?? []).map { try Pattern($0) }
        func caseless(_ key: String) throws -> Pattern? {
            if case .text(let p)? = competitorSettings[key] { return try Pattern(p, options: [.caseless]) } else { return nil }
        }
        notRivalBefore = try caseless("not_rival_before")
        notRivalAfter = try caseless("not_rival_after")
        rivalContext = try caseless("rival_context")
        var byAlias: [String: Rule] = [:]
        for rule in files.filter({ $0.kind == .competitor }).flatMap(\.rules) where rule.name != nil {
            for alias in rule.aliases + [rule.name!] where byAlias[alias] == nil { byAlias[alias] = rule }
        }
        gazetteerByAlias = byAlias
        if case .text(let label)? = personaSettings["mention_label"] { mentionPersona = label } else { mentionPersona = nil }
        mentionWeight = personaSettings["mention_weight"]?.number ?? 0
        mentionMax = personaSettings["mention_max"]?.number ?? 0
        comparativeRules = Set(personaSettings["comparative_rules"]?.list ?? [])
        comparativeShare = personaSettings["comparative_share"]?.number ?? 0

        func group(_ kind: RuleKind, _ filter: (Rule) -> Bool = { _ in true }) throws -> Scanner {
            try Scanner(rules: files.filter { $0.kind == kind }.flatMap(\.rules).filter(filter), longestAliasFirst: kind == .competitor,
                        lazy: lazyPatterns)
        }
        persona = try group(.persona)
        stance = try group(.stance) { !$0.isModifier }
        stanceModifiers = try group(.stance) { $0.isModifier }
        risk = try group(.risk)
        horizon = try group(.horizon)
        competitor = try group(.competitor)
        section = try group(.section)
        let scanners = [persona, stance, stanceModifiers, risk, horizon, competitor, section]
        let hybrid = HybridHandle(groups: scanners.map { HybridScanner.Group(rules: $0.rules, longestAliasFirst: $0.longestAliasFirst) })
        for (k, scanner) in scanners.enumerated() {
            scanner.hybrid = hybrid
            scanner.hybridGroup = k
        }
        layout = try LayoutVocabulary(rules: files.filter { $0.kind == .layout }.flatMap(\.rules),
                                      settings: merged(.layout), personaLabels: personaLabels)
    }

    // MARK: loading

    /// Rules from `--rules DIR`, else `rules/` in the working directory, else the built-in copy.
    public static func resolve(directory: String?) throws -> RuleSet {
        if let directory {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
                throw RuleSetError(problems: [RuleProblem(mark: SourceMark(file: directory, line: 1, column: 1), ruleID: nil,
                                                          message: "no such rules directory: pass a folder of rule .yaml files")])
            }
            return try load(directory: directory)
        }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: "rules", isDirectory: &isDir), isDir.boolValue {
            return try load(directory: "rules")
        }
        return try builtIn()
    }

    public static func load(directory: String) throws -> RuleSet {
        let sources: [(name: String, text: String)]
        do { sources = try RuleLoader.files(inDirectory: directory) } catch let p as RuleProblem {
            throw RuleSetError(problems: [p])
        }
        guard !sources.isEmpty else {
            throw RuleSetError(problems: [RuleProblem(mark: SourceMark(file: directory, line: 1, column: 1), ruleID: nil,
                                                      message: "no rule files (*.yaml) in the directory")])
        }
        return try compile(sources, origin: directory)
    }

    private static let builtInLock = NSLock()
    nonisolated(unsafe) private static var builtInCache: RuleSet?

    public static var builtInSources: [(name: String, text: String)] { DefaultRules.files }

    /// The rules compiled into the binary from the repository's rules/ at build time.
    public static func builtIn() throws -> RuleSet {
        builtInLock.lock()
        defer { builtInLock.unlock() }
        if let cached = builtInCache { return cached }
        let set = try compileTrusted(builtInSources, origin: "built-in")
        builtInCache = set
        return set
    }

    /// The digest of the built-in rules: a folder holding the same files is trusted as they are.
    static let builtInDigest = digest(builtInSources)

    /// Parses and compiles rules already checked (the built-in ones, which `rules test`
    /// and the test suite check): patterns are not compiled one by one nor their examples
    /// run, and each group's combined patterns compile when first used.
    static func compileTrusted(_ sources: [(name: String, text: String)], origin: String) throws -> RuleSet {
        var files: [RuleFile] = []
        var problems: [RuleProblem] = []
        for source in sources {
            let (file, fileProblems) = RuleLoader.parse(source.text, path: source.name)
            problems += fileProblems
            if let file { files.append(file) }
        }
        guard problems.isEmpty else { throw RuleSetError(problems: problems) }
        let set = try RuleSet(files: files, origin: origin, lazyPatterns: true)
        set.digest = digest(sources)
        return set
    }

    /// Parses, checks and compiles rule sources; throws every problem found.
    public static func compile(_ sources: [(name: String, text: String)], origin: String) throws -> RuleSet {
        if digest(sources) == builtInDigest { return try compileTrusted(sources, origin: origin) }
        let (files, problems) = check(sources)
        guard problems.isEmpty else { throw RuleSetError(problems: problems) }
        do {
            let set = try RuleSet(files: files, origin: origin)
            set.digest = digest(sources)
            return set
        } catch let error as CompileError {
            // Each pattern compiled alone, so this is the combination (size, names).
            throw RuleSetError(problems: [RuleProblem(mark: SourceMark(file: origin, line: 1, column: 1), ruleID: nil,
                                                      message: "the combined pattern does not compile: \(error)")])
        }
    }

    static func digest(_ sources: [(name: String, text: String)]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: String.UTF8View) {
            for b in bytes { hash ^= UInt64(b); hash = hash &* 0x0000_0100_0000_01B3 }
            hash ^= 0xFF; hash = hash &* 0x0000_0100_0000_01B3
        }
        for source in sources.sorted(by: { ($0.name as NSString).lastPathComponent < ($1.name as NSString).lastPathComponent }) {
            mix((source.name as NSString).lastPathComponent.utf8)
            mix(source.text.utf8)
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Every problem in the sources, without stopping at the first: YAML, fields,
    /// labels, duplicate ids, patterns that do not compile and examples that misbehave.
    public static func check(_ sources: [(name: String, text: String)]) -> ([RuleFile], [RuleProblem]) {
        var files: [RuleFile] = []
        var problems: [RuleProblem] = []
        for source in sources {
            let (file, fileProblems) = RuleLoader.parse(source.text, path: source.name)
            problems += fileProblems
            if let file { files.append(file) }
        }
        let labelsOf: (RuleKind) -> Set<String> = { kind in
            Set(files.filter { $0.kind == kind }.compactMap { $0.settings["labels"]?.list }.joined())
        }
        let personas = labelsOf(.persona), stances = labelsOf(.stance)
        var categories = labelsOf(.risk)
        for file in files where file.kind == .risk {
            if case .text(let neutral)? = file.settings["neutral"] { categories.insert(neutral) }
            for key in ["conditional", "negation"] {
                guard case .text(let p)? = file.settings[key] else { continue }
                do { _ = try Pattern(p) } catch let error as CompileError {
                    problems.append(RuleProblem(mark: SourceMark(file: file.path, line: 1, column: 1), ruleID: nil,
                                                message: "settings.\(key): bad pattern: \(error.message) at offset \(error.offset)"))
                } catch {}
            }
        }
        for file in files where file.kind == .competitor {
            for key in ["not_rival_before", "not_rival_after", "rival_context"] {
                guard case .text(let p)? = file.settings[key] else { continue }
                do { _ = try Pattern(p) } catch let error as CompileError {
                    problems.append(RuleProblem(mark: SourceMark(file: file.path, line: 1, column: 1), ruleID: nil,
                                                message: "settings.\(key): bad pattern: \(error.message) at offset \(error.offset)"))
                } catch {}
            }
            for p in file.settings["vendor_patterns"]?.list ?? [] {
                do { _ = try Pattern(p) } catch let error as CompileError {
                    problems.append(RuleProblem(mark: SourceMark(file: file.path, line: 1, column: 1), ruleID: nil,
                                                message: "settings.vendor_patterns: bad pattern: \(error.message) at offset \(error.offset) in /\(p)/"))
                } catch {}
            }
        }
        if let label = files.first(where: { $0.kind == .persona })?.settings["mention_label"], case .text(let name) = label, !personas.contains(name) {
            problems.append(RuleProblem(mark: SourceMark(file: files.first { $0.kind == .persona }!.path, line: 1, column: 1), ruleID: nil,
                                        message: "settings.mention_label: unknown persona '\(name)'"))
        }
        var seen: [String: SourceMark] = [:]
        for file in files {
            for rule in file.rules {
                if let first = seen[rule.id] {
                    problems.append(RuleProblem(mark: rule.mark, ruleID: rule.id, message: "duplicate id: first defined at \(first)"))
                } else {
                    seen[rule.id] = rule.mark
                }
                problems += checkFields(rule, personas: personas, stances: stances, categories: categories)
                problems += checkPatterns(rule)
            }
        }
        return (files, problems.sorted { ($0.mark.file, $0.mark.line, $0.mark.column) < ($1.mark.file, $1.mark.line, $1.mark.column) })
    }

    static func checkFields(_ rule: Rule, personas: Set<String>, stances: Set<String>, categories: Set<String>) -> [RuleProblem] {
        var problems: [RuleProblem] = []
        func need(_ ok: Bool, _ message: String) {
            if !ok { problems.append(RuleProblem(mark: rule.mark, ruleID: rule.id, message: message)) }
        }
        func label(in set: Set<String>, _ what: String) {
            guard let label = rule.label else { need(false, "missing 'label' (one of: \(set.sorted().joined(separator: ", ")))"); return }
            need(set.contains(label), "unknown \(what) '\(label)' (one of: \(set.sorted().joined(separator: ", ")))")
        }
        if rule.kind != .lint {
            need(!rule.patterns.isEmpty, rule.kind == .competitor ? "needs 'pattern', 'patterns' or 'aliases'" : "needs 'pattern' or 'patterns'")
        }
        switch rule.kind {
        case .persona:
            label(in: personas, "persona")
        case .stance:
            if rule.effect == nil {
                label(in: stances, "stance")
            } else {
                need(rule.scope != nil, "a modifier needs a 'scope'")
                need(rule.weight >= 0, "a modifier's weight is a factor and cannot be negative")
            }
        case .risk:
            label(in: categories, "risk category")
        case .section:
            label(in: personas, "persona")
            need(rule.section != nil, "a section rule needs 'section' (its name)")
            need(rule.level != nil, "a section rule needs a 'level' (error, warning or info)")
        case .competitor:
            need(rule.name != nil || rule.options["discovery"] == 1, "a gazetteer entry needs a 'name'")
        case .lint:
            need(rule.level != nil, "a lint rule needs a 'level' (error, warning or info)")
            need(rule.message != nil, "a lint rule needs a 'message'")
            need(LintCheck.known.contains(rule.id), "no lint check is called '\(rule.id)' (known: \(LintCheck.known.sorted().joined(separator: ", ")))")
        case .horizon:
            break
        case .layout:
            label(in: personas, "persona")
        }
        return problems
    }

    static func checkPatterns(_ rule: Rule) -> [RuleProblem] {
        let problems = compileProblems(rule)
        guard problems.isEmpty else { return problems }
        return ExampleRunner.run(rule).filter { !$0.passed }.map {
            RuleProblem(mark: $0.example.mark, ruleID: rule.id, message: $0.message)
        }
    }

    /// Patterns that do not compile alone, or would break once combined.
    static func compileProblems(_ rule: Rule) -> [RuleProblem] {
        var problems: [RuleProblem] = []
        for (p, mark) in zip(rule.patterns, rule.patternMarks) {
            if let f = PatternGuard.check(p) {
                problems.append(RuleProblem(mark: mark, ruleID: rule.id,
                    message: "'\(f.construct)' at offset \(f.offset) is not allowed: \(f.why); rewrite the pattern without it (in /\(p)/)"))
                continue
            }
            if containsBackreference(p) {
                problems.append(RuleProblem(mark: mark, ruleID: rule.id,
                    message: "numbered backreferences are not allowed: rules are combined into one pattern, so group numbers shift"))
                continue
            }
            do {
                _ = try Scanner.compileAlone(rule, pattern: p)
            } catch let error as CompileError {
                problems.append(RuleProblem(mark: mark, ruleID: rule.id, message: "bad pattern: \(error.message) at offset \(error.offset) in /\(p)/"))
            } catch {
                problems.append(RuleProblem(mark: mark, ruleID: rule.id, message: "bad pattern: \(error)"))
            }
        }
        return problems
    }

    static func containsBackreference(_ p: String) -> Bool {
        guard let regex = try? Pattern(#"(?<!\\)(?:\\\\)*\\(?:[1-9]|g\{?-?\d)"#) else { return false }
        return (try? Matcher(regex).matches(in: p).isEmpty == false) ?? false
    }
}

/// All the problems that stopped a rule set from loading.
public struct RuleSetError: Error, CustomStringConvertible {
    public var problems: [RuleProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
