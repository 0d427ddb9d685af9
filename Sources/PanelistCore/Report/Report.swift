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

/// A tool's panel on one page: what the page states and what the quotes say.
public struct PanelReport: Sendable, Equatable {
    public var page: String
    public var statedShipPct: Int?
    public var statedText: String?
    public var computedShipPct: Int?
    public var ship: Int
    public var skip: Int
    public var unknown: Int
    /// nil when the page states no percentage to compare with.
    public var consistent: Bool?
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
