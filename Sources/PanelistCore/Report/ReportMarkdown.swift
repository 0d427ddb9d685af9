/// The report as Markdown: a section per tool with its panels, split, risks, rivals and quotes.
public enum ReportMarkdown {
    public static func render(_ report: Report) -> String {
        let cell = Sanitize.markdownCell
        var out = "# panelist report\n\n"
        out += "\(report.pages.count) pages · \(report.tools.count) tools · \(report.quoteCount) quotes · slot signal \(report.slotPrior ? "on" : "off")\n"
        for tool in report.tools {
            out += "\n## \(cell(tool.name))\n\n"
            let facts: [(String, String?)] = [("Category", tool.category), ("Entry", tool.entry), ("Pricing", tool.pricing), ("Community", tool.community)]
            for (k, v) in facts { if let v { out += "- **\(k):** \(cell(v))\n" } }
            out += "\n| Page | Stated ship | Computed ship | Ship | Skip | Unknown | Consistent |\n|---|---:|---:|---:|---:|---:|---|\n"
            for p in tool.panels {
                let stated = p.statedShipPct.map { "\($0)%" } ?? (p.statedText.map(cell) ?? "—")
                out += "| \(cell(p.page)) | \(stated) | \(p.computedShipPct.map { "\($0)%" } ?? "—") | \(p.ship) | \(p.skip) | \(p.unknown) | "
                out += (p.consistent.map { $0 ? "yes" : "**no**" } ?? "—") + " |\n"
            }
            let stances = report.stanceLabels + [Decision.unknown]
            out += "\n| Persona | " + stances.joined(separator: " | ") + " |\n|---|" + stances.map { _ in "---:" }.joined(separator: "|") + "|\n"
            for row in tool.split(personas: report.personaLabels, stances: report.stanceLabels) where row.counts.contains(where: { $0.count > 0 }) {
                out += "| \(row.persona) | " + row.counts.map { String($0.count) }.joined(separator: " | ") + " |\n"
            }
            let risks = ToolAggregates.risks(tool)
            if !risks.isEmpty {
                out += "\n**Risks:** " + risks.map { "\($0.category) (\($0.count))" }.joined(separator: ", ") + "\n"
            }
            let rivals = ToolAggregates.competitors(tool)
            if !rivals.isEmpty {
                out += "\n**Competitors:** " + rivals.map { "\(cell($0.name)) (\($0.quotes))" }.joined(separator: ", ") + "\n"
            }
            out += "\n| # | Persona | Stance | Quote | Where |\n|---|---|---|---|---|\n"
            for (i, q) in tool.quotes.enumerated() {
                let where_ = q.occurrences.map { "\(cell($0.page)):\($0.line)" }.joined(separator: "<br>")
                out += "| \(i + 1) | \(q.persona.label) (\(String(format: "%.2f", q.persona.confidence))) | \(q.stance.label) (\(String(format: "%.2f", q.stance.confidence))) | "
                out += cell(String(q.text.prefix(160)) + (q.text.count > 160 ? "…" : "")) + " | \(where_) |\n"
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
