/// The report for a terminal: one block per tool.
public enum ReportText {
    public static func render(_ report: Report) -> String {
        var out = ""
        let unknownPersona = report.tools.flatMap(\.quotes).filter { $0.persona.label == Decision.unknown }.count
        let unknownStance = report.tools.flatMap(\.quotes).filter { $0.stance.label == Decision.unknown }.count
        out += "panelist: \(report.pages.count) pages, \(report.tools.count) tools, \(report.quoteCount) quotes"
        out += " (slot signal \(report.slotPrior ? "on" : "off"); unknown persona \(unknownPersona), unknown stance \(unknownStance))\n"
        for tool in report.tools {
            out += "\n" + Sanitize.oneLine(tool.name)
            let facts = [tool.category, tool.entry.map { "entry \($0)" }, tool.pricing, tool.community.map { "community \($0)" }].compactMap { $0 }
            if !facts.isEmpty { out += " — " + Sanitize.oneLine(facts.joined(separator: " · ")) }
            out += "\n"
            for p in tool.panels {
                let stated = p.statedShipPct.map { "\($0)%" } ?? (p.statedText.map(Sanitize.oneLine) ?? "none")
                let computed = p.computedShipPct.map { "\($0)%" } ?? "n/a"
                let verdict = p.consistent.map { $0 ? "consistent" : "DISAGREES" } ?? "nothing to compare"
                out += "  panel  \(Sanitize.oneLine(p.page)): stated \(stated), computed \(computed) (\(p.ship) ship / \(p.skip) skip"
                out += (p.unknown > 0 ? " / \(p.unknown) unknown" : "") + ") — \(verdict)\n"
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
                let where_ = q.occurrences.map { "\(Sanitize.oneLine($0.page)):\($0.line):\($0.column)" }.joined(separator: ", ")
                out += "  - [\(q.persona.label) \(fmt(q.persona.confidence)) · \(q.stance.label) \(fmt(q.stance.confidence))] "
                out += excerpt(q.text, 90) + "\n    at " + where_ + "\n"
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
    public static func excerpt(_ text: String, _ n: Int) -> String {
        let line = Sanitize.oneLine(text)
        return line.count <= n ? "“\(line)”" : "“\(line.prefix(n - 1))…”"
    }
}

import Foundation
