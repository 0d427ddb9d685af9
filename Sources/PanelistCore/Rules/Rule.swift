/// The concern a rule file speaks to; one file per kind in `rules/`.
public enum RuleKind: String, Sendable, CaseIterable, Comparable {
    case persona, stance, risk, horizon, competitor, section, lint, layout

    public static func < (a: RuleKind, b: RuleKind) -> Bool { a.rawValue < b.rawValue }
}

/// How a stance modifier changes the cues in its scope.
public enum ModifierEffect: String, Sendable {
    /// Flips ship ↔ skip ("not a ship", "I wouldn't skip this").
    case negate
    /// Weakens the cue ("ship only if …", "skip unless …").
    case hedge
    /// Strengthens the cue ("On balance …").
    case emphasis
    /// A turn ("but", "even so", "that said"): strengthens the cues in its scope
    /// and discounts every cue before it in the quote, since what follows a
    /// contrast is what the reviewer lands on.
    case contrast
    /// A feeling about a proposition ("I'd be sad if …", "I'd hate to see …"): flips the
    /// cues in its scope like `negate`, unless a negation reaches it ("I wouldn't be
    /// sad if …"), in which case the two cancel and neither flips anything.
    case affect
}

/// Where a modifier reaches: so many words before or after it, never past a clause end.
public struct ModifierScope: Sendable, Equatable {
    public enum Direction: String, Sendable { case forward, backward, both }
    public var direction: Direction
    public var words: Int
}

/// Where something was written, for messages: `file:line:column`.
public struct SourceMark: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var description: String { "\(file):\(line):\(column)" }
}

/// An example that must (or must not) match its rule, with where it is written.
public struct RuleExample: Sendable, Equatable {
    public var text: String
    public var mark: SourceMark
}

/// One rule as written in YAML. Which fields apply depends on the kind.
public struct Rule: Sendable, Equatable {
    public var id: String
    public var kind: RuleKind
    /// The class the rule votes for: a persona, a stance, a risk category, a persona for sections.
    public var label: String?
    public var patterns: [String]
    public var weight: Double
    public var level: Severity?
    public var message: String?
    public var link: String?
    public var caseSensitive: Bool
    public var effect: ModifierEffect?
    public var scope: ModifierScope?
    /// Lint sections: the section's name ("the primitive").
    public var section: String?
    /// Gazetteer entries: canonical name, entity kind, vendor.
    public var name: String?
    public var entity: String?
    public var vendor: String?
    /// Gazetteer aliases as written (also compiled into `patterns`).
    public var aliases: [String] = []
    public var mustMatch: [RuleExample]
    public var mustNotMatch: [RuleExample]
    public var mark: SourceMark
    /// Where each pattern is written, for compile errors.
    public var patternMarks: [SourceMark]
    /// Fields a kind needs beyond the common ones (e.g. a lint check's thresholds).
    public var options: [String: Double]

    public init(id: String, kind: RuleKind, mark: SourceMark) {
        self.id = id
        self.kind = kind
        self.mark = mark
        label = nil
        patterns = []
        weight = 1
        caseSensitive = false
        mustMatch = []
        mustNotMatch = []
        patternMarks = []
        options = [:]
    }

    /// Weights (and numeric settings) lie in -maxWeight...maxWeight: far beyond
    /// any useful vote, and small enough that no sum of capped hits overflows.
    public static let maxWeight: Double = 1000

    public var isModifier: Bool { effect != nil }
    /// A competitor rule that finds names by context rather than by alias.
    public var isDiscovery: Bool { options["discovery"] == 1 }
    /// A stance cue that counts only in the verdict clause, and only where no other cue reads
    /// its words and no modifier there reached another cue (`counts_in: verdict`): a bare
    /// negation closing a review ("I shan't be renewing") refuses what it leaves unnamed.
    public var verdictOnly: Bool { options["verdict_only"] == 1 }
    /// A stance cue of adopting or dropping whose object may be a named rival (`rival_object: flip`):
    /// then it is said of the rival and votes the other way.
    public var flipsOnRivalObject: Bool { options["rival_flip"] == 1 }
}

/// A rule file's problem, reported as `file:line:col: rule ID: message`.
public struct RuleProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var mark: SourceMark
    public var ruleID: String?
    public var message: String

    public var description: String {
        if let ruleID { return "\(mark): rule \(ruleID): \(message)" }
        return "\(mark): \(message)"
    }
}
