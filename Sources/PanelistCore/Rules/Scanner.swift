import PCRE2

/// One rule firing: which rule, where (UTF-8 byte range of the scanned text),
/// and the `name` group's range when the rule captures one.
public struct Hit: Sendable, Equatable {
    public var rule: Int
    public var range: Range<Int>
    public var name: Range<Int>?
}

/// All rules of one group compiled into a single PCRE2 pattern, one
/// alternative per pattern, each tagged with `(*MARK:n)` for its rule.
/// One pass over a text finds every rule's hits.
public final class Scanner: @unchecked Sendable {
    public let rules: [Rule]
    let pattern: Pattern?
    let nameGroups: [Int]

    /// At one start position PCRE2 takes the first alternative that matches, so
    /// alternatives keep file order, except that with `longestAliasFirst`
    /// context patterns come first and longer gazetteer aliases before shorter
    /// ones ("Claude 4 Opus" before "Claude"), as a lexer orders its literals.
    init(rules: [Rule], longestAliasFirst: Bool = false) throws {
        self.rules = rules
        var entries: [(key: Int, order: Int, text: String)] = []
        for (i, rule) in rules.enumerated() {
            let wrap = { (p: String) in "(*MARK:\(i))(?\(rule.caseSensitive ? "-i" : "i"):\(p))" }
            if longestAliasFirst, !rule.aliases.isEmpty {
                for (alias, p) in zip(rule.aliases, rule.patterns) {
                    entries.append((-alias.utf8.count, entries.count, wrap(p)))
                }
            } else {
                for p in rule.patterns { entries.append((longestAliasFirst ? Int.min : 0, entries.count, wrap(p))) }
            }
        }
        let alternatives = entries.sorted { ($0.key, $0.order) < ($1.key, $1.order) }.map(\.text)
        guard !alternatives.isEmpty else {
            pattern = nil
            nameGroups = []
            return
        }
        let combined = try Pattern(alternatives.joined(separator: "|"), options: [.duplicateNames])
        pattern = combined
        nameGroups = combined.groupNumbers(named: "name")
    }

    /// Compiles one rule's pattern alone, as its examples and error messages see it.
    static func compileAlone(_ rule: Rule, pattern: String) throws -> Pattern {
        try Pattern(pattern, options: rule.caseSensitive ? [] : [.caseless])
    }

    /// Every hit in `text`. Hits of different rules may overlap; a rule's own
    /// hits do not. Stops early, reporting the limit, if a match runs away.
    func scan(_ text: String, with matcher: Matcher?) -> (hits: [Hit], limit: PCRE2Error?) {
        guard let matcher else { return ([], nil) }
        var hits: [Hit] = []
        var lastEnd: [Int: Int] = [:]
        var text = text
        do {
            try text.withUTF8 { bytes in
                try matcher.forEachMatch(in: bytes, overlapping: true) { match in
                    guard let mark = match.mark, let rule = Int(mark), !match.range.isEmpty else { return }
                    if let end = lastEnd[rule], match.range.lowerBound < end { return }
                    lastEnd[rule] = match.range.upperBound
                    let name = nameGroups.lazy.compactMap { $0 < match.groups.count ? match.groups[$0] : nil }.first
                    hits.append(Hit(rule: rule, range: match.range, name: name))
                }
            }
        } catch let error as PCRE2Error {
            return (hits, error)
        } catch {
            return (hits, .other(code: 0, message: "\(error)"))
        }
        return (hits, nil)
    }
}

/// Per-thread matching state for a rule set: one reusable matcher per scanner.
public final class ScanSession {
    private var matchers: [ObjectIdentifier: Matcher] = [:]
    let limits: MatchLimits

    public init(limits: MatchLimits = .standard) { self.limits = limits }

    public func scan(_ scanner: Scanner, _ text: String) -> (hits: [Hit], limit: PCRE2Error?) {
        guard let pattern = scanner.pattern else { return ([], nil) }
        let key = ObjectIdentifier(scanner)
        let matcher: Matcher
        if let existing = matchers[key] { matcher = existing } else {
            matcher = Matcher(pattern, limits: limits)
            matchers[key] = matcher
        }
        return scanner.scan(text, with: matcher)
    }
}
