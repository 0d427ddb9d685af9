import Foundation

/// Why one quote got its labels: every rule that fired, the scores, the slot
/// signal, the decision and confidence, and what the extractors found.
public enum Explanation {
    public static func text(quote: QuoteReport, rules: RuleSet, place: String?) -> String {
        var out = ""
        if let place { out += "\(Sanitize.visible(place))\n" }
        out += ReportText.excerpt(quote.text, 400) + "\n"
        out += section("persona", quote.persona, rules: rules, labels: rules.personaLabels, minConfidence: rules.personaMinConfidence)
        out += section("stance", quote.stance, rules: rules, labels: rules.stanceLabels, minConfidence: rules.stanceMinConfidence(for: quote.stance.evidence))
        out += "\nrisks (\(quote.risks.count))\n"
        for r in quote.risks {
            out += "  \(r.category) [\(r.span.lowerBound),\(r.span.upperBound)) by \(r.rules.joined(separator: ", "))"
            out += (r.horizon.map { ", horizon \($0)" } ?? "") + (r.conditional ? ", conditional" : "")
            out += (r.actors.isEmpty ? "" : ", actors \(r.actors.joined(separator: ", "))") + "\n"
            out += "    " + ReportText.excerpt(r.text, 160) + "\n"
        }
        out += "\ncompetitors (\(quote.competitors.count))\n"
        for c in quote.competitors {
            out += "  \(Sanitize.oneLine(c.name)) (\(c.kind), \(c.source)) as “\(Sanitize.oneLine(c.surface))” at [\(c.span.lowerBound),\(c.span.upperBound)) by \(c.rule)\n"
        }
        if let note = quote.limitNote { out += "\nnote: \(note)\n" }
        return out
    }

    static func section(_ name: String, _ d: Decision, rules: RuleSet, labels: [String], minConfidence: Double) -> String {
        var out = "\n\(name): \(d.label) (confidence \(String(format: "%.3f", d.confidence)); below \(minConfidence) is unknown)\n"
        out += "  scores: " + d.scores.map { "\($0.label) \(JSON.number($0.score))" }.joined(separator: ", ") + "\n"
        if let v = d.verdict {
            out += "  verdict sentence [\(v.span.lowerBound),\(v.span.upperBound)): \(ReportText.excerpt(v.text, 200))\n"
            out += "    why it weighs most: \(v.reason); its cues count ×\(JSON.number(rules.verdictBoost))"
            out += rules.contrastDiscount != 1 ? ", and cues before a contrast (but, even so, …) ×\(JSON.number(rules.contrastDiscount))\n" : "\n"
        }
        if d.evidence.isEmpty { out += "  no rule fired\n" }
        for e in d.evidence {
            let at = e.span.map { "[\($0.lowerBound),\($0.upperBound))" } ?? "(signal)"
            out += "  \(e.label.padding(toLength: 11, withPad: " ", startingAt: 0)) +\(JSON.number(e.weight))".padding(toLength: 22, withPad: " ", startingAt: 0)
            out += " \(e.rule) \(at) “\(Sanitize.oneLine(e.text))”"
            if !e.modifiers.isEmpty { out += " modified by \(e.modifiers.joined(separator: ", "))" }
            out += "\n"
        }
        out += "  decision: softmax over the scores; the top label's share is the confidence\n"
        return out
    }

    public static func json(quote: QuoteReport) -> String {
        ReportJSON.quote(quote).serialized()
    }
}
