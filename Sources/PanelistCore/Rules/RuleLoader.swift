import Foundation
import Yams

/// A file-level setting: a number, a word or a list of words.
public enum RuleSetting: Sendable, Equatable {
    case number(Double)
    case text(String)
    case list([String])

    public var number: Double? { if case .number(let v) = self { return v }; return nil }
    public var list: [String]? { if case .list(let v) = self { return v }; return nil }
}

/// One parsed rules/*.yaml file.
public struct RuleFile: Sendable {
    public var path: String
    public var kind: RuleKind
    public var settings: [String: RuleSetting]
    public var rules: [Rule]
}

/// Reads rule files into `RuleFile`s, collecting every problem with its place
/// instead of stopping at the first.
public enum RuleLoader {
    static let fileFields: Set<String> = ["kind", "description", "settings", "defaults", "rules"]
    static let commonFields: Set<String> = ["id", "pattern", "patterns", "weight", "examples", "case_sensitive", "description", "label"]
    static let kindFields: [RuleKind: Set<String>] = [
        .persona: [],
        .stance: ["effect", "scope", "counts_in", "rival_object"],
        .risk: [],
        .horizon: [],
        .competitor: ["name", "aliases", "type", "vendor", "source"],
        .section: ["section", "level", "message", "link", "options"],
        .lint: ["level", "message", "link", "options"],
        .layout: [],
    ]

    /// The rule files in a directory, sorted by name.
    public static func files(inDirectory dir: String) throws -> [(name: String, text: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        return try names.map { name in
            let path = (dir as NSString).appendingPathComponent(name)
            // Refused before reading: a huge rule file would be read whole and parsed for minutes.
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > YAMLLimits.rules.maxBytes {
                throw RuleProblem(mark: SourceMark(file: path, line: 1, column: 1), ruleID: nil,
                                  message: "the rule file is \(size) bytes, over the limit of \(YAMLLimits.rules.maxBytes): split it into smaller files")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RuleProblem(mark: SourceMark(file: path, line: 1, column: 1), ruleID: nil, message: "cannot read the rule file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw RuleProblem(mark: SourceMark(file: path, line: 1, column: 1), ruleID: nil, message: "the rule file is not valid UTF-8")
            }
            return (path, text)
        }
    }

    public static func parse(_ text: String, path: String) -> (RuleFile?, [RuleProblem]) {
        var problems: [RuleProblem] = []
        func problem(_ node: Node?, _ id: String?, _ message: String) {
            problems.append(RuleProblem(mark: mark(node, path), ruleID: id, message: message))
        }
        if let v = YAMLGuard.check(text, limits: .rules) {
            return (nil, [RuleProblem(mark: SourceMark(file: path, line: v.line, column: v.column), ruleID: nil,
                                      message: "\(v.message): a rule file stays small and flat")])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return (nil, [yamlProblem(error, path: path)])
        } catch {
            return (nil, [RuleProblem(mark: SourceMark(file: path, line: 1, column: 1), ruleID: nil, message: "YAML error: \(error)")])
        }
        guard let root, let top = root.mapping else {
            return (nil, [RuleProblem(mark: mark(root, path), ruleID: nil, message: "a rule file must be a mapping with 'kind' and 'rules'")])
        }
        reportDuplicateKeys(root, path: path, into: &problems)
        for (key, _) in top where !fileFields.contains(key.string ?? "") {
            problem(key, nil, "unknown field '\(key.string ?? "?")' (expected one of: \(fileFields.sorted().joined(separator: ", ")))")
        }
        guard let kindNode = top.field("kind"), let kindName = kindNode.string else {
            problem(root, nil, "missing 'kind' (one of: \(RuleKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            return (nil, problems)
        }
        guard let kind = RuleKind(rawValue: kindName) else {
            problem(kindNode, nil, "unknown kind '\(kindName)' (one of: \(RuleKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            return (nil, problems)
        }
        var settings: [String: RuleSetting] = [:]
        if let node = top.field("settings") {
            if let mapping = node.mapping {
                for (key, value) in mapping {
                    guard let name = key.string else { continue }
                    if let seq = value.sequence {
                        settings[name] = .list(seq.compactMap(\.string))
                    } else if let s = value.string {
                        if let v = Double(s), !v.isFinite || abs(v) > Rule.maxWeight {
                            problem(value, nil, "setting '\(name)' must be a finite number from -\(JSON.number(Rule.maxWeight)) to \(JSON.number(Rule.maxWeight)), got '\(s)'")
                            continue
                        }
                        settings[name] = Double(s).map(RuleSetting.number) ?? .text(s)
                    } else {
                        problem(value, nil, "setting '\(name)' must be a number, a word or a list")
                    }
                }
            } else {
                problem(node, nil, "'settings' must be a mapping")
            }
        }
        let defaultCaseSensitive = top.field("defaults")?.mapping?.field("case_sensitive")?.bool ?? false
        var rules: [Rule] = []
        guard let rulesNode = top.field("rules"), let sequence = rulesNode.sequence else {
            problem(top.field("rules") ?? root, nil, "missing 'rules': a list of rules")
            return (nil, problems)
        }
        let allowed = commonFields.union(kindFields[kind] ?? [])
        for item in sequence {
            guard let fields = item.mapping else { problem(item, nil, "a rule must be a mapping with at least 'id' and 'pattern'"); continue }
            let id = fields.field("id")?.string
            guard let id, !id.isEmpty else { problem(item, nil, "a rule needs an 'id'"); continue }
            for (key, _) in fields where !allowed.contains(key.string ?? "") {
                problem(key, id, "unknown field '\(key.string ?? "?")' for a \(kind.rawValue) rule (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            var rule = Rule(id: id, kind: kind, mark: mark(item, path))
            rule.label = fields.field("label")?.string
            rule.caseSensitive = fields.field("case_sensitive")?.bool ?? defaultCaseSensitive
            for key in ["pattern", "patterns"] {
                guard let node = fields[key] else { continue }
                let nodes = node.sequence.map(Array.init) ?? [node]
                for p in nodes {
                    guard let s = p.string, !s.isEmpty else { problem(p, id, "'\(key)' must be a non-empty string or a list of them"); continue }
                    rule.patterns.append(s)
                    rule.patternMarks.append(mark(p, path))
                }
            }
            if let node = fields.field("aliases") {
                // A gazetteer alias is literal text matched as whole words.
                for alias in node.sequence.map(Array.init) ?? [node] {
                    guard let s = alias.string, !s.isEmpty else { problem(alias, id, "'aliases' must be a list of names"); continue }
                    rule.aliases.append(s)
                    rule.patterns.append(literalPattern(s))
                    rule.patternMarks.append(mark(alias, path))
                }
            }
            if let node = fields.field("weight") {
                if let w = node.string.flatMap(Double.init), w.isFinite, abs(w) <= Rule.maxWeight { rule.weight = w } else {
                    problem(node, id, "'weight' must be a number from -\(JSON.number(Rule.maxWeight)) to \(JSON.number(Rule.maxWeight)), got '\(node.string ?? "?")'")
                }
            }
            if let node = fields.field("level") {
                if let level = node.string.flatMap(Severity.init(rawValue:)) { rule.level = level } else {
                    problem(node, id, "'level' must be error, warning or info")
                }
            }
            rule.message = fields.field("message")?.string
            rule.link = fields.field("link")?.string
            rule.section = fields.field("section")?.string
            rule.name = fields.field("name")?.string
            rule.entity = fields.field("type")?.string
            rule.vendor = fields.field("vendor")?.string
            if let node = fields.field("source") { rule.options["discovery"] = node.string == "discovery" ? 1 : 0 }
            if let node = fields.field("effect") {
                if let effect = node.string.flatMap(ModifierEffect.init(rawValue:)) { rule.effect = effect } else {
                    problem(node, id, "'effect' must be negate, hedge, emphasis, contrast or affect")
                }
            }
            if let node = fields.field("counts_in") {
                switch node.string {
                case "anywhere": rule.options["verdict_only"] = 0
                case "verdict": rule.options["verdict_only"] = 1
                default: problem(node, id, "'counts_in' must be anywhere or verdict")
                }
            }
            if let node = fields.field("rival_object") {
                switch node.string {
                case "flip": rule.options["rival_flip"] = 1
                case "keep": rule.options["rival_flip"] = 0
                default: problem(node, id, "'rival_object' must be flip or keep")
                }
            }
            if let node = fields.field("scope") {
                let direction = node.mapping?.field("direction")?.string.flatMap(ModifierScope.Direction.init(rawValue:))
                let words = node.mapping?.field("words")?.int
                if let direction, let words, words > 0 { rule.scope = ModifierScope(direction: direction, words: words) } else {
                    problem(node, id, "'scope' must be {direction: forward|backward|both, words: N}")
                }
            }
            if let node = fields.field("options") {
                for (key, value) in node.mapping ?? [:] {
                    if let name = key.string, let v = value.string.flatMap(Double.init), v.isFinite, abs(v) <= 1e9 { rule.options[name] = v } else {
                        problem(value, id, "'options' values must be finite numbers (at most 1e9 either way)")
                    }
                }
            }
            if let node = fields.field("examples") {
                guard let ex = node.mapping else { problem(node, id, "'examples' must be {match: [...], no_match: [...]}"); continue }
                for (key, value) in ex {
                    let list = (value.sequence.map(Array.init) ?? [value]).compactMap { n in n.string.map { RuleExample(text: $0, mark: mark(n, path)) } }
                    switch key.string {
                    case "match": rule.mustMatch = list
                    case "no_match": rule.mustNotMatch = list
                    default: problem(key, id, "unknown examples field '\(key.string ?? "?")' (expected match, no_match)")
                    }
                }
            }
            rules.append(rule)
        }
        return (RuleFile(path: path, kind: kind, settings: settings, rules: rules), problems)
    }

    /// Escapes text for PCRE2 and bounds it by word edges where it starts or ends with a word character.
    public static func literalPattern(_ text: String) -> String {
        let special = Set("\\^$.|?*+()[]{}#-/ ")
        var escaped = ""
        for ch in text { if special.contains(ch) { escaped += "\\" }; escaped.append(ch) }
        let wordy: (Character?) -> Bool = { $0.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
        return (wordy(text.first) ? "\\b" : "(?<!\\w)") + escaped + (wordy(text.last) ? "\\b" : "(?!\\w)")
    }

    /// YAML would silently keep the last of two equal keys; a rule author wants to know.
    static func reportDuplicateKeys(_ node: Node, path: String, into problems: inout [RuleProblem]) {
        if let mapping = node.mapping {
            var seen = Set<String>()
            for (key, value) in mapping {
                if let k = key.string, !seen.insert(k).inserted {
                    problems.append(RuleProblem(mark: mark(key, path), ruleID: mapping.field("id")?.string, message: "duplicate key '\(k)': the earlier value would be lost"))
                }
                reportDuplicateKeys(value, path: path, into: &problems)
            }
        } else if let sequence = node.sequence {
            for item in sequence { reportDuplicateKeys(item, path: path, into: &problems) }
        }
    }

    static func mark(_ node: Node?, _ path: String) -> SourceMark {
        SourceMark(file: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    static func yamlProblem(_ error: YamlError, path: String) -> RuleProblem {
        switch error {
        case .scanner(_, let problem, let m, _), .parser(_, let problem, let m, _), .composer(_, let problem, let m, _):
            return RuleProblem(mark: SourceMark(file: path, line: m.line, column: m.column), ruleID: nil, message: "YAML error: \(problem)")
        default:
            return RuleProblem(mark: SourceMark(file: path, line: 1, column: 1), ruleID: nil, message: "YAML error: \(error)")
        }
    }
}

private extension Node {
    var bool: Bool? {
        guard let s = string?.lowercased() else { return nil }
        switch s {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }
}

extension Node.Mapping {
    /// The value of a key compared as plain text: Yams' own subscript resolves both
    /// keys' tags with regular expressions on every lookup, a quarter of start-up.
    /// The last of duplicate keys wins, as in Yams (duplicates are reported).
    func field(_ name: String) -> Node? {
        var found: Node? = nil
        for (key, value) in self where key.scalar?.string == name { found = value }
        return found
    }
}
