import PCRE2

/// One rule firing: which rule, where (UTF-8 byte range of the scanned text),
/// and the `name` group's range when the rule captures one.
public struct Hit: Sendable, Equatable {
    public var rule: Int
    public var range: Range<Int>
    public var name: Range<Int>?
}

/// All rules of one group compiled into a single PCRE2 pattern, one
/// alternative per pattern, each ending in `(*MARK:n)(?C1)`: the mark names the
/// rule and the callout records the hit, so one pass finds every rule's hits.
/// One pass over a text finds every rule's hits.
public final class Scanner: @unchecked Sendable {
    public let rules: [Rule]
    /// Alternatives that can only start where a word starts, behind one shared
    /// `\b(?=\w)` gate, so PCRE2 tries them once per word instead of once per
    /// character; and the rest. Either may be absent.
    let patterns: [Pattern]
    let nameGroups: [[Int]]

    /// At one start position PCRE2 takes the first alternative that matches, so
    /// alternatives keep file order, except that with `longestAliasFirst`
    /// context patterns come first and longer gazetteer aliases before shorter
    /// ones ("Claude 4 Opus" before "Claude"), as a lexer orders its literals.
    init(rules: [Rule], longestAliasFirst: Bool = false) throws {
        self.rules = rules
        // (sort key, file order, rule, pattern)
        var entries: [(key: Int, order: Int, rule: Int, pattern: String)] = []
        for (i, rule) in rules.enumerated() {
            let keyed: [(Int, String)] = longestAliasFirst && !rule.aliases.isEmpty
                ? zip(rule.aliases, rule.patterns).map { (-$0.utf8.count, $1) }
                : rule.patterns.map { (longestAliasFirst ? Int.min : 0, $0) }
            for (key, p) in keyed { entries.append((key, entries.count, i, p)) }
        }
        let ordered = entries.sorted { ($0.key, $0.order) < ($1.key, $1.order) }
        // The mark goes last: a leading (*MARK) would stop PCRE2 from building its start-of-match bitmap.
        // The callout records the hit and fails, so PCRE2 goes on to every other alternative.
        func wrap(_ rule: Int, _ p: String) -> String { "(?\(rules[rule].caseSensitive ? "-i" : "i"):\(p))(*MARK:\(rule))(?C1)" }

        // Word-start alternatives, bucketed by their first letter, so at each word start
        // PCRE2 checks one letter and tries only that letter's alternatives.
        var buckets: [Character: [String]] = [:]
        var bucketOrder: [Character] = []
        var free: [String] = []
        // Alternatives that start at a word boundary but not plainly with a letter
        // ("\b(?:the )?risks?"): one shared `\b` gate skips them inside words.
        var atBoundary: [String] = []
        for e in ordered {
            // A bare `(?i)` changes the branches after it, so such a pattern stays whole.
            guard !Scanner.hasBareOptions(e.pattern) else { free.append(wrap(e.rule, e.pattern)); continue }
            // Each top-level branch goes where it is cheapest to try; a rule's hits are
            // the union of its branches' hits, wherever they are tried.
            for branch in Scanner.topLevelBranches(e.pattern) {
                guard branch.hasPrefix("\\b") else { free.append(wrap(e.rule, branch)); continue }
                let rest = String(branch.dropFirst(2))
                guard Scanner.beginsWithWordCharacter(rest), let letters = Scanner.firstLetters(rest), !letters.isEmpty else {
                    atBoundary.append(wrap(e.rule, branch))
                    continue
                }
                for letter in letters.sorted() {
                    if buckets[letter] == nil { bucketOrder.append(letter) }
                    buckets[letter, default: []].append(wrap(e.rule, branch))
                }
            }
        }
        var patterns: [Pattern] = []
        if !bucketOrder.isEmpty {
            let dispatch = bucketOrder.sorted().map { letter -> String in
                let upper = Character(letter.uppercased())
                let set = letter == upper ? "\(letter)" : "\(letter)\(upper)"
                return "(?=[\(set)])(?:" + buckets[letter]!.joined(separator: "|") + ")"
            }
            patterns += try Scanner.compileSplitting(dispatch) { "\\b(?=\\w)(?:" + $0.joined(separator: "|") + ")" }
        }
        if !atBoundary.isEmpty { patterns += try Scanner.compileSplitting(atBoundary) { "\\b(?:" + $0.joined(separator: "|") + ")" } }
        if !free.isEmpty { patterns += try Scanner.compileSplitting(free) { $0.joined(separator: "|") } }
        self.patterns = patterns
        nameGroups = patterns.map { $0.groupNumbers(named: "name") }
    }

    /// Alternatives joined into one pattern; when PCRE2 finds that too large to
    /// compile, two patterns of half the alternatives each, and so on. Every
    /// alternative's hits are still reported (they are merged and sorted by `scan`).
    static func compileSplitting(_ alternatives: [String], join: ([String]) -> String) throws -> [Pattern] {
        do {
            return [try Pattern(join(alternatives), options: [.duplicateNames])]
        } catch let error as CompileError where error.code == patternTooLarge && alternatives.count > 1 {
            let half = alternatives.count / 2
            return try compileSplitting(Array(alternatives[..<half]), join: join) + compileSplitting(Array(alternatives[half...]), join: join)
        }
    }

    /// PCRE2_ERROR_PATTERN_TOO_LARGE.
    static let patternTooLarge: Int32 = 120

    /// A bare `(?i)`-style setting changes the branches after it, so such a pattern is never split.
    static func hasBareOptions(_ pattern: String) -> Bool {
        pattern.range(of: #"(?<!\\)\(\?[a-zA-Z^-]+\)"#, options: .regularExpression) != nil
    }

    /// Lowercased ASCII letters or digits a branch can start with; nil when that is not plain to see.
    static func firstLetters(_ s: String) -> Set<Character>? {
        guard let c = s.first else { return nil }
        if c.isASCII, c.isLetter || c.isNumber { return [Character(c.lowercased())] }
        guard s.hasPrefix("(?:"), let body = groupBody(s) else { return nil }
        var letters: Set<Character> = []
        for branch in topLevelBranches(body) {
            guard let more = firstLetters(branch) else { return nil }
            letters.formUnion(more)
        }
        // An optional group in front: the text starts with it or with what follows it.
        if let rest = afterOptionalGroup(s, body: body) {
            guard let more = firstLetters(rest) else { return nil }
            letters.formUnion(more)
        }
        return letters
    }

    /// What follows a leading `(?:...)?` group (greedy, exactly one `?`); nil when `s` does not start with one.
    static func afterOptionalGroup(_ s: String, body: String) -> String? {
        let after = s.dropFirst(3 + body.count + 1)
        guard after.first == "?" else { return nil }
        let rest = after.dropFirst()
        if let next = rest.first, next == "?" || next == "+" { return nil }
        return String(rest)
    }

    /// The text inside the group that opens `s`, up to its matching parenthesis.
    static func groupBody(_ s: String) -> String? {
        var depth = 0, escaped = false, inClass = false
        for i in s.indices {
            if escaped { escaped = false; continue }
            let c = s[i]
            if c == "\\" { escaped = true; continue }
            if inClass { if c == "]" { inClass = false }; continue }
            if c == "[" { inClass = true; continue }
            if c == "(" { depth += 1 }
            if c == ")" {
                depth -= 1
                if depth == 0 { return String(s[s.index(s.startIndex, offsetBy: 3)..<i]) }
            }
        }
        return nil
    }

    /// True when every top-level branch of the pattern is `\b` and then a word character.
    static func startsAtWord(_ pattern: String) -> Bool {
        let branches = topLevelBranches(pattern)
        return !branches.isEmpty && branches.allSatisfy { $0.hasPrefix("\\b") && beginsWithWordCharacter(String($0.dropFirst(2))) }
    }

    /// A letter or digit that is not optional, or a non-capturing group each of whose branches begins so.
    static func beginsWithWordCharacter(_ s: String) -> Bool {
        guard let c = s.first else { return false }
        let optional: (Character?) -> Bool = { $0 == "?" || $0 == "*" || $0 == "{" }
        if c.isLetter || c.isNumber { return !optional(s.dropFirst().first) }
        guard s.hasPrefix("(?:"), let body = groupBody(s) else { return false }
        guard topLevelBranches(body).allSatisfy(beginsWithWordCharacter) else { return false }
        // `(?:the )?risk`: a word character either way.
        if let rest = afterOptionalGroup(s, body: body) { return beginsWithWordCharacter(rest) }
        let after = s.dropFirst(3 + body.count + 1).first
        return !optional(after)
    }

    /// Splits a pattern at its top-level `|`, respecting escapes, classes and groups.
    static func topLevelBranches(_ pattern: String) -> [String] {
        var branches: [String] = []
        var current = ""
        var depth = 0
        var inClass = false
        var iterator = pattern.makeIterator()
        while let c = iterator.next() {
            if c == "\\" {
                current.append(c)
                if let next = iterator.next() { current.append(next) }
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth -= 1
            } else if c == "|", depth == 0 {
                branches.append(current)
                current = ""
                continue
            }
            current.append(c)
        }
        branches.append(current)
        return branches
    }

    /// Compiles one rule's pattern alone, as its examples and error messages see it.
    static func compileAlone(_ rule: Rule, pattern: String) throws -> Pattern {
        try Pattern(pattern, options: rule.caseSensitive ? [] : [.caseless])
    }

    /// Every hit in `text`, in order of start: every rule that matches at a
    /// position, not only the first. A rule's own hits do not overlap (its
    /// longest at the earliest start wins). A runaway match stops the scan and is reported.
    func scan(_ text: String, with matchers: [Matcher], caps: HitCaps = .standard) -> (hits: [Hit], limit: PCRE2Error?) {
        var found: [Hit] = []
        var limit: PCRE2Error? = nil
        var text = text
        text.withUTF8 { bytes in
            for (k, matcher) in matchers.enumerated() {
                // What was found before a limit stopped the scan still counts.
                let (matches, error) = matcher.scanAll(in: bytes, groups: nameGroups[k], caps: caps)
                for m in matches {
                    guard let rule = m.mark else { continue }
                    found.append(Hit(rule: rule, range: m.range, name: m.groups.lazy.compactMap { $0 }.first))
                }
                if case .hitLimit(let mark?, let cap)? = error, let n = Int(mark), n < rules.count {
                    limit = limit ?? .hitLimit(mark: rules[n].id, limit: cap) // the rule by id, not by number
                } else if let error {
                    limit = limit ?? error
                }
            }
        }
        found.sort { ($0.range.lowerBound, $0.rule, -$0.range.count) < ($1.range.lowerBound, $1.rule, -$1.range.count) }
        var hits: [Hit] = []
        var lastEnd: [Int: Int] = [:]
        for hit in found {
            if let end = lastEnd[hit.rule], hit.range.lowerBound < end { continue }
            lastEnd[hit.rule] = hit.range.upperBound
            hits.append(hit)
        }
        return (hits, limit)
    }
}

/// Per-thread matching state for a rule set: one reusable matcher per scanner.
public final class ScanSession {
    private var matchers: [ObjectIdentifier: Matcher] = [:]
    let limits: MatchLimits

    public init(limits: MatchLimits = .standard) { self.limits = limits }

    public func scan(_ scanner: Scanner, _ text: String) -> (hits: [Hit], limit: PCRE2Error?) {
        guard !scanner.patterns.isEmpty else { return ([], nil) }
        return scanner.scan(text, with: scanner.patterns.map(matcher(for:)))
    }

    /// The reusable matcher for a pattern (rule patterns and settings patterns alike).
    public func matcher(for pattern: Pattern) -> Matcher {
        let key = ObjectIdentifier(pattern)
        if let existing = matchers[key] { return existing }
        let made = Matcher(pattern, limits: limits)
        matchers[key] = made
        return made
    }
}

