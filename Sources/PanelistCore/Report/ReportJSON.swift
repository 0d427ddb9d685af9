/// `panelist.report/1`: the report as JSON, documented in docs/report.schema.json.
public enum ReportJSON {
    public static let schema = "panelist.report/1"

    public static func render(_ report: Report) -> String {
        JSON.object([
            ("schema", .string(schema)),
            ("slot_prior", .bool(report.slotPrior)),
            ("pages", .array(report.pages.map(page))),
            ("tools", .array(report.tools.map { tool($0, report: report) })),
            ("diagnostics", .array(report.diagnostics.map(diagnostic))),
        ]).serialized()
    }

    /// The same bytes as `render`, written a page and a tool at a time: the
    /// whole document never exists as one tree or one string.
    public static func write(_ report: Report, to out: ByteOutput) {
        func value(_ v: JSON, indent: Int) {
            var s = ""
            v.write(to: &s, indent: indent)
            out.append(s)
        }
        func array<T>(_ items: [T], _ make: (T) -> JSON) {
            if items.isEmpty { out.append("[]"); return }
            out.append("[\n")
            for (i, item) in items.enumerated() {
                out.append("    ")
                value(make(item), indent: 2)
                out.append(i + 1 < items.count ? ",\n" : "\n")
                out.flushIfFull()
            }
            out.append("  ]")
        }
        out.append("{\n  \"schema\": ")
        value(.string(schema), indent: 1)
        out.append(",\n  \"slot_prior\": ")
        value(.bool(report.slotPrior), indent: 1)
        out.append(",\n  \"pages\": ")
        array(report.pages, page)
        out.append(",\n  \"tools\": ")
        array(report.tools) { tool($0, report: report) }
        out.append(",\n  \"diagnostics\": ")
        array(report.diagnostics, diagnostic)
        out.append("\n}\n")
    }

    static func page(_ p: PageReport) -> JSON {
        .object([
            ("path", .string(p.path)),
            ("layout", .string(p.layout.rawValue)),
            ("title", .optional(p.title)),
            ("tools", .array(p.tools.map(JSON.string))),
            ("quotes", .int(p.quoteCount)),
            ("truncated", .bool(p.truncated)),
            ("diagnostics", .array(p.diagnostics.map(diagnostic))),
        ])
    }

    public static func diagnostic(_ d: Diagnostic) -> JSON {
        .object([
            ("file", .string(d.file)), ("line", .int(d.line)), ("column", .int(d.column)),
            ("severity", .string(d.severity.rawValue)), ("code", .string(d.code)), ("message", .string(d.message)),
        ])
    }

    static func tool(_ t: ToolReport, report: Report) -> JSON {
        .object([
            ("name", .string(t.name)),
            ("category", .optional(t.category)),
            ("tagline", .optional(t.tagline)),
            ("entry", .optional(t.entry)),
            ("community", .optional(t.community)),
            ("pricing", .optional(t.pricing)),
            ("panels", .array(t.panels.map(panel))),
            ("split", .object(t.split(personas: report.personaLabels, stances: report.stanceLabels).map { row in
                (row.persona, .object(row.counts.map { ($0.stance, .int($0.count)) }))
            })),
            ("risk_categories", .array(ToolAggregates.risks(t).map { group in
                .object([("category", .string(group.category)), ("count", .int(group.count)),
                         ("quotes", .array(group.quotes.map(JSON.string)))])
            })),
            ("top_competitors", .array(ToolAggregates.competitors(t).map { c in
                .object([("name", .string(c.name)), ("kind", .string(c.kind)), ("quotes", .int(c.quotes))])
            })),
            ("quotes", .array(t.quotes.map(quote))),
        ])
    }

    static func panel(_ p: PanelReport) -> JSON {
        .object([
            ("page", .string(p.page)),
            ("stated_ship_pct", .optional(p.statedShipPct)),
            ("computed_ship_pct", .optional(p.computedShipPct)),
            ("ship", .int(p.ship)), ("skip", .int(p.skip)), ("unknown", .int(p.unknown)),
            ("consistent", .optional(p.consistent)),
            ("stated", stated(p.stated)),
            ("split_consistent", .optional(p.splitConsistent)),
            ("verdicts_agreeing", .int(p.verdictsAgreeing)),
            ("disagreements", .array(p.disagreements.map(disagreement))),
        ])
    }

    /// What the page states about the tool: never the engine's answer.
    public static func stated(_ s: StatedValues) -> JSON {
        .object([
            ("badge", .optional(s.badge)),
            ("badge_score", s.badgeScore.map(JSON.double) ?? .null),
            ("verdict", .optional(s.verdict)),
            ("split", s.split.map { .object([("ship", .int($0.ship)), ("skip", .int($0.skip))]) } ?? .null),
            ("community", .optional(s.community)),
            ("pricing", .optional(s.pricing)),
            ("best_for", .optional(s.bestFor)),
            ("category", .optional(s.category)),
            ("entry", .optional(s.entry)),
            ("tagline", .optional(s.tagline)),
            ("description", .optional(s.description)),
            ("reviewed", .optional(s.reviewed)),
        ])
    }

    public static func disagreement(_ d: Disagreement) -> JSON {
        .object([
            ("kind", .string(d.kind.rawValue)), ("page", .string(d.page)), ("line", .int(d.line)),
            ("stated", .string(d.stated)), ("computed", .string(d.computed)),
            ("quote", .optional(d.quote)), ("index", .optional(d.index)), ("reviewer", .optional(d.reviewer)),
            ("evidence", .array(d.evidence.map(JSON.string))),
        ])
    }

    public static func quote(_ q: QuoteReport) -> JSON {
        .object([
            ("id", .string(q.id)),
            ("text", .string(q.text)),
            ("truncated", .bool(q.truncated)),
            ("occurrences", .array(q.occurrences.map { occurrence($0, stance: q.stance.label) })),
            ("persona", decision(q.persona)),
            ("stance", decision(q.stance)),
            ("risks", .array(q.risks.map(risk))),
            ("competitors", .array(q.competitors.map(competitor))),
        ])
    }

    /// Where a quote occurs, with what its reviewer states and whether the engine's `stance` agrees.
    static func occurrence(_ o: Occurrence, stance: String) -> JSON {
        var fields: [(String, JSON)] = [("page", .string(o.page)), ("index", .int(o.index)),
                                        ("line", .int(o.line)), ("column", .int(o.column))]
        if let s = o.stated {
            var stated: [(String, JSON)] = [("reviewer", .string(s.reviewer)), ("score", .optional(s.score)),
                                            ("stance", .optional(s.stance))]
            if let perspective = s.perspective { stated.append(("perspective", .string(perspective))) }
            if let word = s.stance?.lowercased(), stance != Decision.unknown, ["ship", "skip"].contains(word) {
                stated.append(("agrees", .bool(word == stance)))
            }
            fields.append(("stated", .object(stated)))
        }
        return .object(fields)
    }

    public static func decision(_ d: Decision) -> JSON {
        .object([
            ("label", .string(d.label)),
            ("confidence", .double(d.confidence)),
            ("scores", .object(d.scores.map { ($0.label, .double($0.score)) })),
            ("evidence", .array(d.evidence.map(evidence))),
        ])
    }

    static func evidence(_ e: Evidence) -> JSON {
        var fields: [(String, JSON)] = [
            ("rule", .string(e.rule)), ("label", .string(e.label)), ("weight", .double(e.weight)),
            ("span", e.span.map { .array([.int($0.lowerBound), .int($0.upperBound)]) } ?? .null),
            ("text", .string(e.text)),
        ]
        if !e.modifiers.isEmpty { fields.append(("modifiers", .array(e.modifiers.map(JSON.string)))) }
        return .object(fields)
    }

    public static func risk(_ r: RiskClaim) -> JSON {
        .object([
            ("text", .string(r.text)), ("span", .array([.int(r.span.lowerBound), .int(r.span.upperBound)])),
            ("category", .string(r.category)), ("horizon", .optional(r.horizon)), ("conditional", .bool(r.conditional)),
            ("actors", .array(r.actors.map(JSON.string))), ("rules", .array(r.rules.map(JSON.string))),
        ])
    }

    public static func competitor(_ c: CompetitorMention) -> JSON {
        .object([
            ("name", .string(c.name)), ("surface", .string(c.surface)),
            ("span", .array([.int(c.span.lowerBound), .int(c.span.upperBound)])),
            ("kind", .string(c.kind)), ("source", .string(c.source)), ("rule", .string(c.rule)),
        ])
    }
}

/// Per-tool roll-ups of risks and competitors, shared by every printer.
public enum ToolAggregates {
    public struct RiskGroup { public var category: String; public var count: Int; public var quotes: [String] }
    public struct CompetitorCount { public var name: String; public var kind: String; public var quotes: Int }

    /// Categories by number of claims (then name), with the quotes they come from.
    public static func risks(_ tool: ToolReport) -> [RiskGroup] {
        var groups: [String: RiskGroup] = [:]
        for q in tool.quotes {
            for r in q.risks {
                var g = groups[r.category] ?? RiskGroup(category: r.category, count: 0, quotes: [])
                g.count += 1
                if !g.quotes.contains(q.id) { g.quotes.append(q.id) }
                groups[r.category] = g
            }
        }
        return groups.values.sorted { ($1.count, $0.category) < ($0.count, $1.category) }
    }

    /// Competitors by the number of distinct quotes naming them (then name).
    public static func competitors(_ tool: ToolReport) -> [CompetitorCount] {
        var counts: [String: CompetitorCount] = [:]
        for q in tool.quotes {
            for name in Set(q.competitors.map(\.name)) {
                let kind = q.competitors.first { $0.name == name }?.kind ?? ""
                counts[name, default: CompetitorCount(name: name, kind: kind, quotes: 0)].quotes += 1
            }
        }
        return counts.values.sorted { ($1.quotes, $0.name) < ($0.quotes, $1.name) }
    }
}
