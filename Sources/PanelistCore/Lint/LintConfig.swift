import Foundation
import Yams

/// `.panelist.yml`: per-rule levels, or `off`, and globs of files to leave out.
///
///     rules:
///       lint.length.short: off
///       section.dx.weekend: info
///     ignore:
///       - Tests/Fixtures/
public struct LintConfig: Sendable {
    public static let fileName = ".panelist.yml"

    /// Rule id → level; nil turns the rule off.
    public var levels: [String: Severity?] = [:]
    public var path: String?
    /// Where each rule id is written, to name unknown ids.
    public var ruleMarks: [String: SourceMark] = [:]
    /// Globs (gitignore syntax) relative to the config's directory; matching files are not linted in directory walks.
    public var ignore: [Glob] = []

    public init() {}

    /// The directory the config sits in (absolute), the base of its `ignore:` globs.
    public var directory: String? {
        path.map { URL(fileURLWithPath: $0).standardizedFileURL.deletingLastPathComponent().path }
    }

    /// `explicit`, else `.panelist.yml` in the working directory, else nothing.
    public static func resolve(_ explicit: String?) throws -> LintConfig {
        if let explicit { return try load(path: explicit) }
        return FileManager.default.fileExists(atPath: fileName) ? try load(path: fileName) : LintConfig()
    }

    /// The nearest `.panelist.yml` in `directory` or one of its parents, as `.vale.ini` is found.
    public static func discover(from directory: String) -> String? {
        var dir = URL(fileURLWithPath: directory).standardizedFileURL
        for _ in 0..<64 {
            let candidate = dir.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
        return nil
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
            if key.string == "ignore" {
                let globs = value.sequence ?? [value]
                for node in globs {
                    guard let text = node.string else {
                        throw RuleProblem(mark: RuleLoader.mark(node, path), ruleID: nil, message: "'ignore' is a list of globs")
                    }
                    if let glob = Glob(text) { config.ignore.append(glob) }
                }
                continue
            }
            guard key.string == "rules" else {
                throw RuleProblem(mark: RuleLoader.mark(key, path), ruleID: nil, message: "unknown field '\(key.string ?? "?")' (expected: rules, ignore)")
            }
            for (id, level) in value.mapping ?? [:] {
                guard let rule = id.string, let word = level.string?.lowercased() else { continue }
                config.ruleMarks[rule] = RuleLoader.mark(id, path)
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
