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
    /// Rule ids turned off for this item (`<!-- panelist-disable ID -->`, `"panelist-disable": [ID]`);
    /// `*` turns every rule off.
    public var disabled: Set<String> = []

    public func isDisabled(_ rule: String) -> Bool { disabled.contains(rule) || disabled.contains("*") }
}

/// A problem with an input that lint reports under one of its rules.
public struct LintInputProblem: Sendable {
    public var rule: String
    public var diagnostic: Diagnostic
}

/// Reads lint inputs: Markdown drafts with front matter, JSON Lines and pages.
public enum LintInputs {
    public static let extensions: Set<String> = ["md", "markdown", "jsonl", "txt"]

    /// Whether standard input holds a draft (front matter) or JSON Lines rather than a page.
    static func looksLikeDraftOrJSONLines(_ path: String) -> Bool {
        guard let data = StandardInput.contents(atPath: path) else { return false }
        let head = String(decoding: data.prefix(512), as: UTF8.self).drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        return head.hasPrefix("---") || head.hasPrefix("{")
    }

    public static func draft(path: String, text: String) -> ([LintItem], [LintInputProblem]) {
        let lines = TextLines.raw(text).map(String.init) // LF, CRLF and CR alike
        func malformed(_ line: Int, _ detail: String) -> ([LintItem], [LintInputProblem]) {
            ([], [LintInputProblem(rule: "lint.input.malformed", diagnostic: Diagnostic(.error, file: path, line: line, code: "lint.input.malformed", detail))])
        }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            // Plain Markdown (a README, notes) is not a draft: say so quietly.
            return ([], [LintInputProblem(rule: "lint.input.skipped", diagnostic: Diagnostic(.info, file: path, line: 1, code: "lint.input.skipped",
                                                                                             "not a draft (no YAML front matter): skipped"))])
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
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
        let joined = bodyLines.joined(separator: "\n")
        let stripped = stripComments(joined)
        bodyLines = TextLines.raw(stripped).map(String.init)
        guard let firstBody = bodyLines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            return malformed(close + 1, "the draft has no quote after its front matter")
        }
        let body = bodyLines[firstBody...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        var subject = ToolCard(name: tool)
        subject.description = fields["description"]
        let line = close + 2 + firstBody
        let disabled = disabledRules(atLine: line, comments: htmlComments(joined, firstLine: close + 2))
        let item = LintItem(file: path, line: line, column: 1, tool: tool,
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
            var disabled: Set<String> = []
            switch object["panelist-disable"] {
            case nil: break
            case let ids as [String]: disabled = Set(ids.isEmpty ? ["*"] : ids)
            case let id as String: disabled = [id]
            default: problem("\"panelist-disable\" is a list of rule ids"); continue
            }
            items.append(LintItem(file: path, line: i + 1, column: 1, tool: tool,
                                  declaredPersona: (object["persona"] as? String)?.lowercased(),
                                  declaredStance: (object["stance"] as? String)?.lowercased(),
                                  text: text, slot: nil, subject: ToolCard(name: tool), disabled: disabled))
        }
        return (items, problems)
    }

    /// An HTML comment's text and the lines it starts and ends on.
    struct Comment {
        var text: String
        var firstLine: Int
        var lastLine: Int
    }

    static func htmlComments(_ text: String, firstLine: Int = 1) -> [Comment] {
        var result: [Comment] = []
        var rest = text[...]
        var line = firstLine
        while let open = rest.range(of: "<!--"), let close = rest.range(of: "-->", range: open.upperBound..<rest.endIndex) {
            line += rest[..<open.lowerBound].utf8.filter { $0 == 0x0A }.count
            let inside = rest[open.upperBound..<close.lowerBound]
            let span = inside.utf8.filter { $0 == 0x0A }.count
            result.append(Comment(text: inside.trimmingCharacters(in: .whitespacesAndNewlines), firstLine: line, lastLine: line + span))
            line += span
            rest = rest[close.upperBound...]
        }
        return result
    }

    /// The rules turned off at `line` by the comments before it, as ESLint reads its comments:
    /// `panelist-disable [ID...]` from there on (no id: every rule), `panelist-enable [ID...]` back on,
    /// `panelist-disable-next-line [ID...]` for the next line, `panelist-disable-line [ID...]` for its own.
    static func disabledRules(atLine line: Int, comments: [Comment]) -> Set<String> {
        var off: Set<String> = []
        for comment in comments where comment.firstLine <= line {
            let words = comment.text.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
            guard let directive = words.first else { continue }
            let ids = words.dropFirst().isEmpty ? ["*"] : Array(words.dropFirst())
            switch directive {
            case "panelist-disable": off.formUnion(ids)
            case "panelist-enable": if ids == ["*"] { off.removeAll() } else { off.subtract(ids) }
            case "panelist-disable-next-line": if comment.lastLine + 1 == line { off.formUnion(ids) }
            case "panelist-disable-line": if comment.lastLine >= line { off.formUnion(ids) }
            default: continue
            }
        }
        return off
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
