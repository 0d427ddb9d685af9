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
    }

    private var pages: [PageReport] = []
    private var toolOrder: [String] = []
    private var tools: [String: ToolEntry] = [:]

    init(rules: RuleSet, options: AnalyzeOptions) {
        self.rules = rules
        self.options = options
    }

    mutating func add(_ analyzed: CorpusAnalyzer.AnalyzedPage) {
        let page = analyzed.page
        var diagnostics = page.diagnostics
        for (quote, analysis) in zip(page.quotes, analyzed.analyses) {
            if let note = analysis.limitNote {
                diagnostics.append(Diagnostic(.warning, file: page.path, line: quote.line, column: quote.column, code: "engine.limit",
                                              "quote \(quote.index): a rule scan hit a PCRE2 limit (\(note)); the quote is classified on what was found before it"))
            }
        }
        pages.append(PageReport(path: page.path, layout: page.layout, title: page.title, tools: page.tools.map(\.name),
                                quoteCount: page.quotes.count, truncated: page.truncated, diagnostics: diagnostics.sorted()))

        for (t, card) in page.tools.enumerated() {
            let key = Names.key(card.name)
            guard !key.isEmpty else { continue }
            if tools[key] == nil { toolOrder.append(key) }
            // Taken out of the dictionary while it changes, so its quotes are never copied.
            var entry = tools.removeValue(forKey: key) ?? ToolEntry(report: ToolReport(name: card.name, panels: [], quotes: []))
            entry.report.category = entry.report.category ?? card.category
            entry.report.tagline = entry.report.tagline ?? card.tagline
            entry.report.entry = entry.report.entry ?? card.entry
            entry.report.community = entry.report.community ?? card.community
            entry.report.pricing = entry.report.pricing ?? card.pricing

            var panel = PanelReport(page: page.path, statedShipPct: card.statedShipPct, statedText: card.panelText,
                                    computedShipPct: nil, ship: 0, skip: 0, unknown: 0, consistent: nil)
            for (quote, analysis) in zip(page.quotes, analyzed.analyses) where quote.toolIndex == t {
                switch analysis.stance.label {
                case rules.stanceLabels.first: panel.ship += 1
                case Decision.unknown: panel.unknown += 1
                default: panel.skip += 1
                }
                let occurrence = Occurrence(page: page.path, index: quote.index, line: quote.line, column: quote.column,
                                            slot: quote.slot, stated: quote.stated)
                if entry.quotes[quote.text] == nil {
                    entry.quoteOrder.append(quote.text)
                    entry.quotes[quote.text] = QuoteEntry(analysis: analysis, occurrences: [], truncated: quote.truncated)
                }
                entry.quotes[quote.text]!.occurrences.append(occurrence)
            }
            let total = panel.ship + panel.skip + panel.unknown
            if total > 0 {
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
            entry.report.panels.append(panel)
            tools[key] = entry
        }
    }

    func build(inputDiagnostics: [Diagnostic], analyzer: Analyzer) -> Report {
        let toolReports: [ToolReport] = toolOrder.map { key in
            let entry = tools[key]!
            var report = entry.report
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
        return Report(pages: pages, tools: toolReports, inputDiagnostics: inputDiagnostics,
                      personaLabels: rules.personaLabels, stanceLabels: rules.stanceLabels, slotPrior: options.slotPrior)
    }
}

/// Stable quote ids: FNV-1a over the text's UTF-8.
public enum QuoteID {
    public static func make(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "q" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
