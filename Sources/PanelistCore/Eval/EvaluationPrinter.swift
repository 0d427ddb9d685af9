import Foundation

/// Prints an evaluation as text or JSON.
public enum EvaluationPrinter {
    static func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }

    static func f2(_ x: Double) -> String { String(format: "%.2f", x) }

    /// The figures docs/accuracy.md keeps per blind batch, on one line.
    public static func row(_ e: Evaluation) -> String {
        let pages = Set(e.items.map(\.page)).count
        let reconciled = e.panelsChecked == 0 ? 1 : Double(e.panelsAgreeing) / Double(e.panelsChecked)
        return "row: pages \(pages) | quotes \(e.items.count) | stance \(f2(e.stance.accuracy)) | persona (content only) \(f2(e.personaNoSlot.accuracy))"
            + " | unknown \(f2(e.stance.unknownShare)) | risk R/P \(f2(e.risks.recall)) / \(f2(e.risks.precision))"
            + " | competitor R/P \(f2(e.competitors.recall)) / \(f2(e.competitors.precision))"
            + " | panels reconciled \(f2(reconciled)) (\(e.panelsAgreeing)/\(e.panelsChecked))"
    }

    public static func text(_ e: Evaluation, showErrors: Bool) -> String {
        var out = "panelist eval: \(e.items.count) labelled quotes\n"
        if !e.missing.isEmpty { out += "  not found in the analysed pages: \(e.missing.joined(separator: ", "))\n" }
        for (name, m) in [("persona (slot signal on)", e.persona), ("persona (slot signal off)", e.personaNoSlot), ("stance", e.stance)] {
            out += "\n\(name): accuracy \(pct(m.accuracy)) (\(m.correct)/\(m.total))\n"
            out += "  " + "class".padding(toLength: 12, withPad: " ", startingAt: 0) + "precision  recall     F1   support\n"
            for c in m.perClass {
                out += "  " + c.label.padding(toLength: 12, withPad: " ", startingAt: 0)
                out += String(format: "%8.3f %7.3f %7.3f %7d\n", c.precision, c.recall, c.f1, c.support)
            }
            let columns = m.labels + [Decision.unknown]
            out += "  confusion (rows gold, columns predicted): " + columns.joined(separator: " ") + "\n"
            for gold in m.labels {
                out += "    " + gold.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + columns.map { String(format: "%4d", m.confusion[gold]?[$0] ?? 0) }.joined() + "\n"
            }
        }
        out += "\nrisks: recall \(pct(e.risks.recall)) (\(e.risks.found)/\(e.risks.expected)), precision \(pct(e.risks.precision)) (\(e.risks.truePositives)/\(e.risks.predicted)), category \(pct(e.risks.categoryAccuracy)) (\(e.risks.categoryCorrect)/\(e.risks.found))\n"
        out += "competitors: recall \(pct(e.competitors.recall)) (\(e.competitors.found)/\(e.competitors.expected)), precision \(pct(e.competitors.precision)) (\(e.competitors.truePositives)/\(e.competitors.predicted))\n"
        out += "panels: consistency agrees with the labels for \(e.panelsAgreeing)/\(e.panelsChecked) (undetermined because of unknown stances: \(e.panelsUndetermined)); computed % equals stated % for \(e.computedEqualsStated)/\(e.panelsChecked)\n"
        out += "\n" + row(e) + "\n"
        out += "\nrules (coverage = labelled quotes fired on; accuracy = share of those whose gold label is the rule's):\n"
        out += "  " + "rule".padding(toLength: 44, withPad: " ", startingAt: 0) + "label        cover  acc    overlap conflict\n"
        for r in e.rules {
            out += "  " + r.id.padding(toLength: 44, withPad: " ", startingAt: 0) + r.label.padding(toLength: 12, withPad: " ", startingAt: 0)
            out += String(format: "%6d %6.2f %7d %8d", r.coverage, r.accuracy, r.overlaps, r.conflicts)
            out += (r.coverage >= 3 && r.accuracy < 0.6 ? "  ← weak" : "") + "\n"
        }
        if showErrors {
            out += "\nerrors:\n"
            for item in e.items {
                let q = item.quote
                var wrong: [String] = []
                if q.persona.label != item.gold.persona { wrong.append("persona \(q.persona.label)≠\(item.gold.persona)") }
                if item.personaNoSlot.label != item.gold.persona { wrong.append("persona(no slot) \(item.personaNoSlot.label)≠\(item.gold.persona)") }
                if q.stance.label != item.gold.stance { wrong.append("stance \(q.stance.label)≠\(item.gold.stance)") }
                let names = Set(q.competitors.map(\.name)), gold = Set(item.gold.competitors)
                let pairs = Evaluation.pairNames(found: Set(names.map { Evaluation.canonical($0, e.aliases) }), labelled: Set(gold.map { Evaluation.canonical($0, e.aliases) }), vendors: e.vendors)
                let pairedFound = Set(pairs.map(\.found)), pairedGold = Set(pairs.map(\.labelled))
                let missed = gold.filter { !pairedGold.contains(Evaluation.canonical($0, e.aliases)) }, extra = names.filter { !pairedFound.contains(Evaluation.canonical($0, e.aliases)) }
                if !missed.isEmpty { wrong.append("competitors missed: \(missed.sorted().joined(separator: ", "))") }
                if !extra.isEmpty { wrong.append("competitors extra: \(extra.sorted().joined(separator: ", "))") }
                for anchor in item.gold.risks {
                    if let claim = q.risks.first(where: { $0.text.contains(anchor.anchor) }) {
                        if claim.category != anchor.category { wrong.append("risk category \(claim.category)≠\(anchor.category) for “\(anchor.anchor)”") }
                    } else {
                        wrong.append("risk missed (\(anchor.category)): “\(anchor.anchor)”")
                    }
                }
                for claim in q.risks where !item.gold.risks.contains(where: { claim.text.contains($0.anchor) }) {
                    wrong.append("risk extra (\(claim.category)): “\(Sanitize.oneLine(claim.text))”")
                }
                guard !wrong.isEmpty else { continue }
                out += "  \(item.page)#\(item.index) [\(item.tool)]\n" + wrong.map { "    - \($0)\n" }.joined()
                out += "    persona scores " + item.personaNoSlot.scores.map { "\($0.label)=\(JSON.number($0.score))" }.joined(separator: " ")
                out += "; stance scores " + q.stance.scores.map { "\($0.label)=\(JSON.number($0.score))" }.joined(separator: " ") + "\n"
                out += "    " + ReportText.excerpt(q.text, 140) + "\n"
            }
        }
        return out
    }

    public static func json(_ e: Evaluation) -> String {
        func metrics(_ m: ClassMetrics) -> JSON {
            .object([
                ("accuracy", .double(m.accuracy)), ("correct", .int(m.correct)), ("total", .int(m.total)),
                ("classes", .array(m.perClass.map { c in
                    .object([("label", .string(c.label)), ("precision", .double(c.precision)), ("recall", .double(c.recall)),
                             ("f1", .double(c.f1)), ("support", .int(c.support))])
                })),
                ("confusion", .object(m.labels.map { g in
                    (g, .object((m.labels + [Decision.unknown]).map { ($0, .int(m.confusion[g]?[$0] ?? 0)) }))
                })),
            ])
        }
        func extraction(_ m: ExtractionMetrics, categories: Bool) -> JSON {
            var fields: [(String, JSON)] = [("recall", .double(m.recall)), ("precision", .double(m.precision)), ("found", .int(m.found)),
                                            ("expected", .int(m.expected)), ("true_positives", .int(m.truePositives)), ("predicted", .int(m.predicted))]
            if categories { fields.append(("category_accuracy", .double(m.categoryAccuracy))) }
            return .object(fields)
        }
        return JSON.object([
            ("schema", .string("panelist.eval/1")),
            ("quotes", .int(e.items.count)),
            ("missing", .array(e.missing.map(JSON.string))),
            ("persona", metrics(e.persona)),
            ("persona_no_slot", metrics(e.personaNoSlot)),
            ("stance", metrics(e.stance)),
            ("stance_unknown_share", .double(e.stance.unknownShare)),
            ("risks", extraction(e.risks, categories: true)),
            ("competitors", extraction(e.competitors, categories: false)),
            ("panels", .object([("checked", .int(e.panelsChecked)), ("consistency_agrees", .int(e.panelsAgreeing)),
                                ("computed_equals_stated", .int(e.computedEqualsStated)),
                                ("undetermined", .int(e.panelsUndetermined))])),
            ("rules", .array(e.rules.map { r in
                .object([("id", .string(r.id)), ("field", .string(r.field)), ("label", .string(r.label)), ("coverage", .int(r.coverage)),
                         ("accuracy", .double(r.accuracy)), ("overlaps", .int(r.overlaps)), ("conflicts", .int(r.conflicts))])
            })),
        ]).serialized()
    }
}
