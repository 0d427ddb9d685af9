import Foundation

/// Which part of the summary to print.
public enum SummaryView: String, CaseIterable, Sendable {
    case tool, page, persona, all
}

/// Text (80 columns), Markdown, JSON and CSV renderings of a summary.
public enum SummaryPrinters {
    // MARK: text

    static func fit(_ s: String, _ width: Int) -> String {
        let one = Sanitize.oneLine(s)
        if one.count <= width { return one.padding(toLength: width, withPad: " ", startingAt: 0) }
        return String(one.prefix(width - 1)) + "…"
    }

    static func right(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    static func pct(_ x: Int?) -> String { x.map { "\($0)%" } ?? "—" }

    static func cell(_ c: StanceCounts, stances: [String]) -> String {
        if c.total == 0 { return "—" }
        var parts: [String] = []
        if c.ship > 0 { parts.append(c.total == c.ship ? stances.first ?? "ship" : "\(c.ship) \(stances.first ?? "ship")") }
        if c.skip > 0 { parts.append(c.total == c.skip ? stances.last ?? "skip" : "\(c.skip) \(stances.last ?? "skip")") }
        if c.unknown > 0 { parts.append(c.total == c.unknown ? "unknown" : "\(c.unknown) ?") }
        return parts.joined(separator: " ")
    }

    /// Wraps prose to `width`, indenting continuation lines.
    static func wrap(_ text: String, width: Int = 80, indent: String) -> String {
        let one = Sanitize.oneLine(text)
        let lead = String(one.prefix { $0 == " " })
        var lines: [String] = []
        var line = lead
        for word in one.split(separator: " ") {
            if line.count > lead.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent + word
            } else {
                line += (line.count > lead.count ? " " : "") + word
            }
        }
        if line.count > lead.count { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    public static func text(_ s: Summary, view: SummaryView) -> String {
        let short = view == .all
        var out: [String] = []
        if view == .tool || view == .all {
            out.append("PER TOOL" + String(repeating: " ", count: 26) + "  ship  skip     ?  computed  stated")
            for t in s.tools {
                let stated = t.panels.map { pct($0.statedShipPct) }.joined(separator: ",")
                out.append(fit(t.name, 34) + right(String(t.counts.ship), 6) + right(String(t.counts.skip), 6) + right(String(t.counts.unknown), 6)
                           + right(t.counts.shipPct == nil && t.counts.unknown > 0 ? "n/a" : pct(t.counts.shipPct), 10) + "  " + fit(stated, 14).trimmingCharacters(in: .whitespaces))
                let split = t.byPersona.filter { $0.counts.total > 0 }.map { "\($0.persona) \(cell($0.counts, stances: s.stances))" }
                out.append(split.isEmpty ? "  no quotes read" : wrap("  " + split.joined(separator: " · "), indent: "    "))
                for d in t.dissents.prefix(short ? 1 : 10) {
                    out.append(wrap("  dissent: \(d.persona) says \(d.stance): “\(short ? String(d.sentence.prefix(120)) : d.sentence)\(short && d.sentence.count > 120 ? "…" : "")”", indent: "    "))
                }
                var facts: [String] = []
                if !t.topRisks.isEmpty { facts.append("risks " + t.topRisks.prefix(3).map { "\($0.category) \($0.count)" }.joined(separator: ", ")) }
                if !t.topCompetitors.isEmpty { facts.append("rivals " + t.topCompetitors.prefix(short ? 3 : 6).map { "\($0.name) \($0.quotes)" }.joined(separator: ", ")) }
                if !facts.isEmpty { out.append(wrap("  " + facts.joined(separator: " · "), indent: "    ")) }
            }
            out.append("")
        }
        if view == .page || view == .all {
            out.append("HEAD TO HEAD")
            for p in s.pages {
                out.append(wrap(Sanitize.visible(p.path) + (p.title.map { " — " + $0 } ?? ""), indent: "  "))
                let sides = p.sides.prefix(2)
                out.append(fit("", 22) + sides.map { fit($0.tool, 28) }.joined(separator: " "))
                out.append(fit("  stated / computed", 22) + sides.map { fit("\(Summary.statedText($0)) / \($0.counts.pctText)", 28) }.joined(separator: " "))
                if !short {
                    for persona in s.personas {
                        let cells = sides.map { side in cell(side.byPersona.first { $0.persona == persona }?.counts ?? StanceCounts(), stances: s.stances) }
                        out.append(fit("  " + persona, 22) + cells.map { fit($0, 28) }.joined(separator: " "))
                    }
                    out.append(fit("  entry · pricing", 22) + sides.map { fit([$0.entry, $0.pricing].compactMap { $0 }.joined(separator: " · "), 28) }.joined(separator: " "))
                }
                out.append(wrap("  → " + p.verdict, indent: "    "))
            }
            out.append("")
        }
        if view == .persona || view == .all {
            out.append("CORPUS" + String(repeating: " ", count: 16) + right(s.stances.first ?? "ship", 6) + right(s.stances.last ?? "skip", 6) + right("?", 6) + "  skip share")
            let mostSkips = s.mostSkipping?.persona
            for row in s.matrix {
                let share = row.counts.decided == 0 ? (row.counts.unknown > 0 ? "n/a" : "—") : "\(Int((100 * Double(row.counts.skip) / Double(row.counts.total)).rounded()))%"
                out.append(fit(row.persona, 22) + right(String(row.counts.ship), 6) + right(String(row.counts.skip), 6)
                           + right(String(row.counts.unknown), 6) + right(share, 12) + (row.persona == mostSkips ? "  ◀ skips most" : ""))
            }
            out.append("tools by computed ship %:")
            let ranked = s.ranking.filter { !$0.thin }, thin = s.ranking.filter(\.thin)
            for (i, r) in ranked.prefix(short ? 5 : ranked.count).enumerated() {
                out.append("  " + right("\(i + 1).", 3) + " " + fit(r.tool, 44) + right("\(r.shipPct)%", 6) + "  (\(r.decided) of \(Wording.count(r.quotes, "quote")) decided)")
            }
            if !thin.isEmpty {
                out.append("  too few decided quotes to rank (under \(Summary.minDecided)):")
                for r in thin.prefix(short ? 5 : thin.count) {
                    out.append("      " + fit(r.tool, 44) + right("\(r.shipPct)%", 6) + "  (\(r.decided) of \(Wording.count(r.quotes, "quote")) decided)")
                }
            }
            if s.disagreements.isEmpty {
                out.append("stated values agree with the quotes on every page")
            } else {
                out.append("stated values the quotes do not bear out:")
                for d in s.disagreements {
                    out.append(wrap("  \(d.tool) on \(Sanitize.visible(d.panel.page)):", indent: "    "))
                    for x in d.panel.disagreements.prefix(short ? 3 : 20) {
                        out.append(wrap("    ≠ " + Wording.disagreement(x), indent: "      "))
                    }
                }
            }
            if !s.topCompetitors.isEmpty {
                out.append(wrap("most-cited competitors: " + s.topCompetitors.prefix(short ? 5 : 12).map { "\($0.name) (\($0.quotes))" }.joined(separator: ", "), indent: "  "))
            }
            if !s.topRisks.isEmpty {
                out.append(wrap("risk categories: " + s.topRisks.map { "\($0.category) (\($0.count))" }.joined(separator: ", "), indent: "  "))
            }
        }
        if !s.cutOff.isEmpty {
            out.append("")
            out.append("cut-off pages (what they have is counted):")
            for d in s.cutOff { out.append(wrap("  " + d.description, indent: "    ")) }
        }
        while out.last == "" { out.removeLast() }
        return out.map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n") + "\n"
    }

    // MARK: markdown

    public static func markdown(_ s: Summary, view: SummaryView) -> String {
        let c = Sanitize.markdownCell
        var out = "# Stance summary\n"
        if view == .tool || view == .all {
            out += s.tools.isEmpty ? "\nNo tools read.\n" : "\n## Per tool\n\n| Tool | Ship | Skip | Unknown | Computed | Stated | By persona |\n|---|---:|---:|---:|---:|---|---|\n"
            for t in s.tools {
                let split = t.byPersona.filter { $0.counts.total > 0 }.map { "\($0.persona): \(cell($0.counts, stances: s.stances))" }.joined(separator: "; ")
                out += "| \(c(t.name)) | \(t.counts.ship) | \(t.counts.skip) | \(t.counts.unknown) | \(t.counts.pctText) | \(t.panels.map { pct($0.statedShipPct) }.joined(separator: ", ")) | \(c(split)) |\n"
            }
            for t in s.tools where !t.dissents.isEmpty || !t.topRisks.isEmpty || !t.topCompetitors.isEmpty {
                out += "\n### \(c(t.name))\n\n"
                for d in t.dissents { out += "- Dissent — \(d.persona) says **\(d.stance)**: “\(c(d.sentence))”\n" }
                if !t.topRisks.isEmpty { out += "- Risks: " + t.topRisks.map { "\($0.category) (\($0.count))" }.joined(separator: ", ") + "\n" }
                if !t.topCompetitors.isEmpty { out += "- Competitors: " + t.topCompetitors.map { "\(c($0.name)) (\($0.quotes))" }.joined(separator: ", ") + "\n" }
            }
        }
        if view == .page || view == .all {
            out += "\n## Head to head\n"
            for p in s.pages {
                out += "\n### \(c(p.title ?? p.path))\n\n\(c(p.path))\n\n| | " + p.sides.map { c($0.tool) }.joined(separator: " | ") + " |\n|---|" + p.sides.map { _ in "---" }.joined(separator: "|") + "|\n"
                out += "| Panel (stated / computed) | " + p.sides.map { "\(Summary.statedText($0)) / \($0.counts.pctText)" }.joined(separator: " | ") + " |\n"
                for persona in s.personas {
                    out += "| \(persona) | " + p.sides.map { cell($0.byPersona.first { $0.persona == persona }?.counts ?? StanceCounts(), stances: s.stances) }.joined(separator: " | ") + " |\n"
                }
                out += "| Entry · pricing | " + p.sides.map { c([$0.entry, $0.pricing].compactMap { $0 }.joined(separator: " · ")) }.joined(separator: " | ") + " |\n"
                out += "\n**Verdict:** \(c(p.verdict))\n"
            }
        }
        if view == .persona || view == .all, !s.matrix.isEmpty {
            out += "\n## Corpus\n\n| Persona | " + s.stances.joined(separator: " | ") + " | unknown |\n|---|" + s.stances.map { _ in "---:" }.joined(separator: "|") + "|---:|\n"
            for row in s.matrix { out += "| \(row.persona) | \(row.counts.ship) | \(row.counts.skip) | \(row.counts.unknown) |\n" }
            let ranked = s.ranking.filter { !$0.thin }, thin = s.ranking.filter(\.thin)
            if !ranked.isEmpty {
                out += "\n**Tools by computed ship %:** " + ranked.map { "\(c($0.tool)) \($0.shipPct)% (\($0.decided) of \(Wording.count($0.quotes, "quote")) decided)" }.joined(separator: ", ") + "\n"
            }
            if !thin.isEmpty {
                out += "\n**Too few decided quotes to rank (under \(Summary.minDecided)):** " + thin.map { "\(c($0.tool)) \($0.shipPct)% (\($0.decided) of \(Wording.count($0.quotes, "quote")) decided)" }.joined(separator: ", ") + "\n"
            }
            if s.disagreements.isEmpty {
                out += "\n**Stated values the quotes do not bear out:** none\n"
            } else {
                out += "\n**Stated values the quotes do not bear out:**\n\n"
                for d in s.disagreements {
                    out += "- \(c(d.tool)) on \(c(d.panel.page)): " + d.panel.disagreements.map { c(Wording.disagreement($0)) }.joined(separator: "; ") + "\n"
                }
            }
            if !s.topCompetitors.isEmpty { out += "\n**Most-cited competitors:** " + s.topCompetitors.prefix(12).map { "\(c($0.name)) (\($0.quotes))" }.joined(separator: ", ") + "\n" }
            if !s.topRisks.isEmpty { out += "\n**Risk categories:** " + s.topRisks.map { "\($0.category) (\($0.count))" }.joined(separator: ", ") + "\n" }
        }
        if !s.cutOff.isEmpty {
            out += "\n## Cut-off pages\n\n" + s.cutOff.map { "- \(c($0.file)):\($0.line) \(c($0.message))" }.joined(separator: "\n") + "\n"
        }
        return out
    }

    // MARK: json

    public static func json(_ s: Summary, view: SummaryView) -> String {
        func counts(_ c: StanceCounts) -> JSON {
            .object([("ship", .int(c.ship)), ("skip", .int(c.skip)), ("unknown", .int(c.unknown)), ("ship_pct", .optional(c.shipPct))])
        }
        func split(_ rows: [(persona: String, counts: StanceCounts)]) -> JSON { .object(rows.map { ($0.persona, counts($0.counts)) }) }
        var fields: [(String, JSON)] = [("schema", .string("panelist.summary/1"))]
        if view == .tool || view == .all {
            fields.append(("tools", .array(s.tools.map { t in
                .object([
                    ("name", .string(t.name)), ("counts", counts(t.counts)), ("by_persona", split(t.byPersona)),
                    ("panels", .array(t.panels.map { .object([("page", .string($0.page)), ("stated_ship_pct", .optional($0.statedShipPct)),
                                                              ("computed_ship_pct", .optional($0.computedShipPct)), ("consistent", .optional($0.consistent))]) })),
                    ("dissents", .array(t.dissents.map { .object([("persona", .string($0.persona)), ("stance", .string($0.stance)),
                                                                  ("sentence", .string($0.sentence)), ("page", .string($0.page)), ("index", .int($0.index))]) })),
                    ("top_risks", .array(t.topRisks.map { .object([("category", .string($0.category)), ("count", .int($0.count))]) })),
                    ("top_competitors", .array(t.topCompetitors.map { .object([("name", .string($0.name)), ("quotes", .int($0.quotes))]) })),
                ])
            })))
        }
        if view == .page || view == .all {
            fields.append(("pages", .array(s.pages.map { p in
                .object([
                    ("path", .string(p.path)), ("title", .optional(p.title)),
                    ("sides", .array(p.sides.map { side in
                        .object([("tool", .string(side.tool)), ("stated_ship_pct", .optional(side.statedShipPct)), ("counts", counts(side.counts)),
                                 ("by_persona", split(side.byPersona)), ("entry", .optional(side.entry)), ("pricing", .optional(side.pricing))])
                    })),
                    ("differing_personas", .array(p.differing.map(JSON.string))), ("verdict", .string(p.verdict)),
                ])
            })))
        }
        if view == .persona || view == .all {
            fields.append(("corpus", .object([
                ("matrix", split(s.matrix)),
                ("ranking", .array(s.ranking.map { .object([("tool", .string($0.tool)), ("ship_pct", .int($0.shipPct)), ("quotes", .int($0.quotes)),
                                                            ("decided", .int($0.decided)), ("thin", .bool($0.thin))]) })),
                ("disagreements", .array(s.disagreements.map { .object([("tool", .string($0.tool)), ("page", .string($0.panel.page)),
                                                                        ("stated_ship_pct", .optional($0.panel.statedShipPct)),
                                                                        ("computed_ship_pct", .optional($0.panel.computedShipPct)),
                                                                        ("items", .array($0.panel.disagreements.map(ReportJSON.disagreement)))]) })),
                ("top_competitors", .array(s.topCompetitors.map { .object([("name", .string($0.name)), ("quotes", .int($0.quotes))]) })),
                ("top_risks", .array(s.topRisks.map { .object([("category", .string($0.category)), ("count", .int($0.count))]) })),
            ])))
        }
        fields.append(("cut_off", .array(s.cutOff.map(ReportJSON.diagnostic))))
        return JSON.object(fields).serialized()
    }

    // MARK: csv

    /// One row per tool × persona, one value per cell; every text cell defused for
    /// spreadsheets. A tool's stated % over its pages is given as min and max.
    public static func csv(_ s: Summary) -> String {
        var out = "tool,persona,ship,skip,unknown,quotes,tool_computed_ship_pct,tool_panels,tool_stated_ship_pct_min,tool_stated_ship_pct_max\r\n"
        for t in s.tools {
            let stated = t.panels.compactMap(\.statedShipPct)
            for row in t.byPersona {
                let computed: String = t.counts.shipPct.map { String($0) } ?? ""
                let low: String = stated.min().map { String($0) } ?? ""
                let high: String = stated.max().map { String($0) } ?? ""
                var cells: [String] = [Sanitize.csvField(t.name), Sanitize.csvField(row.persona)]
                cells += [String(row.counts.ship), String(row.counts.skip), String(row.counts.unknown), String(row.counts.total)]
                cells += [computed, String(t.panels.count), low, high]
                out += cells.joined(separator: ",") + "\r\n"
            }
        }
        return out
    }
}
