/// Where a quote occurs.
public struct Occurrence: Sendable, Equatable {
    public var page: String
    public var index: Int
    public var line: Int
    public var column: Int
    public var slot: Int
    public var stated: StatedReview?

    public init(page: String, index: Int, line: Int, column: Int, slot: Int, stated: StatedReview? = nil) {
        self.page = page
        self.index = index
        self.line = line
        self.column = column
        self.slot = slot
        self.stated = stated
    }
}

/// One distinct quote about one tool, with every place it occurs and the engine's answers.
public struct QuoteReport: Sendable {
    public var id: String
    public var text: String
    public var occurrences: [Occurrence]
    public var persona: Decision
    public var stance: Decision
    public var risks: [RiskClaim]
    public var competitors: [CompetitorMention]
    public var limitNote: String?
    public var truncated: Bool
}

/// What one page states about a tool, kept beside the engine's answer and never used by it.
public struct StatedValues: Sendable, Equatable {
    /// The tool card's badge (`Ship`, `Mixed`, `Skip`), or a tool page's badge word.
    public var badge: String?
    /// A tool page's badge score (`Skip · 5.0/10` → 5.0).
    public var badgeScore: Double?
    /// The Decision block's `Panel verdict` as printed, or a tool page's overall verdict.
    public var verdict: String?
    /// The vote counts stated with the verdict (`3 ship / 1 skip`, `3-1`).
    public var split: StatedSplit?
    public var community: String?
    public var pricing: String?
    public var bestFor: String?
    public var category: String?
    public var entry: String?
    public var tagline: String?
    public var description: String?
    /// A tool page's `Reviewed` date.
    public var reviewed: String?

    public init() {}

    init(_ card: ToolCard) {
        badge = card.badge
        badgeScore = card.badgeScore
        verdict = card.verdict
        split = card.statedSplit
        community = card.community
        pricing = card.pricing
        bestFor = card.bestFor
        category = card.category
        entry = card.entry
        tagline = card.tagline
        description = card.description
        reviewed = card.reviewed
    }

    /// `Ship · 3 ship / 1 skip` → `3 ship / 1 skip`.
    static func countsPart(_ verdict: String) -> String {
        guard let dot = verdict.firstIndex(of: "·") else { return verdict }
        return String(verdict[verdict.index(after: dot)...]).trimmingCharacters(in: .whitespaces)
    }
}

/// A stated value the engine's answer does not bear out, with the evidence.
public struct Disagreement: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The stated panel % against the computed one.
        case percent = "panel-pct"
        /// The stated ship/skip counts against the computed ones.
        case split = "panel-split"
        /// A reviewer's stated verdict against the engine's stance for the quote.
        case verdict = "reviewer-verdict"
    }
    public var kind: Kind
    public var page: String
    public var line: Int
    public var stated: String
    public var computed: String
    /// For a reviewer verdict: the quote's id, index on the page and reviewer.
    public var quote: String?
    public var index: Int?
    public var reviewer: String?
    /// The rules behind the engine's answer (a verdict), or the counts (a panel).
    public var evidence: [String]
}

/// A tool's panel on one page: what the page states and what the quotes say.
public struct PanelReport: Sendable, Equatable {
    public var page: String
    public var statedShipPct: Int?
    public var statedText: String?
    /// nil when no quote has a decided stance (all `unknown`, or none).
    public var computedShipPct: Int?
    public var ship: Int
    public var skip: Int
    public var unknown: Int
    /// nil when the page states no percentage to compare with.
    public var consistent: Bool?
    /// Everything else the page states about the tool.
    public var stated: StatedValues = StatedValues()
    /// The stated counts against the computed ones; nil when there are none or unknowns leave it open.
    public var splitConsistent: Bool? = nil
    /// Reviewers' stated verdicts the engine agrees / disagrees with.
    public var verdictsAgreeing: Int = 0
    public var disagreements: [Disagreement] = []
    /// Where the tool's card starts on the page.
    public var line: Int = 0

    public init(page: String, statedShipPct: Int?, statedText: String?, computedShipPct: Int?, ship: Int, skip: Int,
                unknown: Int, consistent: Bool?) {
        self.page = page
        self.statedShipPct = statedShipPct
        self.statedText = statedText
        self.computedShipPct = computedShipPct
        self.ship = ship
        self.skip = skip
        self.unknown = unknown
        self.consistent = consistent
    }

    public var decided: Int { ship + skip }
}

public struct ToolReport: Sendable {
    public var name: String
    public var category: String?
    public var tagline: String?
    public var entry: String?
    public var community: String?
    public var pricing: String?
    public var panels: [PanelReport]
    public var quotes: [QuoteReport]

    /// persona → stance → number of distinct quotes, in the rule set's label order plus unknown.
    public func split(personas: [String], stances: [String]) -> [(persona: String, counts: [(stance: String, count: Int)])] {
        (personas + [Decision.unknown]).map { p in
            (p, (stances + [Decision.unknown]).map { s in
                (s, quotes.filter { $0.persona.label == p && $0.stance.label == s }.count)
            })
        }
    }
}

public struct PageReport: Sendable {
    public var path: String
    public var layout: Layout
    public var title: String?
    public var tools: [String]
    public var quoteCount: Int
    public var truncated: Bool
    public var diagnostics: [Diagnostic]
}

/// The whole analysis of a corpus, ready for any printer.
public struct Report: Sendable {
    public var pages: [PageReport]
    public var tools: [ToolReport]
    /// Input problems that belong to no page (a missing path).
    public var inputDiagnostics: [Diagnostic]
    public var personaLabels: [String]
    public var stanceLabels: [String]
    public var slotPrior: Bool

    public var diagnostics: [Diagnostic] { (inputDiagnostics + pages.flatMap(\.diagnostics)).sorted() }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var quoteCount: Int { tools.reduce(0) { $0 + $1.quotes.count } }
}
