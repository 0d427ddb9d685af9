/// The report as Markdown: a section per tool with its panels, split, risks, rivals and quotes.
public enum ReportMarkdown {
    public static func render(_ report: Report) -> String {
        let cell = Sanitize.markdownCell
        var out = "# panelist report\n\n"
        out += "\(Wording.count(report.pages.count, "page")) · \(Wording.count(report.tools.count, "tool")) · \(Wording.count(report.quoteCount, "quote")) · slot signal \(report.slotPrior ? "on" : "off")\n"
        for tool in report.tools {
            out += "\n## \(cell(tool.name))\n\n"
            let facts: [(String, String?)] = [("Category", tool.category), ("Entry", tool.entry), ("Pricing", tool.pricing), ("Community", tool.community)]
            for (k, v) in facts { if let v { out += "- **\(k):** \(cell(v))\n" } }
            out += "\n| Page | Stated ship | Computed ship | Ship | Skip | Unknown | Consistent |\n|---|---:|---:|---:|---:|---:|---|\n"
            for p in tool.panels {
                let stated = p.statedShipPct.map { "\($0)%" } ?? (p.statedText.map(cell) ?? "—")
                let statedAll = [p.statedShipPct != nil || p.statedText != nil || p.stated.split == nil ? stated : nil,
                                 p.stated.split.map { "\($0.ship) ship / \($0.skip) skip" }].compactMap { $0 }.joined(separator: ", ")
                let checks = [p.consistent, p.splitConsistent].compactMap { $0 }
                out += "| \(cell(p.page)) | \(statedAll) | \(Wording.computed(p)) | \(p.ship) | \(p.skip) | \(p.unknown) | "
                out += (checks.isEmpty ? "—" : checks.allSatisfy { $0 } ? "yes" : "**no**") + " |\n"
            }
            let disagreements = tool.panels.flatMap(\.disagreements)
            if !disagreements.isEmpty {
                out += "\n**Stated values the quotes do not bear out:**\n\n"
                for d in disagreements { out += "- \(cell(d.page)):\(d.line) \(cell(Wording.disagreement(d)))\n" }
            }
            let stances = report.stanceLabels + [Decision.unknown]
            let rows = tool.split(personas: report.personaLabels, stances: report.stanceLabels).filter { $0.counts.contains { $0.count > 0 } }
            if !rows.isEmpty {
                out += "\n| Persona | " + stances.joined(separator: " | ") + " |\n|---|" + stances.map { _ in "---:" }.joined(separator: "|") + "|\n"
                for row in rows { out += "| \(row.persona) | " + row.counts.map { String($0.count) }.joined(separator: " | ") + " |\n" }
            }
            let risks = ToolAggregates.risks(tool)
            if !risks.isEmpty {
                out += "\n**Risks:** " + risks.map { "\($0.category) (\($0.count))" }.joined(separator: ", ") + "\n"
            }
            let rivals = ToolAggregates.competitors(tool)
            if !rivals.isEmpty {
                out += "\n**Competitors:** " + rivals.map { "\(cell($0.name)) (\($0.quotes))" }.joined(separator: ", ") + "\n"
            }
            if tool.quotes.isEmpty { out += "\nNo quotes read for this tool.\n"; continue }
            out += "\n| # | Persona | Stance | Quote | Where |\n|---|---|---|---|---|\n"
            for (i, q) in tool.quotes.enumerated() {
                let where_ = q.occurrences.map { "\(cell($0.page)):\($0.line)" }.joined(separator: ", ")
                out += "| \(i + 1) | \(q.persona.label) (\(String(format: "%.2f", q.persona.confidence))) | \(q.stance.label) (\(String(format: "%.2f", q.stance.confidence))) | "
                // A quote cut off by the page, or here for length, ends in "…" (and says which).
                out += cell(String(q.text.prefix(160)) + (q.text.count > 160 || q.truncated ? "…" : "") + (q.truncated ? " (cut off)" : "")) + " | \(where_) |\n"
                for r in q.risks {
                    out += "| | | risk: \(r.category) | \(cell(r.text)) | |\n"
                }
            }
        }
        let diagnostics = report.diagnostics
        if !diagnostics.isEmpty {
            out += "\n## Diagnostics\n\n" + diagnostics.map { "- \(cell($0.file)):\($0.line):\($0.column) \($0.severity.rawValue): \(cell($0.message)) [\($0.code)]" }.joined(separator: "\n") + "\n"
        }
        return out
    }
}

import Foundation
