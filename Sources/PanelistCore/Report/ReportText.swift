/// The report for a terminal: one block per tool.
public enum ReportText {
    public static func render(_ report: Report) -> String {
        var out = ""
        let unknownPersona = report.tools.flatMap(\.quotes).filter { $0.persona.label == Decision.unknown }.count
        let unknownStance = report.tools.flatMap(\.quotes).filter { $0.stance.label == Decision.unknown }.count
        out += "panelist: \(Wording.count(report.pages.count, "page")), \(Wording.count(report.tools.count, "tool")), \(Wording.count(report.quoteCount, "quote"))"
        out += " (slot signal \(report.slotPrior ? "on" : "off"); unknown persona \(unknownPersona), unknown stance \(unknownStance))\n"
        for tool in report.tools {
            out += "\n" + Sanitize.oneLine(tool.name)
            let facts = [tool.category, tool.entry.map { "entry \($0)" }, tool.pricing, tool.community.map { "community \($0)" }].compactMap { $0 }
            if !facts.isEmpty { out += " — " + Sanitize.oneLine(facts.joined(separator: " · ")) }
            out += "\n"
            for p in tool.panels {
                let stated = p.statedShipPct.map { "\($0)%" } ?? (p.statedText.map(Sanitize.oneLine) ?? "none")
                let computed = Wording.computed(p)
                let checks = [p.consistent, p.splitConsistent].compactMap { $0 }
                let statesSomething = p.statedShipPct != nil || p.stated.split != nil
                let verdict = checks.isEmpty ? (statesSomething ? "open (cut off or unknown stances)" : "nothing to compare")
                    : checks.allSatisfy { $0 } ? "consistent" : "DISAGREES"
                let statedSplit = p.stated.split.map { "\($0.ship) ship / \($0.skip) skip" }
                let statedAll = [p.statedShipPct != nil || p.statedText != nil || statedSplit == nil ? stated : nil, statedSplit].compactMap { $0 }.joined(separator: ", ")
                out += "  panel  \(Sanitize.visible(p.page)): stated \(statedAll), computed \(computed) (\(p.ship) ship / \(p.skip) skip"
                let against = p.disagreements.filter { $0.kind == .verdict }.count
                let reviewers = p.verdictsAgreeing + against > 0 ? "; reviewers' verdicts: \(p.verdictsAgreeing) agree, \(against) disagree" : ""
                out += (p.unknown > 0 ? " / \(p.unknown) unknown" : "") + ") — \(verdict)\(reviewers)\n"
                for d in p.disagreements { out += "    ≠ " + Sanitize.oneLine(Wording.disagreement(d)) + "\n" }
            }
            let split = tool.split(personas: report.personaLabels, stances: report.stanceLabels)
                .filter { $0.counts.contains { $0.count > 0 } }
                .map { row in "\(row.persona) " + row.counts.filter { $0.count > 0 }.map { "\($0.count) \($0.stance)" }.joined(separator: ", ") }
            if !split.isEmpty { out += "  split  " + split.joined(separator: "; ") + "\n" }
            let risks = ToolAggregates.risks(tool)
            if !risks.isEmpty { out += "  risks  " + risks.map { "\($0.category) \($0.count)" }.joined(separator: ", ") + "\n" }
            let rivals = ToolAggregates.competitors(tool)
            if !rivals.isEmpty { out += "  rivals " + rivals.prefix(8).map { "\(Sanitize.oneLine($0.name)) (\($0.quotes))" }.joined(separator: ", ") + "\n" }
            for q in tool.quotes {
                let where_ = q.occurrences.map { "\(Sanitize.visible($0.page)):\($0.line):\($0.column)" }.joined(separator: ", ")
                out += "  - [\(q.persona.label) \(fmt(q.persona.confidence)) · \(q.stance.label) \(fmt(q.stance.confidence))] "
                out += (q.truncated ? excerpt(q.text, 90, cut: true) + " (cut off)" : excerpt(q.text, 90)) + "\n    at " + where_ + "\n"
                let rules = (q.persona.evidence + q.stance.evidence).filter { $0.span != nil }.map(\.rule)
                if !rules.isEmpty { out += "    by " + unique(rules).prefix(8).joined(separator: ", ") + (unique(rules).count > 8 ? ", …" : "") + "\n" }
            }
        }
        let diagnostics = report.diagnostics
        if !diagnostics.isEmpty {
            out += "\n" + diagnostics.map(\.description).joined(separator: "\n") + "\n"
        }
        return out
    }

    static func fmt(_ x: Double) -> String { String(format: "%.2f", x) }

    static func unique(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }

    /// First `n` characters of the text on one line, with an ellipsis when cut.
    public static func excerpt(_ text: String, _ n: Int, cut: Bool = false) -> String {
        let line = Sanitize.oneLine(text)
        return line.count <= n && !cut ? "“\(line)”" : "“\(line.prefix(n - 1))…”"
    }
}

import Foundation
