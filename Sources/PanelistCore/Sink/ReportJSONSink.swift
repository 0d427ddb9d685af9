/// The per-tool JSON report (`analyze --format json`) in memory that does not grow
/// with the quotes' text: as each page arrives, its panels and each new quote's
/// rendered parts (text, occurrences, evidence) go to a temporary file (`SpillFile`);
/// memory keeps, per tool, the fields pages state, the risk and competitor tallies and,
/// per distinct quote, a few numbers (its hash, where its parts lie, its slots).
/// `write` then streams the report tool by tool, reading the parts back.
///
/// The bytes are `ReportJSON.render(CorpusAnalyzer.run(...))`'s (a test compares
/// them): identical text about a tool is one quote (the hash finds it, the spilled
/// text confirms it), its first analysis stands, and its persona is decided at the
/// end from all its occurrences' slots.
public final class ReportJSONSink {
    private let rules: RuleSet
    private let slotPrior: Bool
    private let builder: ReportBuilder
    private let analyzer: Analyzer
    private let spill: SpillFile
    private var inputDiagnostics: [Diagnostic] = []
    private var pages: [PageReport] = []
    private var pageIndex: [String: Int] = [:]
    private var tools: [ToolState] = []
    private var toolIndex: [String: Int32] = [:]
    /// (tool, text hash) → the tool's first quote with that hash.
    private var quoteIndex: [QuoteKey: Int32] = [:]
    private var scratch: [UInt8] = []

    private struct QuoteKey: Hashable {
        var tool: Int32
        var hash: UInt64
    }

    /// Where a spilled fragment lies.
    private struct Span {
        var offset: Int
        var length: UInt32
        init(_ at: (offset: Int, length: Int)) {
            offset = at.offset
            length = UInt32(clamping: at.length)
        }
        var end: Int { offset + Int(length) }
    }

    /// A distinct quote about a tool. Its first occurrence spilled, in this order:
    /// the persona's content scores (one Double per persona label), the text as a
    /// JSON string, the occurrence, the persona evidence items, and the fields from
    /// `stance` to the end.
    private struct SpilledQuote {
        var hash: UInt64
        var offset: Int
        var textLength: UInt32
        var occurrenceLength: UInt32
        var evidenceLength: UInt32
        var tailLength: UInt32
        var slot: Int32
        var stance: UInt8
        var truncated: Bool
        /// Later occurrences: where each is spilled, and its slot.
        var more: [(span: Span, slot: Int32)] = []
    }

    private struct ToolState {
        var name: String
        var fields = FieldNotes()
        var panels: [Span] = []
        var quotes: [SpilledQuote] = []
        /// Risk categories in first-seen order: claims and the quotes (indexes) raising them.
        var risks: [(category: String, count: Int, quotes: [Int32])] = []
        /// Competitors in first-seen order: the kind from the first quote naming it, and how many quotes do.
        var competitors: [(name: String, kind: String, quotes: Int)] = []
    }

    public init(rules: RuleSet, options: AnalyzeOptions) throws {
        self.rules = rules
        slotPrior = options.slotPrior
        builder = ReportBuilder(rules: rules, options: options)
        analyzer = Analyzer(rules: rules)
        spill = try SpillFile(prefix: "panelist-report")
    }

    /// Problems with the inputs that belong to no page (a missing path).
    public func receive(diagnostics: [Diagnostic]) { inputDiagnostics += diagnostics }

    public func receive(_ analyzed: CorpusAnalyzer.AnalyzedPage) {
        let page = analyzed.page
        pageIndex[page.path] = pages.count
        pages.append(ReportBuilder.pageReport(analyzed))
        for (t, card) in page.tools.enumerated() {
            let key = Names.key(card.name)
            guard !key.isEmpty else { continue }
            let tool: Int
            if let k = toolIndex[key] { tool = Int(k) } else {
                tool = tools.count
                toolIndex[key] = Int32(tool)
                tools.append(ToolState(name: card.name))
            }
            tools[tool].fields.note(card, page: page.path)
            let panel = builder.panel(of: t, in: analyzed) { quote, analysis in place(quote, analysis, page: page.path, tool: tool) }
            let at = spill.size
            JSONBytes.pretty(ReportJSON.panel(panel), indent: 4, into: spill.out)
            tools[tool].panels.append(Span((at, spill.size - at)))
            spill.settle()
        }
    }

    private func place(_ quote: Quote, _ analysis: QuoteAnalysis, page: String, tool: Int) {
        let hash = QuoteID.hash(quote.text)
        let occurrence = Occurrence(page: page, index: quote.index, line: quote.line, column: quote.column, slot: quote.slot, stated: quote.stated)
        let key = QuoteKey(tool: Int32(tool), hash: hash)
        let out = spill.out
        if let q = find(key, text: quote.text) {
            // The first occurrence's analysis stands, as in the in-memory report.
            let stance = label(tools[tool].quotes[q].stance, of: rules.stanceLabels)
            let at = spill.size
            JSONBytes.pretty(ReportJSON.occurrence(occurrence, stance: stance), indent: 6, into: out)
            tools[tool].quotes[q].more.append((Span((at, spill.size - at)), Int32(clamping: quote.slot)))
            spill.settle()
            return
        }
        let labels = rules.personaLabels
        var totals = [Double](repeating: 0, count: labels.count)
        for e in analysis.personaEvidence {
            if let i = labels.firstIndex(of: e.label) { totals[i] += e.weight }
        }
        let start = spill.size
        totals.withUnsafeBytes { out.append(contentsOf: $0) }
        let textAt = spill.size
        JSONBytes.string(quote.text, into: out)
        let occurrenceAt = spill.size
        JSONBytes.pretty(ReportJSON.occurrence(occurrence, stance: analysis.stance.label), indent: 6, into: out)
        let evidenceAt = spill.size
        for (i, e) in analysis.personaEvidence.enumerated() {
            if i > 0 { out.append(",\n") }
            JSONBytes.pad(7, into: out)
            JSONBytes.pretty(ReportJSON.evidence(e), indent: 7, into: out)
            spill.settle()
        }
        let tailAt = spill.size
        // Item by item, so a long quote's thousands of hits never make one value tree.
        JSONBytes.pad(5, into: out)
        out.append("\"stance\": {\n")
        JSONBytes.pad(6, into: out)
        out.append("\"label\": ")
        JSONBytes.string(analysis.stance.label, into: out)
        field(6, "confidence", .double(analysis.stance.confidence), out)
        field(6, "scores", .object(analysis.stance.scores.map { ($0.label, .double($0.score)) }), out)
        out.append(",\n")
        JSONBytes.pad(6, into: out)
        out.append("\"evidence\": ")
        spillArray(analysis.stance.evidence, depth: 6, ReportJSON.evidence)
        out.append("\n")
        JSONBytes.pad(5, into: out)
        out.append("},\n")
        JSONBytes.pad(5, into: out)
        out.append("\"risks\": ")
        spillArray(analysis.risks, depth: 5, ReportJSON.risk)
        out.append(",\n")
        JSONBytes.pad(5, into: out)
        out.append("\"competitors\": ")
        spillArray(analysis.competitors, depth: 5, ReportJSON.competitor)
        let end = spill.size
        spill.settle()
        let index = Int32(tools[tool].quotes.count)
        if quoteIndex[key] == nil { quoteIndex[key] = index }
        tools[tool].quotes.append(SpilledQuote(
            hash: hash, offset: start, textLength: UInt32(clamping: occurrenceAt - textAt), occurrenceLength: UInt32(clamping: evidenceAt - occurrenceAt),
            evidenceLength: UInt32(clamping: tailAt - evidenceAt), tailLength: UInt32(clamping: end - tailAt),
            slot: Int32(clamping: quote.slot), stance: self.index(of: analysis.stance.label, in: rules.stanceLabels), truncated: quote.truncated))

        // The tool's roll-ups count each distinct quote once, from its first analysis.
        for risk in analysis.risks {
            if let k = tools[tool].risks.firstIndex(where: { $0.category == risk.category }) {
                tools[tool].risks[k].count += 1
                if tools[tool].risks[k].quotes.last != index { tools[tool].risks[k].quotes.append(index) }
            } else {
                tools[tool].risks.append((risk.category, 1, [index]))
            }
        }
        var named: Set<String> = []
        for c in analysis.competitors where named.insert(c.name).inserted {
            if let k = tools[tool].competitors.firstIndex(where: { $0.name == c.name }) {
                tools[tool].competitors[k].quotes += 1
            } else {
                tools[tool].competitors.append((c.name, c.kind, 1))
            }
        }
    }

    /// The tool's quote with this hash whose spilled text is `text`, if any.
    private func find(_ key: QuoteKey, text: String) -> Int? {
        guard let first = quoteIndex[key] else { return nil }
        // The text as it is spilled (a JSON string): escaping is one to one, so equal bytes are equal texts.
        let escaped = ByteOutput(fd: -1, bufferSize: 0)
        JSONBytes.string(text, into: escaped)
        let expected = escaped.buffer
        let quotes = tools[Int(key.tool)].quotes
        let textAt = { (q: SpilledQuote) in q.offset + 8 * self.rules.personaLabels.count }
        if Int(quotes[Int(first)].textLength) == expected.count, spill.matches(offset: textAt(quotes[Int(first)]), expected, scratch: &scratch) {
            return Int(first)
        }
        // Two texts with one hash: rare enough to look through the tool's quotes.
        for q in Int(first) + 1..<quotes.count where quotes[q].hash == key.hash && Int(quotes[q].textLength) == expected.count {
            if spill.matches(offset: textAt(quotes[q]), expected, scratch: &scratch) { return q }
        }
        return nil
    }

    private func index(of label: String, in labels: [String]) -> UInt8 {
        if let i = labels.firstIndex(of: label), i < 254 { return UInt8(i) }
        return label == Decision.unknown ? 254 : 255
    }

    private func label(_ index: UInt8, of labels: [String]) -> String {
        index == 254 ? Decision.unknown : Int(index) < labels.count ? labels[Int(index)] : ""
    }

    // MARK: writing

    /// Writes the report; returns every diagnostic (also in the report), or throws when
    /// the temporary file could not be written or read back.
    public func write(to out: ByteOutput) throws -> [Diagnostic] {
        for tool in tools {
            for diagnostic in tool.fields.conflicts(tool: tool.name) {
                if let k = pageIndex[diagnostic.file] {
                    pages[k].diagnostics.append(diagnostic)
                    pages[k].diagnostics.sort()
                }
            }
        }
        let diagnostics = (inputDiagnostics + pages.flatMap(\.diagnostics)).sorted()
        out.append("{\n  \"schema\": ")
        JSONBytes.pretty(.string(ReportJSON.schema), indent: 1, into: out)
        out.append(",\n  \"slot_prior\": ")
        JSONBytes.pretty(.bool(slotPrior), indent: 1, into: out)
        out.append(",\n  \"pages\": ")
        array(pages.count, out) { JSONBytes.pretty(ReportJSON.page(pages[$0]), indent: 2, into: out) }
        out.append(",\n  \"tools\": ")
        array(tools.count, out) { writeTool(tools[$0], to: out) }
        out.append(",\n  \"diagnostics\": ")
        array(diagnostics.count, out) { JSONBytes.pretty(ReportJSON.diagnostic(diagnostics[$0]), indent: 2, into: out) }
        out.append("\n}\n")
        if let failure = spill.failure { throw SpillFile.Failure(description: failure) }
        return diagnostics
    }

    /// A top-level array as `ReportJSON.write` lays it out.
    private func array(_ count: Int, _ out: ByteOutput, item: (Int) -> Void) {
        if count == 0 { out.append("[]"); return }
        out.append("[\n")
        for i in 0..<count {
            out.append("    ")
            item(i)
            out.append(i + 1 < count ? ",\n" : "\n")
            out.flushIfFull()
        }
        out.append("  ]")
    }

    /// A tool at indent 2, in `ReportJSON.tool`'s layout.
    private func writeTool(_ tool: ToolState, to out: ByteOutput) {
        let personaLabels = rules.personaLabels, stanceLabels = rules.stanceLabels
        out.append("{\n")
        for (key, value) in [("name", JSON.string(tool.name)), ("category", .optional(tool.fields.common(.category))),
                             ("tagline", .optional(tool.fields.common(.tagline))), ("entry", .optional(tool.fields.common(.entry))),
                             ("community", .optional(tool.fields.common(.community))), ("pricing", .optional(tool.fields.common(.pricing)))] {
            JSONBytes.pad(3, into: out)
            JSONBytes.string(key, into: out)
            out.append(": ")
            JSONBytes.pretty(value, indent: 3, into: out)
            out.append(",\n")
        }
        out.append(Self.pad(3) + "\"panels\": ")
        if tool.panels.isEmpty { out.append("[]") } else {
            out.append("[\n")
            for (i, panel) in tool.panels.enumerated() {
                out.append(Self.pad(4))
                copy(offset: panel.offset, length: Int(panel.length), to: out)
                out.append(i + 1 < tool.panels.count ? ",\n" : "\n")
                out.flushIfFull()
            }
            out.append(Self.pad(3) + "]")
        }

        // Personas first, for the split: each quote's is decided from all its slots.
        var split = [[Int]](repeating: [Int](repeating: 0, count: stanceLabels.count + 1), count: personaLabels.count + 1)
        for quote in tool.quotes {
            let persona = index(of: personaDecision(quote).decision.label, in: personaLabels)
            let p = persona == 254 ? personaLabels.count : Int(persona)
            let s = quote.stance == 254 ? stanceLabels.count : Int(quote.stance)
            if p <= personaLabels.count, s <= stanceLabels.count { split[p][s] += 1 }
        }
        let personaRows = personaLabels + [Decision.unknown], stanceColumns = stanceLabels + [Decision.unknown]
        let splitJSON = JSON.object(personaRows.enumerated().map { p, persona in
            (persona, .object(stanceColumns.enumerated().map { s, stance in (stance, .int(split[p][s])) }))
        })
        field(3, "split", splitJSON, out)

        let risks = tool.risks.sorted { ($1.count, $0.category) < ($0.count, $1.category) }
        field(3, "risk_categories", .array(risks.map { group in
            .object([("category", .string(group.category)), ("count", .int(group.count)),
                     ("quotes", .array(group.quotes.map { .string(QuoteID.make(hash: tool.quotes[Int($0)].hash)) }))])
        }), out)
        let competitors = tool.competitors.sorted { ($1.quotes, $0.name) < ($0.quotes, $1.name) }
        field(3, "top_competitors", .array(competitors.map { c in
            .object([("name", .string(c.name)), ("kind", .string(c.kind)), ("quotes", .int(c.quotes))])
        }), out)

        out.append(",\n" + Self.pad(3) + "\"quotes\": ")
        if tool.quotes.isEmpty { out.append("[]") } else {
            out.append("[\n")
            for (i, quote) in tool.quotes.enumerated() {
                out.append(Self.pad(4))
                writeQuote(quote, to: out)
                out.append(i + 1 < tool.quotes.count ? ",\n" : "\n")
                out.flushIfFull()
            }
            out.append(Self.pad(3) + "]")
        }
        out.append("\n" + Self.pad(2) + "}")
    }

    /// A quote at indent 4, in `ReportJSON.quote`'s layout.
    private func writeQuote(_ quote: SpilledQuote, to out: ByteOutput) {
        let totalsLength = 8 * rules.personaLabels.count
        let textAt = quote.offset + totalsLength
        let occurrenceAt = textAt + Int(quote.textLength)
        let evidenceAt = occurrenceAt + Int(quote.occurrenceLength)
        let tailAt = evidenceAt + Int(quote.evidenceLength)
        out.append("{\n" + Self.pad(5) + "\"id\": \"" + QuoteID.make(hash: quote.hash) + "\",\n" + Self.pad(5) + "\"text\": ")
        copy(offset: textAt, length: Int(quote.textLength), to: out)
        out.append(",\n" + Self.pad(5) + "\"truncated\": " + (quote.truncated ? "true" : "false") + ",\n" + Self.pad(5) + "\"occurrences\": [\n" + Self.pad(6))
        copy(offset: occurrenceAt, length: Int(quote.occurrenceLength), to: out)
        for more in quote.more {
            out.append(",\n" + Self.pad(6))
            copy(offset: more.span.offset, length: Int(more.span.length), to: out)
        }
        out.append("\n" + Self.pad(5) + "],\n" + Self.pad(5) + "\"persona\": {\n")

        let (decision, slotEvidence) = personaDecision(quote)
        JSONBytes.pad(6, into: out)
        out.append("\"label\": ")
        JSONBytes.string(decision.label, into: out)
        field(6, "confidence", .double(decision.confidence), out)
        field(6, "scores", .object(decision.scores.map { ($0.label, .double($0.score)) }), out)
        out.append(",\n")
        JSONBytes.pad(6, into: out)
        out.append("\"evidence\": ")
        if quote.evidenceLength == 0 && slotEvidence.isEmpty { out.append("[]") } else {
            out.append("[\n")
            copy(offset: evidenceAt, length: Int(quote.evidenceLength), to: out)
            for (i, e) in slotEvidence.enumerated() {
                if i > 0 || quote.evidenceLength > 0 { out.append(",\n") }
                JSONBytes.pad(7, into: out)
                JSONBytes.pretty(ReportJSON.evidence(e), indent: 7, into: out)
            }
            out.append("\n" + Self.pad(6) + "]")
        }
        out.append("\n" + Self.pad(5) + "},\n")
        copy(offset: tailAt, length: Int(quote.tailLength), to: out)
        out.append("\n" + Self.pad(4) + "}")
    }

    /// The quote's persona from its content scores and the slots of all its occurrences,
    /// as `Analyzer.decidePersona` gives it (the decision depends on the evidence only
    /// through each label's summed weight, and the content's sums come first); and the
    /// slot evidence it adds after the content's.
    private func personaDecision(_ quote: SpilledQuote) -> (decision: Decision, slotEvidence: ArraySlice<Evidence>) {
        let labels = rules.personaLabels
        spill.read(offset: quote.offset, length: 8 * labels.count, into: &scratch)
        var totals = [Double](repeating: 0, count: labels.count)
        if scratch.count == 8 * labels.count {
            scratch.withUnsafeBytes { raw in
                for i in 0..<labels.count { totals[i] = raw.loadUnaligned(fromByteOffset: 8 * i, as: Double.self) }
            }
        }
        let sums = zip(labels, totals).map { Evidence(rule: "", label: $0, weight: $1, span: nil, text: "") }
        let content = QuoteAnalysis(text: "", personaEvidence: sums, stance: Decision(label: Decision.unknown, confidence: 0, scores: [], evidence: []),
                                    risks: [], competitors: [], limitNote: nil)
        let slots = slotPrior ? [Int(quote.slot)] + quote.more.map { Int($0.slot) } : nil
        let decision = analyzer.decidePersona(content, slots: slots)
        return (decision, decision.evidence.dropFirst(sums.count))
    }

    /// Spilled bytes to the output, a megabyte at a time (a long quote's evidence can be hundreds).
    private func copy(offset: Int, length: Int, to out: ByteOutput) {
        var done = 0
        while done < length {
            let n = min(length - done, 1 << 20)
            spill.read(offset: offset + done, length: n, into: &scratch)
            out.append(contentsOf: scratch)
            out.flushIfFull()
            done += n
        }
    }

    /// An array spilled at depth `depth` as `JSON.serialized` lays it out, one item's tree at a time.
    private func spillArray<T>(_ items: [T], depth: Int, _ make: (T) -> JSON) {
        let out = spill.out
        if items.isEmpty { out.append("[]"); return }
        out.append("[\n")
        for (i, item) in items.enumerated() {
            JSONBytes.pad(depth + 1, into: out)
            JSONBytes.pretty(make(item), indent: depth + 1, into: out)
            out.append(i + 1 < items.count ? ",\n" : "\n")
            spill.settle()
        }
        JSONBytes.pad(depth, into: out)
        out.append(UInt8(ascii: "]"))
    }

    /// `,` then `"key": value` on its own line at depth `depth`, as an object's later fields are laid out.
    private func field(_ depth: Int, _ key: StaticString, _ value: JSON, _ out: ByteOutput) {
        out.append(",\n")
        JSONBytes.pad(depth, into: out)
        out.append(UInt8(ascii: "\""))
        out.append(key)
        out.append("\": ")
        JSONBytes.pretty(value, indent: depth, into: out)
    }

    private static let pads = (0..<8).map { String(repeating: "  ", count: $0) }
    private static func pad(_ n: Int) -> String { n < pads.count ? pads[n] : String(repeating: "  ", count: n) }
}
