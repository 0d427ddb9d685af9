import Foundation

/// `panelist.partial/1`: what one shard of a corpus contributes, in integers
/// only, so that partials from any split of the corpus, merged in any order,
/// give the same bytes as one run over the whole corpus.
///
/// Per tool it keeps panel counts and, per distinct quote (by id), the slots
/// it stood in, the integer weights (thousandths) of its persona evidence in
/// order, its stance, risk categories and competitors. Persona is decided only
/// at merge time, when every occurrence's slot is known, exactly as the
/// per-tool report decides it. Where a quote's analysis could differ between
/// shards (the same text under a tool whose card changed), the analysis of its
/// first occurrence in path order wins, as in a single run.
public struct Partial: Equatable {
    public static let schema = "panelist.partial/1"
    public static let mergedSchema = "panelist.merged/1"

    public struct QuoteEntry: Equatable {
        public var firstPage: String
        public var firstIndex: Int
        /// slot → occurrences.
        public var slots: [Int: Int] = [:]
        /// (persona label index, weight in thousandths), in evidence order.
        public var persona: [[Int]]
        public var stance: String
        public var risks: [String]
        /// (name, kind), distinct names in order of first mention.
        public var competitors: [[String]]

        func precedes(_ other: QuoteEntry) -> Bool { (firstPage, firstIndex) < (other.firstPage, other.firstIndex) }
    }

    public struct ToolEntry: Equatable {
        public var name: String
        public var firstPage: String
        public var panels = 0
        public var ship = 0, skip = 0, unknown = 0
        public var consistent = 0, inconsistent = 0
        public var quotes: [String: QuoteEntry] = [:]
    }

    public var rules: String
    public var slotPrior: Bool
    public var personaLabels: [String]
    public var stanceLabels: [String]
    public var pages = 0
    public var occurrences = 0
    public var errors = 0
    public var warnings = 0
    public var tools: [String: ToolEntry] = [:]

    public init(rules: RuleSet, slotPrior: Bool) {
        self.rules = rules.digest
        self.slotPrior = slotPrior
        personaLabels = rules.personaLabels
        stanceLabels = rules.stanceLabels
    }

    // MARK: building (a sink)

    public mutating func add(diagnostics: [Diagnostic]) {
        for d in diagnostics { count(d) }
    }

    private mutating func count(_ d: Diagnostic) {
        switch d.severity {
        case .error: errors += 1
        case .warning: warnings += 1
        default: break
        }
    }

    public mutating func add(_ analyzed: CorpusAnalyzer.AnalyzedPage) {
        let page = analyzed.page
        pages += 1
        occurrences += page.quotes.count
        add(diagnostics: page.diagnostics + Conservation.unreported(page))
        for analysis in analyzed.analyses where analysis.limitNote != nil { warnings += 1 }
        for (t, card) in page.tools.enumerated() {
            let key = Names.key(card.name)
            guard !key.isEmpty else { continue }
            var tool = tools.removeValue(forKey: key) ?? ToolEntry(name: card.name, firstPage: page.path)
            tool.panels += 1
            var ship = 0, skip = 0, unknown = 0
            for (quote, analysis) in zip(page.quotes, analyzed.analyses) where quote.toolIndex == t {
                switch analysis.stance.label {
                case stanceLabels.first: ship += 1
                case Decision.unknown: unknown += 1
                default: skip += 1
                }
                let id = QuoteID.make(quote.text)
                if tool.quotes[id] == nil {
                    tool.quotes[id] = QuoteEntry(firstPage: page.path, firstIndex: quote.index,
                                                 persona: Self.personaWeights(analysis.personaEvidence, labels: personaLabels),
                                                 stance: analysis.stance.label, risks: analysis.risks.map(\.category),
                                                 competitors: Self.distinctCompetitors(analysis.competitors))
                }
                tool.quotes[id]!.slots[quote.slot, default: 0] += 1
            }
            tool.ship += ship
            tool.skip += skip
            tool.unknown += unknown
            let total = ship + skip + unknown
            if total > 0, !page.truncated, let stated = card.statedShipPct {
                if stated == Int((100 * Double(ship) / Double(total)).rounded()) { tool.consistent += 1 } else { tool.inconsistent += 1 }
            }
            tools[key] = tool
        }
    }

    static func personaWeights(_ evidence: [Evidence], labels: [String]) -> [[Int]] {
        evidence.compactMap { e in
            labels.firstIndex(of: e.label).map { [$0, Int((e.weight * 1000).rounded())] }
        }
    }

    static func distinctCompetitors(_ mentions: [CompetitorMention]) -> [[String]] {
        var seen = Set<String>()
        return mentions.compactMap { seen.insert($0.name).inserted ? [$0.name, $0.kind] : nil }
    }

    // MARK: merging

    public enum MergeError: Error, CustomStringConvertible {
        case mismatch(String)
        public var description: String { if case .mismatch(let m) = self { return m }; return "" }
    }

    /// Adds another partial; the result does not depend on the order of merging.
    public mutating func merge(_ other: Partial) throws {
        guard other.rules == rules else {
            throw MergeError.mismatch("made with different rules (\(other.rules), not \(rules)): analyse every shard with the same rules")
        }
        guard other.slotPrior == slotPrior else {
            throw MergeError.mismatch("made with\(other.slotPrior ? "" : " --no-slot-prior") unlike the others: analyse every shard with the same options")
        }
        pages += other.pages
        occurrences += other.occurrences
        errors += other.errors
        warnings += other.warnings
        for (key, theirs) in other.tools {
            guard var mine = tools[key] else { tools[key] = theirs; continue }
            if theirs.firstPage < mine.firstPage {
                mine.name = theirs.name
                mine.firstPage = theirs.firstPage
            }
            mine.panels += theirs.panels
            mine.ship += theirs.ship
            mine.skip += theirs.skip
            mine.unknown += theirs.unknown
            mine.consistent += theirs.consistent
            mine.inconsistent += theirs.inconsistent
            for (id, q) in theirs.quotes {
                guard var kept = mine.quotes[id] else { mine.quotes[id] = q; continue }
                let slots = kept.slots.merging(q.slots, uniquingKeysWith: +)
                if q.precedes(kept) { kept = q }
                kept.slots = slots
                mine.quotes[id] = kept
            }
            tools[key] = mine
        }
    }

    // MARK: deciding

    /// Persona as `Analyzer.decidePersona` decides it: content evidence in order, then the slot votes.
    func persona(_ q: QuoteEntry, slotPriorWeight: Double, minConfidence: Double) -> String {
        var evidence = q.persona.map { Evidence(rule: "", label: personaLabels[$0[0]], weight: Double($0[1]) / 1000, span: nil, text: "") }
        let total = q.slots.values.reduce(0, +)
        if slotPrior, total > 0, slotPriorWeight > 0 {
            for (slot, n) in q.slots.sorted(by: { $0.key < $1.key }) where slot >= 0 && slot < personaLabels.count {
                evidence.append(Evidence(rule: "slot", label: personaLabels[slot],
                                         weight: Decision.rounded(slotPriorWeight * Double(n) / Double(total)), span: nil, text: ""))
            }
        }
        return Decision.decide(labels: personaLabels, evidence: evidence, minConfidence: minConfidence).label
    }

    /// The merged report: per tool and corpus-wide counts, tools in key order.
    public func report(rules ruleSet: RuleSet) -> JSON {
        let personas = personaLabels + [Decision.unknown]
        let stances = stanceLabels + [Decision.unknown]
        func splitJSON(_ counts: [String: [String: Int]]) -> JSON {
            .object(personas.map { p in (p, .object(stances.map { s in (s, .int(counts[p]?[s] ?? 0)) })) })
        }
        var corpusSplit: [String: [String: Int]] = [:]
        var distinct = 0
        let toolJSON: [JSON] = tools.keys.sorted().map { key in
            let t = tools[key]!
            var split: [String: [String: Int]] = [:]
            var risks: [String: Int] = [:]
            var rivals: [String: (kind: String, quotes: Int)] = [:]
            for id in t.quotes.keys.sorted() {
                let q = t.quotes[id]!
                let p = persona(q, slotPriorWeight: ruleSet.personaSlotPrior, minConfidence: ruleSet.personaMinConfidence)
                split[p, default: [:]][q.stance, default: 0] += 1
                corpusSplit[p, default: [:]][q.stance, default: 0] += 1
                for r in q.risks { risks[r, default: 0] += 1 }
                for c in q.competitors { rivals[c[0], default: (c[1], 0)].quotes += 1 }
            }
            distinct += t.quotes.count
            let total = t.ship + t.skip + t.unknown
            return .object([
                ("name", .string(t.name)),
                ("pages", .int(t.panels)),
                ("quotes", .int(t.quotes.count)),
                ("ship", .int(t.ship)), ("skip", .int(t.skip)), ("unknown", .int(t.unknown)),
                ("computed_ship_pct", t.ship + t.skip > 0 ? .int(Int((100 * Double(t.ship) / Double(total)).rounded())) : .null),
                ("panels_consistent", .int(t.consistent)), ("panels_inconsistent", .int(t.inconsistent)),
                ("split", splitJSON(split)),
                ("risk_categories", .array(risks.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
                    .object([("category", .string($0.key)), ("count", .int($0.value))])
                })),
                ("top_competitors", .array(rivals.sorted { ($1.value.quotes, $0.key) < ($0.value.quotes, $1.key) }.map {
                    .object([("name", .string($0.key)), ("kind", .string($0.value.kind)), ("quotes", .int($0.value.quotes))])
                })),
            ])
        }
        return .object([
            ("schema", .string(Self.mergedSchema)),
            ("rules", .string(rules)),
            ("slot_prior", .bool(slotPrior)),
            ("pages", .int(pages)),
            ("quote_occurrences", .int(occurrences)),
            ("distinct_quotes", .int(distinct)),
            ("errors", .int(errors)),
            ("warnings", .int(warnings)),
            ("split", splitJSON(corpusSplit)),
            ("tools", .array(toolJSON)),
        ])
    }

    // MARK: reading and writing

    /// Compact, keys and ids sorted: the same partial always has the same bytes.
    public func write(to out: ByteOutput) {
        func strings(_ items: [String]) {
            out.append(UInt8(ascii: "["))
            for (i, s) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONBytes.string(s, into: out)
            }
            out.append(UInt8(ascii: "]"))
        }
        func ints(_ items: [Int]) {
            out.append(UInt8(ascii: "["))
            for (i, n) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONBytes.int(n, into: out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append("{\"schema\":")
        JSONBytes.string(Self.schema, into: out)
        out.append(",\"rules\":")
        JSONBytes.string(rules, into: out)
        out.append(",\"slot_prior\":")
        out.append(slotPrior ? "true" : "false")
        out.append(",\"persona_labels\":")
        strings(personaLabels)
        out.append(",\"stance_labels\":")
        strings(stanceLabels)
        out.append(",\"pages\":")
        JSONBytes.int(pages, into: out)
        out.append(",\"quote_occurrences\":")
        JSONBytes.int(occurrences, into: out)
        out.append(",\"errors\":")
        JSONBytes.int(errors, into: out)
        out.append(",\"warnings\":")
        JSONBytes.int(warnings, into: out)
        out.append(",\"tools\":[\n")
        for (n, key) in tools.keys.sorted().enumerated() {
            let t = tools[key]!
            if n > 0 { out.append(",\n") }
            out.append("{\"key\":")
            JSONBytes.string(key, into: out)
            out.append(",\"name\":")
            JSONBytes.string(t.name, into: out)
            out.append(",\"first_page\":")
            JSONBytes.string(t.firstPage, into: out)
            out.append(",\"counts\":")
            ints([t.panels, t.ship, t.skip, t.unknown, t.consistent, t.inconsistent])
            out.append(",\"quotes\":[")
            for (i, id) in t.quotes.keys.sorted().enumerated() {
                let q = t.quotes[id]!
                out.append(i > 0 ? ",\n" : "\n")
                out.append("{\"id\":")
                JSONBytes.string(id, into: out)
                out.append(",\"first\":[")
                JSONBytes.string(q.firstPage, into: out)
                out.append(",")
                JSONBytes.int(q.firstIndex, into: out)
                out.append("],\"slots\":")
                ints(q.slots.keys.sorted().flatMap { [$0, q.slots[$0]!] })
                out.append(",\"persona\":")
                ints(q.persona.flatMap { $0 })
                out.append(",\"stance\":")
                JSONBytes.string(q.stance, into: out)
                out.append(",\"risks\":")
                strings(q.risks)
                out.append(",\"competitors\":")
                strings(q.competitors.flatMap { $0 })
                out.append("}")
                out.flushIfFull()
            }
            out.append("]}")
        }
        out.append("\n]}\n")
    }

    /// Reads a partial; nil with a reason when it is not one this version can merge.
    public static func read(_ data: Data) -> (Partial?, String?) {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return (nil, "not a JSON object: pass files written by 'analyze --partial'")
        }
        guard let schema = root["schema"] as? String else { return (nil, "no schema: pass files written by 'analyze --partial'") }
        guard schema == Self.schema else {
            return (nil, "schema \(schema), not \(Self.schema): re-run 'analyze --partial' with this version of panelist")
        }
        guard let rules = root["rules"] as? String, let slotPrior = root["slot_prior"] as? Bool,
              let personaLabels = root["persona_labels"] as? [String], let stanceLabels = root["stance_labels"] as? [String],
              let pages = root["pages"] as? Int, let occurrences = root["quote_occurrences"] as? Int,
              let errors = root["errors"] as? Int, let warnings = root["warnings"] as? Int,
              let tools = root["tools"] as? [[String: Any]] else {
            return (nil, "a field is missing or has the wrong type: the file is damaged")
        }
        var p = Partial(rules: rules, slotPrior: slotPrior, personaLabels: personaLabels, stanceLabels: stanceLabels)
        p.pages = pages
        p.occurrences = occurrences
        p.errors = errors
        p.warnings = warnings
        for t in tools {
            guard let key = t["key"] as? String, let name = t["name"] as? String, let first = t["first_page"] as? String,
                  let counts = t["counts"] as? [Int], counts.count == 6, let quotes = t["quotes"] as? [[String: Any]] else {
                return (nil, "a tool entry is damaged")
            }
            var tool = ToolEntry(name: name, firstPage: first, panels: counts[0], ship: counts[1], skip: counts[2], unknown: counts[3],
                                 consistent: counts[4], inconsistent: counts[5])
            for q in quotes {
                guard let id = q["id"] as? String, let firstAt = q["first"] as? [Any], firstAt.count == 2,
                      let page = firstAt[0] as? String, let index = firstAt[1] as? Int,
                      let slots = q["slots"] as? [Int], slots.count % 2 == 0,
                      let persona = q["persona"] as? [Int], persona.count % 2 == 0,
                      persona.enumerated().allSatisfy({ $0.offset % 2 == 1 || ($0.element >= 0 && $0.element < personaLabels.count) }),
                      let stance = q["stance"] as? String, let risks = q["risks"] as? [String],
                      let rivals = q["competitors"] as? [String], rivals.count % 2 == 0 else {
                    return (nil, "a quote entry of tool \(name) is damaged")
                }
                var entry = QuoteEntry(firstPage: page, firstIndex: index,
                                       persona: stride(from: 0, to: persona.count, by: 2).map { [persona[$0], persona[$0 + 1]] },
                                       stance: stance, risks: risks,
                                       competitors: stride(from: 0, to: rivals.count, by: 2).map { [rivals[$0], rivals[$0 + 1]] })
                for i in stride(from: 0, to: slots.count, by: 2) { entry.slots[slots[i], default: 0] += slots[i + 1] }
                tool.quotes[id] = entry
            }
            p.tools[key] = tool
        }
        return (p, nil)
    }

    init(rules: String, slotPrior: Bool, personaLabels: [String], stanceLabels: [String]) {
        self.rules = rules
        self.slotPrior = slotPrior
        self.personaLabels = personaLabels
        self.stanceLabels = stanceLabels
    }
}
