import Foundation

/// Lint output formats: text, JSON, SARIF 2.1.0 and GitHub workflow commands.
public enum LintPrinters {
    public static let version = "0.1.0"

    /// `file:line:col: level: message [rule-id]`, coloured when `color` is on, then a summary.
    public static func text(_ result: LintResult, color: Bool, summary: Bool = true) -> String {
        var out = ""
        for f in result.findings {
            let d = f.diagnostic
            var level = d.severity.rawValue
            if color {
                let code = d.severity == .error ? "31" : d.severity == .warning ? "33" : "36"
                level = "\u{1B}[1;\(code)m\(level)\u{1B}[0m"
            }
            out += "\(Sanitize.visible(d.file)):\(d.line):\(d.column): \(level): \(Sanitize.oneLine(d.message)) [\(Sanitize.visible(d.code))]\n"
        }
        guard summary else { return out }
        let e = result.count(.error), w = result.count(.warning), i = result.count(.info)
        out += "\(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s"), \(i) info in \(result.files) file\(result.files == 1 ? "" : "s")\n"
        return out
    }

    public static func json(_ result: LintResult) -> String {
        JSON.object([
            ("schema", .string("panelist.lint/1")),
            ("diagnostics", .array(result.findings.map { f in
                .object([
                    ("file", .string(f.diagnostic.file)), ("line", .int(f.diagnostic.line)), ("column", .int(f.diagnostic.column)),
                    ("level", .string(f.diagnostic.severity.rawValue)), ("rule", .string(f.diagnostic.code)),
                    ("message", .string(f.diagnostic.message)), ("link", .optional(f.link)),
                ])
            })),
            ("summary", .object([("errors", .int(result.count(.error))), ("warnings", .int(result.count(.warning))),
                                 ("infos", .int(result.count(.info))), ("files", .int(result.files))])),
        ]).serialized()
    }

    static func sarifLevel(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// SARIF 2.1.0 as GitHub code scanning reads it: one run, the rule table, one result per finding.
    public static func sarif(_ result: LintResult) -> String {
        let rules = result.rules
        let index = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let driver: JSON = .object([
            ("name", .string("panelist")),
            ("version", .string(version)),
            ("informationUri", .string("https://panelist.invalid/docs/lint.md")),
            ("rules", .array(rules.map { rule in
                var fields: [(String, JSON)] = [
                    ("id", .string(rule.id)),
                    ("shortDescription", .object([("text", .string(rule.section.map { "\(rule.label ?? ""): \($0)" } ?? rule.message ?? rule.id))])),
                    ("defaultConfiguration", .object([("level", .string(sarifLevel(rule.level ?? .warning)))])),
                ]
                if let link = rule.link { fields.append(("helpUri", .string(link))) }
                return .object(fields)
            })),
        ])
        let results: [JSON] = result.findings.map { f in
            var fields: [(String, JSON)] = [("ruleId", .string(f.diagnostic.code))]
            if let i = index[f.diagnostic.code] { fields.append(("ruleIndex", .int(i))) }
            fields += [
                ("level", .string(sarifLevel(f.diagnostic.severity))),
                ("message", .object([("text", .string(f.diagnostic.message))])),
                ("locations", .array([.object([("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(uri(f.diagnostic.file)))])),
                    ("region", .object([("startLine", .int(f.diagnostic.line)), ("startColumn", .int(f.diagnostic.column))])),
                ]))])])),
            ]
            return .object(fields)
        }
        return JSON.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", driver)])),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(results)),
            ])])),
        ]).serialized()
    }

    /// A relative path as a URI reference: percent-encoded, forward slashes.
    static func uri(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":?#[]@")
        return p.addingPercentEncoding(withAllowedCharacters: allowed) ?? p
    }

    /// `::warning file=…,line=…,col=…,title=…::message` — GitHub Actions annotations.
    public static func github(_ result: LintResult) -> String {
        func escapeData(_ s: String) -> String {
            s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        }
        func escapeProperty(_ s: String) -> String {
            escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        return result.findings.map { f in
            let d = f.diagnostic
            let command = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
            // Every field sanitised: ESC, BEL or a bidi override in a file name would reach the log viewer.
            return "::\(command) file=\(escapeProperty(Sanitize.visible(d.file))),line=\(d.line),col=\(d.column),title=\(escapeProperty(Sanitize.visible(d.code)))::\(escapeData(Sanitize.terminal(d.message)))\n"
        }.joined()
    }
}
