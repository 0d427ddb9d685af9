import Foundation

/// Learns rule weights from labelled quotes, so the weights in the YAML are
/// measured rather than guessed, and stay explainable: one number per rule.
///
/// The model is the engine's own decision: a label's score is the sum of its
/// evidence, the confidence a softmax over the scores. Each rule hit becomes
/// a feature worth the hit's counted weight divided by the rule's weight (so
/// repeats, modifiers, the verdict sentence and negation keep their effect),
/// on the label it voted for. Fitting minimises cross-entropy plus an L2 pull
/// towards the current weights (a rule seen on few quotes keeps about the
/// weight it had), with weights kept ≥ 0, by a fixed number of full-batch
/// gradient steps in a fixed order: the same labels give the same weights.
public enum RuleFit {
    /// One labelled quote: the rule hits as (parameter, label, amount), the
    /// evidence that is not a rule (prior, slot, mentions) per label, and the gold label.
    public struct Example: Sendable {
        public var hits: [(parameter: Int, label: Int, amount: Double)]
        public var fixed: [Double]
        public var gold: Int
        public init(hits: [(parameter: Int, label: Int, amount: Double)], fixed: [Double], gold: Int) {
            self.hits = hits
            self.fixed = fixed
            self.gold = gold
        }
    }

    public struct Options: Sendable {
        /// Strength of the pull towards the starting weights.
        public var lambda = 0.05
        public var learningRate = 0.05
        public var iterations = 3000
        public init() {}
    }

    /// Fitted weights for every parameter, starting from (and pulled towards) `initial`.
    public static func fit(_ examples: [Example], labels: Int, initial: [Double], options: Options = Options()) -> [Double] {
        var w = initial
        guard !examples.isEmpty else { return w }
        let n = Double(examples.count)
        for _ in 0..<options.iterations {
            var gradient = [Double](repeating: 0, count: w.count)
            for ex in examples {
                let p = probabilities(ex, weights: w, labels: labels)
                for h in ex.hits {
                    // d(cross-entropy)/d(score of label) = p − y.
                    let y = h.label == ex.gold ? 1.0 : 0.0
                    gradient[h.parameter] += (p[h.label] - y) * h.amount / n
                }
            }
            // A gradient step on the data, then the exact (proximal) step of the L2 pull,
            // which stays stable however strong the pull is.
            let pull = 2 * options.learningRate * options.lambda
            for i in w.indices {
                let stepped = w[i] - options.learningRate * gradient[i]
                w[i] = max(0, (stepped + pull * initial[i]) / (1 + pull))
            }
        }
        return w.map { ($0 * 100).rounded() / 100 }
    }

    public static func probabilities(_ ex: Example, weights: [Double], labels: Int) -> [Double] {
        var scores = ex.fixed
        if scores.count < labels { scores += [Double](repeating: 0, count: labels - scores.count) }
        for h in ex.hits { scores[h.label] += weights[h.parameter] * h.amount }
        let top = scores.max() ?? 0
        let exps = scores.map { Foundation.exp($0 - top) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }

    /// The confidence threshold, from `candidates`, that decides most quotes right
    /// (an `unknown` counts as wrong); on a tie the one nearest `current`.
    public static func threshold(_ examples: [Example], labels: Int, weights: [Double], candidates: [Double], current: Double) -> Double {
        var best = current, bestCorrect = -1
        for t in candidates.sorted(by: { abs($0 - current) < abs($1 - current) }) {
            let correct = examples.filter { ex in
                let p = probabilities(ex, weights: weights, labels: labels)
                let top = p.max()!
                let winners = p.indices.filter { p[$0] == top }
                return winners.count == 1 && winners[0] == ex.gold && top >= t
            }.count
            if correct > bestCorrect { best = t; bestCorrect = correct }
        }
        return best
    }

    /// Examples for one field ("stance" or "persona", content only) from an evaluation.
    /// Returns the rule ids in parameter order with their current weights.
    public static func examples(_ e: Evaluation, field: String, rules: RuleSet) -> (ids: [String], initial: [Double], examples: [Example], labels: [String]) {
        let labels = field == "stance" ? rules.stanceLabels : rules.personaLabels
        let ruleList = (field == "stance" ? rules.stance : rules.persona).rules
        let base = Dictionary(ruleList.map { ($0.id, $0.weight) }, uniquingKeysWith: { a, _ in a })
        var ids: [String] = []
        var parameter: [String: Int] = [:]
        var examples: [Example] = []
        for item in e.items {
            let gold = field == "stance" ? item.gold.stance : item.gold.persona
            guard let g = labels.firstIndex(of: gold) else { continue }
            let evidence = field == "stance" ? item.quote.stance.evidence : item.personaNoSlot.evidence
            var hits: [(Int, Int, Double)] = []
            var fixed = [Double](repeating: 0, count: labels.count)
            for ev in evidence {
                guard let l = labels.firstIndex(of: ev.label) else { continue }
                if ev.span != nil, let w0 = base[ev.rule], w0 > 0 {
                    if parameter[ev.rule] == nil { parameter[ev.rule] = ids.count; ids.append(ev.rule) }
                    hits.append((parameter[ev.rule]!, l, ev.weight / w0))
                } else {
                    fixed[l] += ev.weight
                }
            }
            examples.append(Example(hits: hits, fixed: fixed, gold: g))
        }
        return (ids, ids.map { base[$0]! }, examples, labels)
    }

    /// `text` of a rule file with the given rules' `weight:` lines and the
    /// file's `min_confidence` setting replaced, and a first-line comment
    /// saying when and on what they were fitted (replacing an earlier one).
    public static func rewrite(_ text: String, weights: [String: Double], minConfidence: Double?, note: String) -> String {
        var lines = text.components(separatedBy: "\n")
        var current: String? = nil
        for i in lines.indices {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- id:") {
                current = trimmed.dropFirst(5).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
                continue
            }
            if let id = current, let w = weights[id], trimmed.hasPrefix("weight:") {
                let indent = line.prefix { $0 == " " }
                lines[i] = indent + "weight: " + JSON.number(w)
                current = nil
                continue
            }
            if current == nil, let t = minConfidence, trimmed.hasPrefix("min_confidence:"), line.hasPrefix("  "), !line.hasPrefix("   ") {
                lines[i] = "  min_confidence: " + JSON.number(t)
            }
        }
        let marker = "# Weights fitted by 'panelist rules fit'"
        lines.removeAll { $0.hasPrefix(marker) }
        lines.insert(marker + " " + note, at: 0)
        return lines.joined(separator: "\n")
    }
}
