/// One rule's contribution to a label, where it fired and how much it counted.
public struct Evidence: Sendable, Equatable {
    public var rule: String
    public var label: String
    /// The weight as counted, after repeats, modifiers and position.
    public var weight: Double
    /// Unicode scalar offsets into the quote text; nil for signals that are not text (the slot).
    public var span: Range<Int>?
    public var text: String
    /// Modifier rules that changed this cue (negation, hedging).
    public var modifiers: [String] = []
}

/// A label with its confidence, the score of every label, and the evidence behind it.
public struct Decision: Sendable, Equatable {
    public static let unknown = "unknown"
    public var label: String
    public var confidence: Double
    /// Label → summed weight, in the rule set's label order.
    public var scores: [(label: String, score: Double)]
    public var evidence: [Evidence]
    /// The sentence that carries the verdict (scalar offsets) and why it was chosen; stance only.
    public var verdict: VerdictSentence? = nil

    public static func == (a: Decision, b: Decision) -> Bool {
        a.label == b.label && a.confidence == b.confidence && a.evidence == b.evidence
            && a.verdict == b.verdict && a.scores.map(\.label) == b.scores.map(\.label) && a.scores.map(\.score) == b.scores.map(\.score)
    }

    /// Softmax over the scores; below `minConfidence` the label is `unknown`.
    static func decide(labels: [String], evidence: [Evidence], minConfidence: Double) -> Decision {
        var totals = labels.map { ($0, 0.0) }
        for e in evidence {
            if let i = totals.firstIndex(where: { $0.0 == e.label }) { totals[i].1 += e.weight }
        }
        guard let maxScore = totals.map(\.1).max() else {
            return Decision(label: unknown, confidence: 0, scores: [], evidence: evidence)
        }
        let exps = totals.map { exp($0.1 - maxScore) }
        let sum = exps.reduce(0, +)
        let best = totals.firstIndex { $0.1 == maxScore } ?? 0
        let confidence = exps[best] / sum
        // A tie is no answer, whatever the confidence.
        let tied = totals.filter { $0.1 == maxScore }.count > 1
        let label = (confidence < minConfidence || tied) ? unknown : totals[best].0
        return Decision(label: label, confidence: rounded(confidence), scores: totals.map { ($0.0, rounded($0.1)) }, evidence: evidence)
    }

    /// To three decimals, and within ±1e12 so no sum or product of weights becomes inf or nan.
    static func rounded(_ x: Double) -> Double {
        if x.isNaN { return 0 }
        return (min(max(x, -Decision.maxScore), Decision.maxScore) * 1000).rounded() / 1000
    }
    static let maxScore = 1e12
}

/// The sentence of a quote whose stance cues weigh most, and why.
public struct VerdictSentence: Sendable, Equatable {
    /// Unicode scalar offsets into the quote text.
    public var span: Range<Int>
    public var text: String
    public var reason: String
}

/// What the rules found in one quote's text, before any slot signal.
/// The same text gets the same analysis wherever it occurs.
public struct QuoteAnalysis: Sendable {
    public var text: String
    public var personaEvidence: [Evidence]
    public var stance: Decision
    public var risks: [RiskClaim]
    public var competitors: [CompetitorMention]
    /// A regex limit stopped a scan; what was found before it still counts.
    public var limitNote: String?
}

/// A risk the reviewer raises (filled by the risk extractor).
public struct RiskClaim: Sendable, Equatable {
    public var text: String
    public var span: Range<Int>
    public var category: String
    public var horizon: String?
    public var conditional: Bool
    public var actors: [String]
    public var rules: [String]
}

/// A product, vendor or model the quote names (filled by the competitor finder).
public struct CompetitorMention: Sendable, Equatable {
    public var name: String
    public var surface: String
    public var span: Range<Int>
    public var kind: String
    public var source: String
    /// The gazetteer entry or discovery rule that found it.
    public var rule: String
}

import Foundation
