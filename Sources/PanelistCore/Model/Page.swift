/// The two layouts the comparison site publishes.
public enum Layout: String, Sendable, Codable {
    case plain
    case rich
}

/// One tool's card on a page, with what the page states about it.
public struct ToolCard: Sendable, Equatable {
    public var name: String
    public var nameLine: Int = 0
    public var category: String?
    public var tagline: String?
    /// The panel ship percentage as printed ("75%", "—", "N/A"); nil when the line is missing.
    public var panelText: String?
    public var panelLine: Int = 0
    /// The printed percentage when it is a number.
    public var statedShipPct: Int?
    public var badge: String?
    public var community: String?
    public var entry: String?
    public var description: String?
    // Rich layout's Decision block.
    public var pricing: String?
    public var bestFor: String?
    public var verdict: String?

    public init(name: String) { self.name = name }
}

/// What a rich page's reviewer header says. Kept beside the engine's answer, never used by it.
public struct StatedReview: Sendable, Equatable {
    public var reviewer: String
    public var score: Int?
    public var stance: String?
    public var line: Int
}

/// A quote as read: its text and where it stands.
public struct Quote: Sendable, Equatable {
    public var text: String
    public var file: String
    /// 1-based position in the scorecard.
    public var index: Int
    /// 0 for the first tool (odd index), 1 for the second.
    public var toolIndex: Int
    public var line: Int
    public var column: Int
    public var stated: StatedReview?
    /// The page ended inside this quote.
    public var truncated: Bool = false

    /// 0-based reviewer slot within the tool's panel: dx, competitor, futurist, business.
    public var slot: Int { (index - 1) / 2 }
}

/// One page, everything read from it, and what went wrong reading it.
public struct Page: Sendable {
    public var path: String
    public var layout: Layout
    public var title: String?
    public var tools: [ToolCard]
    public var quotes: [Quote]
    public var diagnostics: [Diagnostic]
    /// The page ends before its footer (a cut-off scrape).
    public var truncated: Bool
    public var hasScorecard: Bool
    public var scorecardLine: Int?
    public var lineCount: Int

    public init(path: String, layout: Layout = .plain) {
        self.path = path
        self.layout = layout
        tools = []
        quotes = []
        diagnostics = []
        truncated = false
        hasScorecard = false
        lineCount = 0
    }

    public func quotes(forTool index: Int) -> [Quote] { quotes.filter { $0.toolIndex == index } }
}
