import Foundation

/// Accuracy, per-class precision/recall/F1 and the confusion matrix of one labelled field.
public struct ClassMetrics: Sendable {
    public struct PerClass: Sendable { public var label: String; public var precision: Double; public var recall: Double; public var f1: Double; public var support: Int }
    public var labels: [String]
    public var total: Int
    public var correct: Int
    public var perClass: [PerClass]
    /// gold → predicted → count, over `labels` plus "unknown" on the predicted side.
    public var confusion: [String: [String: Int]]

    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }
    /// Predictions that were `unknown`.
    public var unknown: Int { confusion.values.reduce(0) { $0 + ($1[Decision.unknown] ?? 0) } }
    public var unknownShare: Double { total == 0 ? 0 : Double(unknown) / Double(total) }

    public init(labels: [String], pairs: [(gold: String, predicted: String)]) {
        self.labels = labels
        total = pairs.count
        correct = pairs.filter { $0.gold == $0.predicted }.count
        var confusion: [String: [String: Int]] = [:]
        for (g, p) in pairs { confusion[g, default: [:]][p, default: 0] += 1 }
        self.confusion = confusion
        perClass = labels.map { label in
            let tp = pairs.filter { $0.gold == label && $0.predicted == label }.count
            let predicted = pairs.filter { $0.predicted == label }.count
            let support = pairs.filter { $0.gold == label }.count
            let precision = predicted == 0 ? 0 : Double(tp) / Double(predicted)
            let recall = support == 0 ? 0 : Double(tp) / Double(support)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return PerClass(label: label, precision: precision, recall: recall, f1: f1, support: support)
        }
    }
}

/// Precision and recall of a set-valued extraction.
public struct ExtractionMetrics: Sendable {
    public var truePositives = 0
    public var predicted = 0
    public var expected = 0
    public var found = 0
    public var categoryCorrect = 0
    public var precision: Double { predicted == 0 ? 1 : Double(truePositives) / Double(predicted) }
    public var recall: Double { expected == 0 ? 1 : Double(found) / Double(expected) }
    /// Of the matched claims, how many got the labelled category.
    public var categoryAccuracy: Double { found == 0 ? 1 : Double(categoryCorrect) / Double(found) }
}

/// How one rule behaves against the labels, in the spirit of labelling-function analysis.
public struct RuleStats: Sendable {
    public var id: String
    public var field: String
    public var label: String
    /// Quotes the rule fires on.
    public var coverage = 0
    /// Of those, quotes whose gold label is the rule's label.
    public var correct = 0
    /// Quotes where another rule of the same field also fires.
    public var overlaps = 0
    /// Quotes where another rule of the same field fires for a different label.
    public var conflicts = 0
    public var accuracy: Double { coverage == 0 ? 0 : Double(correct) / Double(coverage) }
}

/// The engine measured against label files.
public struct Evaluation: Sendable {
    public struct Item: Sendable {
        public var page: String
        public var index: Int
        public var tool: String
        public var gold: PageLabels.QuoteLabel
        public var quote: QuoteReport
        public var personaNoSlot: Decision
    }
    public var items: [Item]
    public var persona: ClassMetrics
    public var personaNoSlot: ClassMetrics
    public var stance: ClassMetrics
    public var risks: ExtractionMetrics
    public var competitors: ExtractionMetrics
    public var panelsChecked = 0
    public var panelsAgreeing = 0
    public var computedEqualsStated = 0
    /// Panels whose verdict is open because of `unknown` quotes (counted neither as agreeing nor as disagreeing).
    public var panelsUndetermined = 0
    public var rules: [RuleStats]
    /// Gazetteer alias → canonical name, so a labelled name and the engine's compare as one entity.
    public var aliases: [String: String] = [:]
    /// Canonical keys of the gazetteer's vendors, for pairing found and labelled names.
    public var vendors: Set<String> = []
    /// Labelled quotes that no page in the analysed paths holds.
    public var missing: [String]

    public static func run(report: Report, labels: [PageLabels], rules: RuleSet) -> Evaluation {
        var byPlace: [String: (ToolReport, QuoteReport, Occurrence)] = [:]
        for tool in report.tools {
            for q in tool.quotes {
                for o in q.occurrences { byPlace["\((o.page as NSString).lastPathComponent)#\(o.index)"] = (tool, q, o) }
            }
        }
        var items: [Item] = []
        var missing: [String] = []
        var panelsChecked = 0, panelsAgreeing = 0, computedEqualsStated = 0, panelsUndetermined = 0
        for page in labels {
            let base = (page.file as NSString).lastPathComponent
            for tool in page.tools {
                for gold in tool.quotes {
                    guard let (t, q, _) = byPlace["\(base)#\(gold.index)"] else { missing.append("\(base)#\(gold.index)"); continue }
                    let contentOnly = q.persona.evidence.filter { $0.span != nil || $0.rule != "slot" }
                    let noSlot = Decision.decide(labels: rules.personaLabels, evidence: contentOnly, minConfidence: rules.personaMinConfidence)
                    items.append(Item(page: base, index: gold.index, tool: t.name, gold: gold, quote: q, personaNoSlot: noSlot))
                }
                if let panel = report.tools.first(where: { $0.name == tool.name })?.panels.first(where: { ($0.page as NSString).lastPathComponent == base }),
                   let consistent = tool.panelConsistent {
                    panelsChecked += 1
                    if panel.consistent == consistent { panelsAgreeing += 1 }
                    if panel.consistent == nil { panelsUndetermined += 1 }
                    if panel.computedShipPct == panel.statedShipPct { computedEqualsStated += 1 }
                }
            }
        }
        var risks = ExtractionMetrics(), competitors = ExtractionMetrics()
        for item in items {
            let claims = item.quote.risks
            risks.predicted += claims.count
            risks.truePositives += claims.filter { c in item.gold.risks.contains { c.text.contains($0.anchor) } }.count
            for anchor in item.gold.risks {
                risks.expected += 1
                if let claim = claims.first(where: { $0.text.contains(anchor.anchor) }) {
                    risks.found += 1
                    if claim.category == anchor.category { risks.categoryCorrect += 1 }
                }
            }
            // A labelled name and the engine's name for the same entity count as one: both go
            // through the gazetteer's aliases to its canonical name, and compare without case.
            let predicted = Set(item.quote.competitors.map { canonical($0.name, rules) }), expected = Set(item.gold.competitors.map { canonical($0, rules) })
            let matched = pairNames(found: predicted, labelled: expected, vendors: vendorKeys(rules)).count
            competitors.predicted += predicted.count
            competitors.truePositives += matched
            competitors.expected += expected.count
            competitors.found += matched
        }
        return Evaluation(
            items: items,
            persona: ClassMetrics(labels: rules.personaLabels, pairs: items.map { ($0.gold.persona, $0.quote.persona.label) }),
            personaNoSlot: ClassMetrics(labels: rules.personaLabels, pairs: items.map { ($0.gold.persona, $0.personaNoSlot.label) }),
            stance: ClassMetrics(labels: rules.stanceLabels, pairs: items.map { ($0.gold.stance, $0.quote.stance.label) }),
            risks: risks, competitors: competitors,
            panelsChecked: panelsChecked, panelsAgreeing: panelsAgreeing, computedEqualsStated: computedEqualsStated,
            panelsUndetermined: panelsUndetermined,
            rules: ruleStats(items, rules: rules), aliases: rules.gazetteerByAlias.compactMapValues(\.name), vendors: vendorKeys(rules), missing: missing)
    }

    /// Found and labelled names (canonical keys) that mean one entity, paired one to one:
    /// the same key first, then a name that is the other's leading or trailing whole words
    /// ("veo" and "veo 3", "fireflies" and "fireflies.ai", "jules" and "google jules",
    /// "openai codex" and "openai codex cli"). A page names a product at one level of detail
    /// and the gazetteer at another; both point at the same rival. Words split at spaces
    /// and dots; the shorter name needs three letters, so "ai" or "x" pairs with nothing.
    /// A found vendor never stands for a labelled product of its ("google" is not
    /// "google sheets"); a found product may stand for its labelled vendor.
    public static func pairNames(found: Set<String>, labelled: Set<String>, vendors: Set<String> = []) -> [(found: String, labelled: String)] {
        var pairs: [(String, String)] = []
        var freeFound = found, freeLabelled = labelled
        for name in found.sorted() where labelled.contains(name) {
            pairs.append((name, name)); freeFound.remove(name); freeLabelled.remove(name)
        }
        func words(_ s: String) -> [Substring] { s.split(whereSeparator: { $0 == " " || $0 == "." }) }
        func sameEntity(_ a: String, _ b: String) -> Bool {
            if vendors.contains(a), words(a).count < words(b).count { return false }
            let (short, long) = words(a).count <= words(b).count ? (words(a), words(b)) : (words(b), words(a))
            guard !short.isEmpty, short.count < long.count, short.joined().count >= 3 else { return false }
            return Array(long.prefix(short.count)) == short || Array(long.suffix(short.count)) == short
        }
        for f in freeFound.sorted() {
            if let l = freeLabelled.sorted().first(where: { sameEntity(f, $0) }) {
                pairs.append((f, l)); freeLabelled.remove(l)
            }
        }
        return pairs
    }

    /// Canonical keys of the gazetteer's vendors (type `vendor`).
    static func vendorKeys(_ rules: RuleSet) -> Set<String> {
        Set(rules.competitor.rules.filter { $0.entity == "vendor" }.compactMap { $0.name.map(Names.key) })
    }

    static func canonical(_ name: String, _ rules: RuleSet) -> String {
        canonical(name, rules.gazetteerByAlias.compactMapValues(\.name))
    }

    static func canonical(_ name: String, _ aliases: [String: String]) -> String {
        Names.key(aliases[name] ?? name)
    }

    static func ruleStats(_ items: [Item], rules: RuleSet) -> [RuleStats] {
        var stats: [String: RuleStats] = [:]
        func record(_ rule: String, field: String, label: String, correct: Bool, overlap: Bool, conflict: Bool) {
            var s = stats[rule] ?? RuleStats(id: rule, field: field, label: label)
            s.coverage += 1
            if correct { s.correct += 1 }
            if overlap { s.overlaps += 1 }
            if conflict { s.conflicts += 1 }
            stats[rule] = s
        }
        let riskLabel = Dictionary(rules.risk.rules.map { ($0.id, $0.label ?? "") }, uniquingKeysWith: { a, _ in a })
        for item in items {
            for (field, evidence, gold) in [("persona", item.quote.persona.evidence, item.gold.persona), ("stance", item.quote.stance.evidence, item.gold.stance)] {
                let fired = Dictionary(evidence.filter { $0.span != nil }.map { ($0.rule, $0.label) }, uniquingKeysWith: { a, _ in a })
                for (rule, label) in fired {
                    record(rule, field: field, label: label, correct: label == gold, overlap: fired.count > 1,
                           conflict: fired.values.contains { $0 != label })
                }
            }
            // Competitors: a rule is right on a quote when a name it found is a labelled competitor.
            let byRule = Dictionary(grouping: item.quote.competitors, by: \.rule)
            for (rule, mentions) in byRule {
                let gold = Set(item.gold.competitors.map { canonical($0, rules) })
                let paired = Set(pairNames(found: Set(mentions.map { canonical($0.name, rules) }), labelled: gold, vendors: vendorKeys(rules)).map(\.found))
                record(rule, field: "competitor", label: mentions[0].kind, correct: !paired.isEmpty,
                       overlap: byRule.count > 1, conflict: false)
            }
            // Risks: a rule is right on a quote when a claim it helped make holds a labelled anchor of the rule's category
            // (any category for neutral cues); it conflicts when a claim it is in took another category.
            var riskRules: [String: (correct: Bool, conflict: Bool)] = [:]
            for claim in item.quote.risks {
                let anchor = item.gold.risks.first { claim.text.contains($0.anchor) }
                for rule in claim.rules {
                    let label = riskLabel[rule] ?? ""
                    let right = anchor.map { label == rules.riskNeutral || $0.category == label } ?? false
                    let prior = riskRules[rule] ?? (false, false)
                    riskRules[rule] = (prior.correct || right, prior.conflict || (label != rules.riskNeutral && label != claim.category))
                }
            }
            for (rule, r) in riskRules {
                record(rule, field: "risk", label: riskLabel[rule] ?? "", correct: r.correct, overlap: riskRules.count > 1, conflict: r.conflict)
            }
        }
        return stats.values.sorted { ($0.field, $0.id) < ($1.field, $1.id) }
    }
}
