/// The layouts the review site publishes, told apart by content.
public enum Layout: String, Sendable, Codable, CaseIterable {
    /// A comparison of two tools, one quote per line in curly quotes.
    case plain
    /// The same comparison with blank lines, badges, a Decision block and reviewer headers.
    case rich
    /// One tool's review page: reviewer, perspective, quote.
    case toolPlain = "tool-plain"
    /// The same page with blank lines, a `Back to reviews` link and a verdict per reviewer.
    case toolRich = "tool-rich"
    /// The newer design of the tool page: an overall verdict and split, no verdict per reviewer.
    case toolVerdictPlain = "tool-verdict-plain"
    /// The newer design's rich rendering, with a `Skip · 5.0/10` badge and a `Reviewed` date.
    case toolVerdictRich = "tool-verdict-rich"

    /// A page about one tool rather than a comparison of two.
    public var isToolPage: Bool { self != .plain && self != .rich }
    /// Items separated by blank lines, quotes without curly quotes.
    public var isRich: Bool { self == .rich || self == .toolRich || self == .toolVerdictRich }
}

/// A split of votes as a page states it (`3 ship / 1 skip`, `3-1`, `3 Ships1 Skips`).
public struct StatedSplit: Sendable, Equatable {
    public var ship: Int
    public var skip: Int
    public var line: Int
    public init(ship: Int, skip: Int, line: Int) {
        self.ship = ship
        self.skip = skip
        self.line = line
    }
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
    /// The Decision block's `Panel verdict` as printed, or a tool page's overall verdict (`Ship`).
    public var verdict: String?
    public var verdictLine: Int = 0
    /// The vote counts stated beside the verdict.
    public var statedSplit: StatedSplit?
    /// A tool page's rich badge score (`Skip · 5.0/10` → 5.0) and review date.
    public var badgeScore: Double?
    public var reviewed: String?

    public init(name: String) { self.name = name }
}

/// What a rich page's reviewer header says. Kept beside the engine's answer, never used by it.
public struct StatedReview: Sendable, Equatable {
    public var reviewer: String
    public var score: Int?
    public var stance: String?
    public var line: Int
    /// A tool page's perspective line (`Developer Perspective`).
    public var perspective: String?

    public init(reviewer: String, score: Int? = nil, stance: String? = nil, line: Int, perspective: String? = nil) {
        self.reviewer = reviewer
        self.score = score
        self.stance = stance
        self.line = line
        self.perspective = perspective
    }
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
    /// 0-based reviewer slot within the tool's panel (dx, competitor, futurist, business);
    /// -1 when the page does not say. A comparison's scorecard gives it by position,
    /// a tool page by the reviewer's name (rules/layout.yaml).
    public var slot: Int = -1
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
