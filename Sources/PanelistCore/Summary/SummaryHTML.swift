/// One self-contained HTML page: no scripts, no external fonts or fetches;
/// tables plus inline SVG charts; every piece of review text HTML-escaped.
public enum SummaryHTML {
    static let ship = "#2f9e62", skip = "#d64550", unknown = "#a0aab4"

    public static func render(_ s: Summary, report: Report) -> String {
        let e = Sanitize.html
        var body = ""
        body += "<header><h1>Which one should you ship with?</h1><p class=\"sub\">\(report.pages.count) pages · \(s.tools.count) tools · \(report.quoteCount) quotes · slot signal \(report.slotPrior ? "on" : "off")</p></header>\n"

        body += "<section><h2>Stance by tool</h2>\n" + stanceBars(s) + "</section>\n"
        body += "<section class=\"two\"><div><h2>Persona × stance</h2>\n" + heatMap(s)
        if let most = s.mostSkipping { body += "<p class=\"legend\">\(e(most.persona)) skips most: \(most.share)% of its quotes.</p>" }
        body += "</div><div><h2>Ranked by computed ship %</h2><ol class=\"rank\">"
        for r in s.ranking {
            body += "<li\(r.thin ? " class=\"thin\" title=\"too few decided quotes to rank\"" : "")><span class=\"name\">\(e(r.tool))</span><span class=\"num\">\(r.shipPct)% · \(r.decided) of \(r.quotes)</span></li>"
        }
        body += "</ol></div></section>\n"

        body += "<section><h2>Head to head</h2>\n"
        for p in s.pages {
            body += "<article class=\"card\"><h3>\(e(p.title ?? p.path))</h3><p class=\"path\">\(e(p.path))</p><table><thead><tr><th></th>"
            body += p.sides.map { "<th>\(e($0.tool))</th>" }.joined() + "</tr></thead><tbody>"
            body += "<tr><th>Panel stated / computed</th>" + p.sides.map { side in
                let differs = side.statedShipPct != nil && side.counts.total > 0 && side.statedShipPct != side.counts.shipPct
                return differs ? "<td class=\"warn\" title=\"the stated % disagrees with the quotes\">\(pct(side.statedShipPct)) ≠ \(side.counts.pctText)</td>"
                    : "<td>\(pct(side.statedShipPct)) / \(side.counts.pctText)</td>"
            }.joined() + "</tr>"
            for persona in s.personas {
                body += "<tr><th>\(e(persona))</th>" + p.sides.map { side in
                    let c = side.byPersona.first { $0.persona == persona }?.counts ?? StanceCounts()
                    return "<td>\(badge(c, stances: s.stances))</td>"
                }.joined() + "</tr>"
            }
            body += "<tr><th>Entry · pricing</th>" + p.sides.map { "<td>\(e([$0.entry, $0.pricing].compactMap { $0 }.joined(separator: " · ")))</td>" }.joined() + "</tr>"
            body += "</tbody></table><p class=\"verdict\">\(e(p.verdict))</p></article>\n"
        }
        body += "</section>\n"

        body += "<section><h2>Tools</h2>\n"
        let byName = Dictionary(report.tools.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for t in s.tools {
            body += "<article class=\"card\"><h3>\(e(t.name))</h3><p class=\"facts\">computed \(t.counts.pctText) · stated \(e(t.panels.map { pct($0.statedShipPct) }.joined(separator: ", ")))"
            if let entry = t.entry { body += " · entry \(e(entry))" }
            if let pricing = t.pricing { body += " · \(e(pricing))" }
            body += "</p>"
            if !t.dissents.isEmpty {
                body += "<h4>Dissent</h4><ul class=\"quotes\">" + t.dissents.map { "<li><span class=\"tag \(cls($0.stance, s))\">\(e($0.persona)) · \(e($0.stance))</span> <q>\(e($0.sentence))</q></li>" }.joined() + "</ul>"
            }
            if !t.topRisks.isEmpty { body += "<p><b>Risks:</b> " + t.topRisks.map { "\(e($0.category)) (\($0.count))" }.joined(separator: ", ") + "</p>" }
            if !t.topCompetitors.isEmpty { body += "<p><b>Up against:</b> " + t.topCompetitors.prefix(8).map { "\(e($0.name)) (\($0.quotes))" }.joined(separator: ", ") + "</p>" }
            if let quotes = byName[t.name]?.quotes, !quotes.isEmpty {
                body += "<details><summary>What each reviewer said (\(quotes.count))</summary><ul class=\"quotes\">"
                for q in quotes {
                    body += "<li><span class=\"tag \(cls(q.stance.label, s))\">\(e(q.persona.label)) · \(e(q.stance.label))</span> <q>\(e(q.text))</q></li>"
                }
                body += "</ul></details>"
            }
            body += "</article>\n"
        }
        body += "</section>\n"

        if !s.disagreements.isEmpty || !s.topCompetitors.isEmpty {
            body += "<section class=\"two\"><div><h2>Stated values that disagree</h2>"
            body += s.disagreements.isEmpty ? "<p>None: every stated value matches its quotes.</p>"
                : "<ul>" + s.disagreements.map { d in
                    "<li>\(e(d.tool)) on <code>\(e(d.panel.page))</code>: " + d.panel.disagreements.map { e(Wording.disagreement($0)) }.joined(separator: "; ") + "</li>"
                }.joined() + "</ul>"
            body += "</div><div><h2>Most-cited competitors</h2><ol class=\"rank\">"
            body += s.topCompetitors.prefix(12).map { "<li><span class=\"name\">\(e($0.name))</span><span class=\"num\">\($0.quotes)</span></li>" }.joined()
            body += "</ol></div></section>\n"
        }
        if !s.cutOff.isEmpty {
            body += "<section><h2>Cut-off pages</h2><ul>" + s.cutOff.map { "<li><code>\(e($0.file)):\($0.line)</code> \(e($0.message))</li>" }.joined() + "</ul></section>\n"
        }

        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <title>panelist — stance summary</title>
        <style>\(css)</style>
        </head>
        <body>
        \(body)<footer>Made by panelist from \(report.pages.count) pages. Stances come from rules; see each quote's evidence with <code>panelist explain</code>.</footer>
        </body>
        </html>

        """
    }

    static func pct(_ x: Int?) -> String { x.map { "\($0)%" } ?? "—" }

    static func cls(_ stance: String, _ s: Summary) -> String {
        stance == s.stances.first ? "ship" : stance == Decision.unknown ? "unknown" : "skip"
    }

    static func badge(_ c: StanceCounts, stances: [String]) -> String {
        if c.total == 0 { return "<span class=\"muted\">—</span>" }
        var parts: [String] = []
        if c.ship > 0 { parts.append("<span class=\"tag ship\">\(c.ship == c.total ? "" : "\(c.ship) ")\(Sanitize.html(stances.first ?? "ship"))</span>") }
        if c.skip > 0 { parts.append("<span class=\"tag skip\">\(c.skip == c.total ? "" : "\(c.skip) ")\(Sanitize.html(stances.last ?? "skip"))</span>") }
        if c.unknown > 0 { parts.append("<span class=\"tag unknown\">\(c.unknown) unknown</span>") }
        return parts.joined(separator: " ")
    }

    /// One stacked bar per tool: ship, skip, unknown, scaled to the tool's quotes.
    static func stanceBars(_ s: Summary) -> String {
        let e = Sanitize.html
        let rowHeight = 30, labelWidth = 260, barWidth = 520, width = labelWidth + barWidth + 70
        var svg = "<svg class=\"bars\" role=\"img\" aria-label=\"Ship and skip per tool\" viewBox=\"0 0 \(width) \(s.tools.count * rowHeight + 10)\" width=\"100%\">"
        for (i, t) in s.tools.enumerated() {
            let y = i * rowHeight + 5
            let name = t.name.count > 38 ? String(t.name.prefix(37)) + "…" : t.name
            svg += "<g class=\"bar-row\" data-tool=\"\(e(t.name))\"><title>\(e(t.name)): \(t.counts.ship) ship, \(t.counts.skip) skip, \(t.counts.unknown) unknown</title>"
            svg += "<text x=\"\(labelWidth - 10)\" y=\"\(y + 17)\" text-anchor=\"end\">\(e(name))</text>"
            var x = Double(labelWidth)
            let total = max(t.counts.total, 1)
            for (count, color, kind) in [(t.counts.ship, ship, "ship"), (t.counts.skip, skip, "skip"), (t.counts.unknown, unknown, "unknown")] where count > 0 {
                let w = Double(barWidth) * Double(count) / Double(total)
                svg += "<rect class=\"bar \(kind)\" x=\"\(JSON.number(x))\" y=\"\(y + 4)\" width=\"\(JSON.number(w))\" height=\"18\" rx=\"3\" fill=\"\(color)\"></rect>"
                if w > 18 { svg += "<text class=\"in\" x=\"\(JSON.number(x + w / 2))\" y=\"\(y + 17)\" text-anchor=\"middle\">\(count)</text>" }
                x += w
            }
            if t.counts.total == 0 { svg += "<rect class=\"bar empty\" x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(barWidth)\" height=\"18\" rx=\"3\" fill=\"#eef1f4\"></rect>" }
            svg += "<text x=\"\(labelWidth + barWidth + 8)\" y=\"\(y + 17)\">\(pct(t.counts.shipPct))</text></g>"
        }
        svg += "</svg>\n<p class=\"legend\"><span class=\"tag ship\">ship</span> <span class=\"tag skip\">skip</span> <span class=\"tag unknown\">unknown</span></p>\n"
        return svg
    }

    /// Rows: personas; columns: stances; the darker the cell, the more quotes.
    static func heatMap(_ s: Summary) -> String {
        let e = Sanitize.html
        let columns = s.stances + [Decision.unknown]
        let cell = 88, label = 110, head = 28
        let rows = s.matrix
        let maxCount = max(1, rows.flatMap { [$0.counts.ship, $0.counts.skip, $0.counts.unknown] }.max() ?? 1)
        var svg = "<svg class=\"heat\" role=\"img\" aria-label=\"Persona by stance\" viewBox=\"0 0 \(label + columns.count * cell + 4) \(head + rows.count * 40 + 4)\" width=\"100%\">"
        for (j, c) in columns.enumerated() {
            svg += "<text x=\"\(label + j * cell + cell / 2)\" y=\"18\" text-anchor=\"middle\" class=\"head\">\(e(c))</text>"
        }
        for (i, row) in rows.enumerated() {
            let y = head + i * 40
            svg += "<text x=\"\(label - 10)\" y=\"\(y + 24)\" text-anchor=\"end\">\(e(row.persona))</text>"
            for (j, count) in [row.counts.ship, row.counts.skip, row.counts.unknown].enumerated() {
                let color = j == 0 ? ship : j == 1 ? skip : unknown
                let opacity = count == 0 ? 0.06 : 0.18 + 0.82 * Double(count) / Double(maxCount)
                svg += "<rect class=\"cell\" data-persona=\"\(e(row.persona))\" x=\"\(label + j * cell + 2)\" y=\"\(y + 2)\" width=\"\(cell - 4)\" height=\"36\" rx=\"4\" fill=\"\(color)\" fill-opacity=\"\(JSON.number(opacity))\"></rect>"
                svg += "<text x=\"\(label + j * cell + cell / 2)\" y=\"\(y + 25)\" text-anchor=\"middle\" class=\"\(opacity > 0.6 ? "in" : "")\">\(count)</text>"
            }
        }
        return svg + "</svg>\n"
    }

    static let css = """
    :root{--fg:#1d2530;--muted:#667085;--line:#e4e8ee;--bg:#f6f8fa;--ship:\(ship);--skip:\(skip);--unknown:\(unknown)}
    *{box-sizing:border-box}
    body{margin:0;padding:32px 20px 48px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
    header,section,footer{max-width:1080px;margin:0 auto 28px}
    h1{font-size:28px;margin:0 0 4px}h2{font-size:19px;margin:0 0 12px}h3{font-size:16px;margin:0 0 4px}h4{font-size:14px;margin:12px 0 6px;color:var(--muted)}
    .sub,.path,.facts,footer{color:var(--muted)}.path{font-size:12px;margin:0 0 10px;word-break:break-all}
    section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:20px 22px}
    section.two{display:grid;grid-template-columns:1fr 1fr;gap:28px}
    @media (max-width:760px){section.two{grid-template-columns:1fr}}
    .card{border-top:1px solid var(--line);padding:16px 0}.card:first-of-type{border-top:0;padding-top:4px}
    table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
    thead th{font-weight:600;border-bottom:2px solid var(--line)}tbody th{font-weight:500;color:var(--muted);width:28%}
    .verdict{margin:10px 0 0;padding:8px 12px;background:#f1f5fb;border-left:3px solid #4a78c2;border-radius:4px}
    .tag{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
    .tag.ship{background:var(--ship)}.tag.skip{background:var(--skip)}.tag.unknown{background:var(--unknown)}
    .muted{color:var(--muted)}.legend{margin:6px 0 0}td.warn{color:#a4262c;font-weight:600}
    ul.quotes{list-style:none;padding:0;margin:0}ul.quotes li{margin:6px 0}q{color:#344054}
    ol.rank{padding-left:22px;margin:0}ol.rank li{display:flex;justify-content:space-between;gap:12px;border-bottom:1px dashed var(--line);padding:3px 0}
    ol.rank .name{overflow-wrap:anywhere}ol.rank .num{font-variant-numeric:tabular-nums;color:var(--muted)}
    svg text{font:13px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--fg)}svg text.in{fill:#fff;font-weight:600}svg text.head{fill:var(--muted)}
    details{margin-top:8px}summary{cursor:pointer;color:#4a78c2}code{font-size:12px}
    """
}
