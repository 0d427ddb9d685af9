/// Stance counts: how many quotes would ship, skip, or could not be decided.
public struct StanceCounts: Sendable, Equatable {
    public var ship = 0
    public var skip = 0
    public var unknown = 0
    public var total: Int { ship + skip + unknown }
    /// Quotes with a ship or skip stance.
    public var decided: Int { ship + skip }
    /// Share of decided and undecided quotes that ship, as a whole percentage;
    /// nil when no quote is decided (all `unknown` gives no %, not 0%).
    public var shipPct: Int? { decided == 0 ? nil : Int((100 * Double(ship) / Double(total)).rounded()) }
    /// `75%`, `n/a (1 unknown)`, or `—` with no quotes.
    public var pctText: String {
        if let shipPct { return "\(shipPct)%" }
        return unknown > 0 ? "n/a (\(unknown) unknown)" : "—"
    }

    mutating func add(_ label: String, shipLabel: String?) {
        if label == shipLabel { ship += 1 } else if label == Decision.unknown { unknown += 1 } else { skip += 1 }
    }
}

/// The "which one should you ship with?" view of a report, at three levels.
public struct Summary: Sendable {
    public struct Dissent: Sendable {
        public var persona: String
        public var stance: String
        /// The sentence holding the strongest cue for the quote's stance.
        public var sentence: String
        public var page: String
        public var index: Int
    }

    public struct ToolSummary: Sendable {
        public var name: String
        public var entry: String?
        public var pricing: String?
        public var counts: StanceCounts
        public var byPersona: [(persona: String, counts: StanceCounts)]
        public var panels: [PanelReport]
        public var dissents: [Dissent]
        public var topRisks: [(category: String, count: Int)]
        public var topCompetitors: [(name: String, quotes: Int)]
    }

    public struct Side: Sendable {
        public var tool: String
        public var statedShipPct: Int?
        /// The counts the page states (a Decision block's or a tool page's split).
        public var statedSplit: StatedSplit? = nil
        public var counts: StanceCounts
        public var byPersona: [(persona: String, counts: StanceCounts)]
        public var entry: String?
        public var pricing: String?
    }

    public struct PageSummary: Sendable {
        public var path: String
        public var title: String?
        public var sides: [Side]
        public var verdict: String
        /// Personas whose reviewers land differently on the two tools.
        public var differing: [String]
    }

    public var personas: [String]
    public var stances: [String]
    public var tools: [ToolSummary]
    public var pages: [PageSummary]
    /// persona → stance counts over every distinct quote.
    public var matrix: [(persona: String, counts: StanceCounts)]
    /// Tools by computed ship %, highest first; tools resting on fewer than
    /// `minDecided` decided quotes come last, marked thin.
    public var ranking: [(tool: String, shipPct: Int, quotes: Int, decided: Int, thin: Bool)]
    public static let minDecided = 3
    /// Panels with a stated value their quotes do not bear out (%, counts, a reviewer's verdict).
    public var disagreements: [(tool: String, panel: PanelReport)]
    /// The cut-off warnings of the pages summarised.
    public var cutOff: [Diagnostic]
    public var topCompetitors: [(name: String, quotes: Int)]
    public var topRisks: [(category: String, count: Int)]

    public init(_ report: Report) {
        personas = report.personaLabels
        stances = report.stanceLabels
        let shipLabel = report.stanceLabels.first
        let personaRows = report.personaLabels + [Decision.unknown]
        func split(_ quotes: [QuoteReport]) -> [(persona: String, counts: StanceCounts)] {
            personaRows.map { p in
                var c = StanceCounts()
                for q in quotes where q.persona.label == p { c.add(q.stance.label, shipLabel: shipLabel) }
                return (p, c)
            }.filter { $0.persona != Decision.unknown || $0.counts.total > 0 }
        }
        func counts(_ quotes: [QuoteReport]) -> StanceCounts {
            var c = StanceCounts()
            for q in quotes { c.add(q.stance.label, shipLabel: shipLabel) }
            return c
        }

        tools = report.tools.map { tool in
            let c = counts(tool.quotes)
            let majority = c.ship >= c.skip ? shipLabel : report.stanceLabels.last
            let dissents = tool.quotes.filter { $0.stance.label != majority && $0.stance.label != Decision.unknown }.map { q in
                Dissent(persona: q.persona.label, stance: q.stance.label, sentence: Summary.carryingSentence(q),
                        page: q.occurrences.first?.page ?? "", index: q.occurrences.first?.index ?? 0)
            }
            return ToolSummary(name: tool.name, entry: tool.entry, pricing: tool.pricing, counts: c, byPersona: split(tool.quotes),
                               panels: tool.panels, dissents: dissents,
                               topRisks: ToolAggregates.risks(tool).map { ($0.category, $0.count) },
                               topCompetitors: ToolAggregates.competitors(tool).map { ($0.name, $0.quotes) })
        }

        let byName = Dictionary(report.tools.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        pages = report.pages.filter { !$0.tools.isEmpty }.map { page in
            let sides: [Side] = page.tools.map { name in
                let tool = byName[name]
                let quotes = tool?.quotes.filter { q in q.occurrences.contains { $0.page == page.path } } ?? []
                let panel = tool?.panels.first { $0.page == page.path }
                var side = Side(tool: name, statedShipPct: panel?.statedShipPct, counts: counts(quotes), byPersona: split(quotes),
                                entry: tool?.entry, pricing: tool?.pricing)
                side.statedSplit = panel?.stated.split
                return side
            }
            var differing: [String] = []
            if sides.count == 2 {
                for p in report.personaLabels {
                    let a = sides[0].byPersona.first { $0.persona == p }?.counts ?? StanceCounts()
                    let b = sides[1].byPersona.first { $0.persona == p }?.counts ?? StanceCounts()
                    if a.total > 0, b.total > 0, (a.ship > 0) != (b.ship > 0) || (a.skip > 0) != (b.skip > 0) { differing.append(p) }
                }
            }
            return PageSummary(path: page.path, title: page.title, sides: sides, verdict: Summary.verdict(sides, differing: differing), differing: differing)
        }

        let all = report.tools.flatMap(\.quotes)
        matrix = split(all)
        ranking = tools.compactMap { t in
            t.counts.shipPct.map { (t.name, $0, t.counts.total, t.counts.decided, t.counts.decided < Summary.minDecided) }
        }.sorted { a, b in
            a.thin != b.thin ? !a.thin : a.shipPct != b.shipPct ? a.shipPct > b.shipPct : a.decided != b.decided ? a.decided > b.decided : a.tool < b.tool
        }
        disagreements = report.tools.flatMap { t in
            t.panels.filter { $0.consistent == false || !$0.disagreements.isEmpty }.map { (t.name, $0) }
        }
        cutOff = report.diagnostics.filter { $0.code == "reader.truncated" || $0.code == "reader.truncated-quote" }
        var competitorCounts: [String: Int] = [:], riskCounts: [String: Int] = [:]
        for t in tools {
            for c in t.topCompetitors { competitorCounts[c.name, default: 0] += c.quotes }
            for r in t.topRisks { riskCounts[r.category, default: 0] += r.count }
        }
        topCompetitors = competitorCounts.map { ($0.key, $0.value) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        topRisks = riskCounts.map { ($0.key, $0.value) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
    }

    /// What the page states for a side: its % or, without one, its counts.
    public static func statedText(_ side: Side) -> String {
        if let pct = side.statedShipPct { return "\(pct)%" }
        if let split = side.statedSplit { return "\(split.ship)–\(split.skip)" }
        return "—"
    }

    /// The persona with the highest share of skips, if any persona skips.
    public var mostSkipping: (persona: String, share: Int)? {
        let rows = matrix.filter { $0.persona != Decision.unknown && $0.counts.total > 0 && $0.counts.skip > 0 }
        guard let top = rows.max(by: { Double($0.counts.skip) / Double($0.counts.total) < Double($1.counts.skip) / Double($1.counts.total) }) else { return nil }
        return (top.persona, Int((100 * Double(top.counts.skip) / Double(top.counts.total)).rounded()))
    }

    /// "Cursor: 3 of 4 would ship; Aider: 3 of 4. A tie; they differ on futurist."
    static func verdict(_ sides: [Side], differing: [String]) -> String {
        guard sides.count == 2 else {
            return sides.first.map { "\($0.tool): \($0.counts.ship) of \($0.counts.total) reviewers would ship" } ?? "no reviewers"
        }
        let (a, b) = (sides[0], sides[1])
        let share = { (s: Side) in s.counts.total == 0 ? 0 : Double(s.counts.ship) / Double(s.counts.total) }
        var line: String
        if a.counts.total == 0 || b.counts.total == 0 {
            line = "not enough quotes to compare"
        } else if share(a) == share(b) {
            line = "a tie: \(a.counts.ship) of \(a.counts.total) would ship each"
        } else {
            let (win, lose) = share(a) > share(b) ? (a, b) : (b, a)
            line = "more reviewers would ship \(win.tool) (\(win.counts.ship) of \(win.counts.total)) than \(lose.tool) (\(lose.counts.ship) of \(lose.counts.total))"
        }
        line += differing.isEmpty ? "; the personas agree" : "; they differ on \(differing.joined(separator: ", "))"
        return line
    }

    /// The sentence that carries the quote's stance: where its strongest cue for that stance stands.
    static func carryingSentence(_ q: QuoteReport) -> String {
        let cue = q.stance.evidence.filter { $0.label == q.stance.label && $0.span != nil }.max { $0.weight < $1.weight }
        let scalars = Array(q.text.unicodeScalars)
        let text = q.text
        let index = PCRE2TextIndexBridge.scalarSentences(text)
        guard let at = cue?.span?.lowerBound, let sentence = index.first(where: { $0.contains(at) }) ?? index.last else {
            return text
        }
        return String(String.UnicodeScalarView(scalars[sentence]))
    }
}

import PCRE2

/// Sentences as Unicode scalar ranges, to line up with evidence spans.
enum PCRE2TextIndexBridge {
    static func scalarSentences(_ text: String) -> [Range<Int>] {
        let index = TextIndex(text)
        return SentenceSplitter.sentences(in: text).map { index.scalarOffset(ofByte: $0.lowerBound)..<index.scalarOffset(ofByte: $0.upperBound) }
    }
}
