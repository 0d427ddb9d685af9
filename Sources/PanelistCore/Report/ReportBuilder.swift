/// Folds analysed pages, one at a time and in order, into per-tool aggregates.
/// A tool seen on several pages is one entry; identical text about a tool is one quote.
struct ReportBuilder {
    let rules: RuleSet
    let options: AnalyzeOptions

    private struct QuoteEntry {
        var analysis: QuoteAnalysis
        var occurrences: [Occurrence]
        var truncated: Bool
    }

    private struct ToolEntry {
        var report: ToolReport
        var quoteOrder: [String] = []
        var quotes: [String: QuoteEntry] = [:]
        var fields = FieldNotes()
    }

    private var pages: [PageReport] = []
    private var pageIndex: [String: Int] = [:]
    private var toolOrder: [String] = []
    private var tools: [String: ToolEntry] = [:]

    init(rules: RuleSet, options: AnalyzeOptions) {
        self.rules = rules
        self.options = options
    }

    mutating func add(_ analyzed: CorpusAnalyzer.AnalyzedPage) {
        let page = analyzed.page
        pageIndex[page.path] = pages.count
        pages.append(Self.pageReport(analyzed))

        for (t, card) in page.tools.enumerated() {
            let key = Names.key(card.name)
            guard !key.isEmpty else { continue }
            if tools[key] == nil { toolOrder.append(key) }
            // Taken out of the dictionary while it changes, so its quotes are never copied.
            var entry = tools.removeValue(forKey: key) ?? ToolEntry(report: ToolReport(name: card.name, panels: [], quotes: []))
            entry.fields.note(card, page: page.path)
            entry.report.panels.append(panel(of: t, in: analyzed) { quote, analysis in
                let occurrence = Occurrence(page: page.path, index: quote.index, line: quote.line, column: quote.column,
                                            slot: quote.slot, stated: quote.stated)
                if entry.quotes[quote.text] == nil {
                    entry.quoteOrder.append(quote.text)
                    entry.quotes[quote.text] = QuoteEntry(analysis: analysis, occurrences: [], truncated: quote.truncated)
                }
                entry.quotes[quote.text]!.occurrences.append(occurrence)
            })
            tools[key] = entry
        }
    }

    /// A page's entry in the report: its diagnostics, plus one for each quote the
    /// per-tool report cannot hold (conservation) and each scan that hit a limit.
    static func pageReport(_ analyzed: CorpusAnalyzer.AnalyzedPage) -> PageReport {
        let page = analyzed.page
        // Conservation: a quote the per-tool report cannot hold is named, never dropped in silence.
        var diagnostics = page.diagnostics + Conservation.unreported(page)
        for (quote, analysis) in zip(page.quotes, analyzed.analyses) {
            if let note = analysis.limitNote {
                diagnostics.append(Diagnostic(.warning, file: page.path, line: quote.line, column: quote.column, code: "engine.limit",
                                              "quote \(quote.index): a rule scan hit a PCRE2 limit (\(note)); the quote is classified on what was found before it"))
            }
        }
        return PageReport(path: page.path, layout: page.layout, title: page.title, tools: page.tools.map(\.name),
                          quoteCount: page.quotes.count, truncated: page.truncated, diagnostics: diagnostics.sorted())
    }

    /// The panel of the page's `t`-th tool card, reconciled with what the page states;
    /// `each` receives every quote about that tool, in page order.
    func panel(of t: Int, in analyzed: CorpusAnalyzer.AnalyzedPage, each: (Quote, QuoteAnalysis) -> Void) -> PanelReport {
        let page = analyzed.page
        let card = page.tools[t]
        var panel = PanelReport(page: page.path, statedShipPct: card.statedShipPct, statedText: card.panelText,
                                computedShipPct: nil, ship: 0, skip: 0, unknown: 0, consistent: nil)
        panel.stated = StatedValues(card)
        panel.line = FieldNotes.cardLine(card)
        for (quote, analysis) in zip(page.quotes, analyzed.analyses) where quote.toolIndex == t {
            switch analysis.stance.label {
            case rules.stanceLabels.first: panel.ship += 1
            case Decision.unknown: panel.unknown += 1
            default: panel.skip += 1
            }
            reconcile(quote, analysis, page: page.path, into: &panel)
            each(quote, analysis)
        }
        let total = panel.ship + panel.skip + panel.unknown
        // All `unknown`: no computed % at all, rather than 0%.
        if panel.decided > 0 {
            panel.computedShipPct = Int((100 * Double(panel.ship) / Double(total)).rounded())
            // A cut-off page lost quotes: its computed % says nothing about the stated one.
            // An `unknown` quote is neither ship nor skip: the panel agrees when the stated % is what the
            // decided quotes give, disagrees when no outcome of the unknown ones could give it, and is
            // undetermined (nil) otherwise.
            if !page.truncated, let stated = panel.statedShipPct {
                if panel.unknown == 0 {
                    panel.consistent = stated == panel.computedShipPct
                } else {
                    let reachable = (panel.ship...(panel.ship + panel.unknown)).map { Int((100 * Double($0) / Double(total)).rounded()) }
                    panel.consistent = reachable.contains(stated) ? nil : false
                }
            }
        }
        if !page.truncated { reconcileCounts(&panel) }
        return panel
    }

    /// A reviewer's stated verdict against the engine's stance for the quote. An
    /// `unknown` stance is no disagreement; a stated word that is no stance label is not compared.
    private func reconcile(_ quote: Quote, _ analysis: QuoteAnalysis, page: String, into panel: inout PanelReport) {
        guard let stated = quote.stated?.stance?.lowercased(), rules.stanceLabels.contains(stated),
              analysis.stance.label != Decision.unknown else { return }
        if stated == analysis.stance.label { panel.verdictsAgreeing += 1; return }
        let evidence = analysis.stance.evidence.filter { $0.label == analysis.stance.label && $0.weight != 0 }
            .sorted { abs($0.weight) > abs($1.weight) }.prefix(5).map { "\($0.rule): “\(Sanitize.oneLine($0.text))”" }
        panel.disagreements.append(Disagreement(
            kind: .verdict, page: page, line: quote.line, stated: stated,
            computed: "\(analysis.stance.label) (\(String(format: "%.2f", analysis.stance.confidence)))",
            quote: QuoteID.make(quote.text), index: quote.index, reviewer: quote.stated?.reviewer, evidence: Array(evidence)))
    }

    /// The stated % and counts against the computed split. Unknown quotes could go either way:
    /// a stated value no outcome of them could give disagrees; one some outcome gives is left open.
    private func reconcileCounts(_ panel: inout PanelReport) {
        let counts = "\(panel.ship) ship / \(panel.skip) skip" + (panel.unknown > 0 ? " / \(panel.unknown) unknown" : "")
        if panel.consistent == false, let stated = panel.statedShipPct {
            panel.disagreements.insert(Disagreement(kind: .percent, page: panel.page, line: panel.line, stated: "\(stated)%",
                computed: panel.computedShipPct.map { "\($0)%" } ?? "n/a", evidence: [counts]), at: 0)
        }
        guard let split = panel.stated.split else { return }
        let total = panel.ship + panel.skip + panel.unknown
        if split.ship + split.skip != total || split.ship < panel.ship || split.skip < panel.skip {
            panel.splitConsistent = false
        } else {
            panel.splitConsistent = panel.unknown == 0 ? true : nil
        }
        if panel.splitConsistent == false {
            panel.disagreements.insert(Disagreement(kind: .split, page: panel.page, line: split.line > 0 ? split.line : panel.line,
                stated: "\(split.ship) ship / \(split.skip) skip", computed: counts, evidence: [counts]), at: 0)
        }
    }

    func build(inputDiagnostics: [Diagnostic], analyzer: Analyzer) -> Report {
        let toolReports: [ToolReport] = toolOrder.map { key in
            let entry = tools[key]!
            var report = entry.report
            report.category = entry.fields.common(.category)
            report.tagline = entry.fields.common(.tagline)
            report.entry = entry.fields.common(.entry)
            report.community = entry.fields.common(.community)
            report.pricing = entry.fields.common(.pricing)
            report.quotes = entry.quoteOrder.map { text in
                let q = entry.quotes[text]!
                let slots = options.slotPrior ? q.occurrences.map(\.slot) : nil
                return QuoteReport(id: QuoteID.make(text), text: text, occurrences: q.occurrences,
                                   persona: analyzer.decidePersona(q.analysis, slots: slots), stance: q.analysis.stance,
                                   risks: q.analysis.risks, competitors: q.analysis.competitors,
                                   limitNote: q.analysis.limitNote, truncated: q.truncated)
            }
            return report
        }
        var pages = self.pages
        for key in toolOrder {
            let entry = tools[key]!
            for diagnostic in entry.fields.conflicts(tool: entry.report.name) {
                if let k = pageIndex[diagnostic.file] {
                    pages[k].diagnostics.append(diagnostic)
                    pages[k].diagnostics.sort()
                }
            }
        }
        return Report(pages: pages, tools: toolReports, inputDiagnostics: inputDiagnostics,
                      personaLabels: rules.personaLabels, stanceLabels: rules.stanceLabels, slotPrior: options.slotPrior)
    }
}

/// What the pages state about one tool, field by field, for the tool's most common
/// values and the conflicts between pages. Kept flat (a few bytes and the values per
/// page), since a corpus may have hundreds of thousands of tools.
struct FieldNotes {
    enum Field: UInt8, CaseIterable {
        case category, tagline, entry, community, pricing, description
        var name: String { String(describing: self) }
    }
    /// Fields whose disagreement between pages is a diagnostic, and its severity.
    static let conflictFields: [(field: Field, severity: Severity)] = [(.entry, .warning), (.tagline, .info), (.description, .info)]

    private var notes: [(field: Field, value: String, path: String, line: Int32)] = []

    static func cardLine(_ card: ToolCard) -> Int { max(card.nameLine, card.panelLine, 1) }

    mutating func note(_ card: ToolCard, page: String) {
        let line = Int32(clamping: Self.cardLine(card))
        for (field, value) in [(Field.category, card.category), (.tagline, card.tagline), (.entry, card.entry),
                               (.community, card.community), (.pricing, card.pricing), (.description, card.description)] {
            guard let value, !value.isEmpty else { continue }
            notes.append((field, value, page, line))
        }
    }

    /// Each value stated for `field` and the pages (with the card's line) stating it, in first-seen order.
    private func values(_ field: Field) -> [(value: String, pages: [(path: String, line: Int)])] {
        var list: [(value: String, pages: [(path: String, line: Int)])] = []
        for note in notes where note.field == field {
            if let k = list.firstIndex(where: { $0.value == note.value }) { list[k].pages.append((note.path, Int(note.line))) } else { list.append((note.value, [(note.path, Int(note.line))])) }
        }
        return list
    }

    /// The value most pages state (the first seen on a tie).
    func common(_ field: Field) -> String? { Self.common(values(field)) }

    private static func common(_ list: [(value: String, pages: [(path: String, line: Int)])]) -> String? {
        guard !list.isEmpty else { return nil }
        var best = list[0]
        for item in list.dropFirst() where item.pages.count > best.pages.count { best = item }
        return best.value
    }

    /// A field stated differently on different pages: one diagnostic on each page
    /// that differs from the most common value, naming a page that states it.
    func conflicts(tool: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (field, severity) in Self.conflictFields {
            let list = values(field)
            guard list.count > 1, let common = Self.common(list),
                  let majority = list.first(where: { $0.value == common }) else { continue }
            let pagesWith = majority.pages.count, all = list.reduce(0) { $0 + $1.pages.count }
            for item in list where item.value != common {
                for (path, line) in item.pages {
                    out.append(Diagnostic(severity, file: path, line: line, code: "report.conflict",
                        "\(Sanitize.oneLine(tool)): \(field.name) '\(Self.short(item.value))' here, but '\(Self.short(common))' on \(majority.pages[0].path)"
                        + " (\(pagesWith) of \(all) \(all == 1 ? "page" : "pages")); the tool's \(field.name) is the most common value, kept per page in its panels"))
                }
            }
        }
        return out
    }

    static func short(_ s: String) -> String {
        let line = Sanitize.oneLine(s)
        return line.count <= 60 ? line : String(line.prefix(59)) + "…"
    }
}

/// Stable quote ids: FNV-1a over the text's UTF-8.
public enum QuoteID {
    public static func make(_ text: String) -> String { make(hash: hash(text)) }

    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func make(hash: UInt64) -> String {
        let hex = String(hash, radix: 16)
        return "q" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
