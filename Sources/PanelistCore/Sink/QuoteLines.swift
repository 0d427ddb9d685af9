/// How much of the evidence behind each label a record carries.
public enum EvidenceDetail: String, Sendable, CaseIterable {
    /// Labels and confidences only.
    case none
    /// Plus the scores and each rule that counted, with its weight.
    case rules
    /// Plus where each rule fired (scalar offsets) and the words it matched.
    case spans
}

/// `panelist.quotes/1`: JSON Lines, written as pages are analysed, in input order.
/// Per page one `page` record, then one `quote` record per quote occurrence,
/// then one `diagnostic` record per problem on that page. Persona uses the
/// occurrence's own scorecard slot (the per-tool report pools the slots of every
/// occurrence of the same text). Memory stays flat: nothing is kept between pages.
public final class QuoteLinesSink {
    public static let schema = "panelist.quotes/1"
    let out: ByteOutput
    let rules: RuleSet
    let analyzer: Analyzer
    let slotPrior: Bool
    let detail: EvidenceDetail
    public private(set) var errorCount = 0

    public init(out: ByteOutput, rules: RuleSet, slotPrior: Bool, detail: EvidenceDetail) {
        self.out = out
        self.rules = rules
        analyzer = Analyzer(rules: rules)
        self.slotPrior = slotPrior
        self.detail = detail
    }

    /// Problems that belong to no page (a missing path).
    public func receive(diagnostics: [Diagnostic]) {
        for d in diagnostics { diagnostic(d) }
        out.flushIfFull()
    }

    public func receive(_ analyzed: CorpusAnalyzer.AnalyzedPage) {
        let page = analyzed.page
        out.append("{\"type\":\"page\",\"path\":")
        JSONBytes.string(page.path, into: out)
        out.append(",\"layout\":")
        JSONBytes.string(page.layout.rawValue, into: out)
        out.append(",\"title\":")
        optional(page.title)
        out.append(",\"tools\":[")
        for (i, card) in page.tools.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append("{\"name\":")
            JSONBytes.string(card.name, into: out)
            out.append(",\"stated_ship_pct\":")
            if let pct = card.statedShipPct { JSONBytes.int(pct, into: out) } else { out.append("null") }
            out.append("}")
        }
        out.append("],\"quotes\":")
        JSONBytes.int(page.quotes.count, into: out)
        out.append(",\"truncated\":")
        out.append(page.truncated ? "true" : "false")
        out.append("}\n")

        var diagnostics = page.diagnostics
        for (quote, analysis) in zip(page.quotes, analyzed.analyses) {
            record(quote, analysis, page: page)
            if let note = analysis.limitNote {
                diagnostics.append(Diagnostic(.warning, file: page.path, line: quote.line, column: quote.column, code: "engine.limit",
                                              "quote \(quote.index): a rule scan hit a PCRE2 limit (\(note)); the quote is classified on what was found before it"))
            }
        }
        for d in diagnostics.sorted() { diagnostic(d) }
        out.flushIfFull()
    }

    private func record(_ quote: Quote, _ analysis: QuoteAnalysis, page: Page) {
        let persona = analyzer.decidePersona(analysis, slots: slotPrior ? [quote.slot] : nil)
        out.append("{\"type\":\"quote\",\"page\":")
        JSONBytes.string(page.path, into: out)
        out.append(",\"index\":")
        JSONBytes.int(quote.index, into: out)
        out.append(",\"line\":")
        JSONBytes.int(quote.line, into: out)
        out.append(",\"column\":")
        JSONBytes.int(quote.column, into: out)
        out.append(",\"tool\":")
        optional(quote.toolIndex < page.tools.count ? page.tools[quote.toolIndex].name : nil)
        out.append(",\"slot\":")
        JSONBytes.int(quote.slot, into: out)
        out.append(",\"id\":")
        JSONBytes.string(QuoteID.make(quote.text), into: out)
        out.append(",\"text\":")
        JSONBytes.string(quote.text, into: out)
        if quote.truncated { out.append(",\"truncated\":true") }
        if let s = quote.stated {
            out.append(",\"stated\":{\"reviewer\":")
            JSONBytes.string(s.reviewer, into: out)
            out.append(",\"score\":")
            if let score = s.score { JSONBytes.int(score, into: out) } else { out.append("null") }
            out.append(",\"stance\":")
            optional(s.stance)
            out.append("}")
        }
        out.append(",\"persona\":")
        decision(persona)
        out.append(",\"stance\":")
        decision(analysis.stance)
        out.append(",\"risks\":[")
        for (i, r) in analysis.risks.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append("{\"category\":")
            JSONBytes.string(r.category, into: out)
            out.append(",\"horizon\":")
            optional(r.horizon)
            out.append(",\"conditional\":")
            out.append(r.conditional ? "true" : "false")
            if detail != .none {
                out.append(",\"rules\":")
                strings(r.rules)
                out.append(",\"actors\":")
                strings(r.actors)
            }
            if detail == .spans {
                out.append(",\"span\":")
                span(r.span)
                out.append(",\"text\":")
                JSONBytes.string(r.text, into: out)
            }
            out.append("}")
        }
        out.append("],\"competitors\":[")
        for (i, c) in analysis.competitors.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append("{\"name\":")
            JSONBytes.string(c.name, into: out)
            out.append(",\"kind\":")
            JSONBytes.string(c.kind, into: out)
            if detail != .none {
                out.append(",\"source\":")
                JSONBytes.string(c.source, into: out)
                out.append(",\"rule\":")
                JSONBytes.string(c.rule, into: out)
            }
            if detail == .spans {
                out.append(",\"surface\":")
                JSONBytes.string(c.surface, into: out)
                out.append(",\"span\":")
                span(c.span)
            }
            out.append("}")
        }
        out.append("]}\n")
    }

    private func decision(_ d: Decision) {
        out.append("{\"label\":")
        JSONBytes.string(d.label, into: out)
        out.append(",\"confidence\":")
        JSONBytes.double(d.confidence, into: out)
        if detail != .none {
            out.append(",\"scores\":{")
            for (i, s) in d.scores.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONBytes.string(s.label, into: out)
                out.append(UInt8(ascii: ":"))
                JSONBytes.double(s.score, into: out)
            }
            out.append("},\"evidence\":[")
            for (i, e) in d.evidence.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append("{\"rule\":")
                JSONBytes.string(e.rule, into: out)
                out.append(",\"label\":")
                JSONBytes.string(e.label, into: out)
                out.append(",\"weight\":")
                JSONBytes.double(e.weight, into: out)
                if !e.modifiers.isEmpty {
                    out.append(",\"modifiers\":")
                    strings(e.modifiers)
                }
                if detail == .spans {
                    out.append(",\"span\":")
                    if let s = e.span { span(s) } else { out.append("null") }
                    out.append(",\"text\":")
                    JSONBytes.string(e.text, into: out)
                }
                out.append("}")
            }
            out.append("]")
        }
        out.append("}")
    }

    private func diagnostic(_ d: Diagnostic) {
        if d.severity == .error { errorCount += 1 }
        out.append("{\"type\":\"diagnostic\",\"file\":")
        JSONBytes.string(d.file, into: out)
        out.append(",\"line\":")
        JSONBytes.int(d.line, into: out)
        out.append(",\"column\":")
        JSONBytes.int(d.column, into: out)
        out.append(",\"severity\":")
        JSONBytes.string(d.severity.rawValue, into: out)
        out.append(",\"code\":")
        JSONBytes.string(d.code, into: out)
        out.append(",\"message\":")
        JSONBytes.string(d.message, into: out)
        out.append("}\n")
    }

    private func optional(_ s: String?) {
        if let s { JSONBytes.string(s, into: out) } else { out.append("null") }
    }

    private func strings(_ items: [String]) {
        out.append(UInt8(ascii: "["))
        for (i, s) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONBytes.string(s, into: out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private func span(_ r: Range<Int>) {
        out.append(UInt8(ascii: "["))
        JSONBytes.int(r.lowerBound, into: out)
        out.append(UInt8(ascii: ","))
        JSONBytes.int(r.upperBound, into: out)
        out.append(UInt8(ascii: "]"))
    }
}
