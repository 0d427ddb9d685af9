import Foundation
import Yams

/// One quote to lint, from a draft, a JSON Lines record or a page.
public struct LintItem: Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    public var tool: String?
    public var declaredPersona: String?
    public var declaredStance: String?
    public var text: String
    /// Scorecard slot when the quote stands on a page.
    public var slot: Int?
    public var subject: ToolCard?
    /// Rule ids turned off for this item (`<!-- panelist-disable ID -->`).
    public var disabled: Set<String> = []
}

/// A problem with an input that lint reports under one of its rules.
public struct LintInputProblem: Sendable {
    public var rule: String
    public var diagnostic: Diagnostic
}

/// Reads lint inputs: Markdown drafts with front matter, JSON Lines and pages.
public enum LintInputs {
    public static let extensions: Set<String> = ["md", "markdown", "jsonl", "txt"]

    public static func draft(path: String, text: String) -> ([LintItem], [LintInputProblem]) {
        let lines = TextLines.raw(text).map(String.init) // LF, CRLF and CR alike
        func malformed(_ line: Int, _ detail: String) -> ([LintItem], [LintInputProblem]) {
            ([], [LintInputProblem(rule: "lint.input.malformed", diagnostic: Diagnostic(.error, file: path, line: line, code: "lint.input.malformed", detail))])
        }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            return malformed(1, "a draft starts with YAML front matter between --- lines (tool, persona, stance, reviewer)")
        }
        let front = lines[1..<close].joined(separator: "\n")
        var fields: [String: String] = [:]
        // Front matter is untrusted: bounded before Yams, which recurses and expands aliases.
        if let v = YAMLGuard.check(front, limits: .frontMatter) {
            return malformed(v.line + 1, "the front matter is refused: \(v.message)")
        }
        do {
            if let node = try Yams.compose(yaml: front), let mapping = node.mapping {
                for (k, v) in mapping { if let key = k.string { fields[key] = v.string } }
            }
        } catch {
            return malformed(2, "the front matter is not valid YAML: \(error)")
        }
        guard let tool = fields["tool"], !tool.isEmpty else { return malformed(1, "the front matter needs a 'tool'") }
        // The body is everything after the front matter, with HTML comments taken out.
        var bodyLines = Array(lines[(close + 1)...])
        var disabled: Set<String> = []
        let joined = bodyLines.joined(separator: "\n")
        for comment in htmlComments(joined) {
            let words = comment.split(whereSeparator: \.isWhitespace).map(String.init)
            if words.first == "panelist-disable" { disabled.formUnion(words.dropFirst()) }
        }
        let stripped = stripComments(joined)
        bodyLines = TextLines.raw(stripped).map(String.init)
        guard let firstBody = bodyLines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            return malformed(close + 1, "the draft has no quote after its front matter")
        }
        let body = bodyLines[firstBody...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        var subject = ToolCard(name: tool)
        subject.description = fields["description"]
        let item = LintItem(file: path, line: close + 2 + firstBody, column: 1, tool: tool,
                            declaredPersona: fields["persona"]?.lowercased(), declaredStance: fields["stance"]?.lowercased(),
                            text: body, slot: nil, subject: subject, disabled: disabled)
        return ([item], [])
    }

    public static func jsonLines(path: String, text: String) -> ([LintItem], [LintInputProblem]) {
        var items: [LintItem] = []
        var problems: [LintInputProblem] = []
        for (i, line) in TextLines.raw(text).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            func problem(_ detail: String) {
                problems.append(LintInputProblem(rule: "lint.input.malformed",
                                                 diagnostic: Diagnostic(.error, file: path, line: i + 1, code: "lint.input.malformed", detail)))
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                problem("not a JSON object: each line holds one {\"tool\", \"persona\"?, \"stance\"?, \"text\"}")
                continue
            }
            guard let text = object["text"] as? String, !text.isEmpty else { problem("the record needs a non-empty \"text\""); continue }
            guard let tool = object["tool"] as? String, !tool.isEmpty else { problem("the record needs a \"tool\""); continue }
            items.append(LintItem(file: path, line: i + 1, column: 1, tool: tool,
                                  declaredPersona: (object["persona"] as? String)?.lowercased(),
                                  declaredStance: (object["stance"] as? String)?.lowercased(),
                                  text: text, slot: nil, subject: ToolCard(name: tool)))
        }
        return (items, problems)
    }

    static func htmlComments(_ text: String) -> [String] {
        var result: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<!--"), let close = rest.range(of: "-->", range: open.upperBound..<rest.endIndex) {
            result.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines))
            rest = rest[close.upperBound...]
        }
        return result
    }

    /// Replaces comments with blank space, keeping line breaks so lines still count.
    static func stripComments(_ text: String) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.range(of: "<!--"), let close = rest.range(of: "-->", range: open.upperBound..<rest.endIndex) {
            out += rest[..<open.lowerBound]
            out += String(repeating: "\n", count: rest[open.lowerBound..<close.upperBound].filter { $0 == "\n" }.count)
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
