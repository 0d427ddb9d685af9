import Foundation
import Yams

/// `.panelist.yml`: per-rule levels, or `off`.
///
///     rules:
///       lint.length.short: off
///       section.dx.weekend: info
public struct LintConfig: Sendable {
    /// Rule id → level; nil turns the rule off.
    public var levels: [String: Severity?] = [:]
    public var path: String?

    public init() {}

    /// `explicit`, else `.panelist.yml` in the working directory, else nothing.
    public static func resolve(_ explicit: String?) throws -> LintConfig {
        if let explicit { return try load(path: explicit) }
        return FileManager.default.fileExists(atPath: ".panelist.yml") ? try load(path: ".panelist.yml") : LintConfig()
    }

    public static func load(path: String) throws -> LintConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw RuleProblem(mark: SourceMark(file: path, line: 1, column: 1), ruleID: nil, message: "cannot read the config file")
        }
        var config = LintConfig()
        config.path = path
        if let v = YAMLGuard.check(text, limits: .rules) {
            throw RuleProblem(mark: SourceMark(file: path, line: v.line, column: v.column), ruleID: nil, message: v.message)
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let e as YamlError {
            throw RuleLoader.yamlProblem(e, path: path)
        }
        guard let root else { return config }
        guard let mapping = root.mapping else {
            throw RuleProblem(mark: RuleLoader.mark(root, path), ruleID: nil, message: "the config must be a mapping with 'rules'")
        }
        for (key, value) in mapping {
            guard key.string == "rules" else {
                throw RuleProblem(mark: RuleLoader.mark(key, path), ruleID: nil, message: "unknown field '\(key.string ?? "?")' (expected: rules)")
            }
            for (id, level) in value.mapping ?? [:] {
                guard let rule = id.string, let word = level.string?.lowercased() else { continue }
                if ["off", "false", "no", "none", "disable", "disabled"].contains(word) {
                    config.levels[rule] = .some(nil)
                } else if let severity = Severity(rawValue: word) {
                    config.levels[rule] = severity
                } else {
                    throw RuleProblem(mark: RuleLoader.mark(level, path), ruleID: rule, message: "level must be error, warning, info or off")
                }
            }
        }
        return config
    }
}
