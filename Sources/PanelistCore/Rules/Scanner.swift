import Foundation
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
    /// The alternatives as PCRE2 patterns will join them: word-start alternatives
    /// behind one shared `\b(?=\w)` gate (so PCRE2 tries them once per word
    /// instead of once per character), those behind a plain `\b`, and the rest.
    /// Compiled on first use when the scanner is lazy (built-in rules, where
    /// every pattern is known to compile and a command may need only some groups).
    enum Join { case dispatch, boundary, free }
    private let lock = NSLock()
    private var compiled: (patterns: [Pattern], nameGroups: [[Int]])?
    private var compileFailure: String?
    /// The rule set's Hyperscan database, and this group's place in it.
    var hybrid: HybridHandle?
    var hybridGroup = 0
    let longestAliasFirst: Bool

    var patterns: [Pattern] { compiledPatterns().patterns }
    var nameGroups: [[Int]] { compiledPatterns().nameGroups }
    /// Why a lazy scanner's patterns did not compile, as a scan's limit note.
    var failure: PCRE2Error? {
        _ = compiledPatterns()
        lock.lock()
        defer { lock.unlock() }
        return compileFailure.map { .other(code: -1, message: "the rules' combined pattern does not compile: \($0)") }
    }

    /// The PCRE2 patterns, compiled once.
    func compiledPatterns() -> (patterns: [Pattern], nameGroups: [[Int]]) {
        lock.lock()
        defer { lock.unlock() }
        if let compiled { return compiled }
        do {
            let made = try compilePlan()
            compiled = made
        } catch {
            compileFailure = "\(error)"
            compiled = ([], [])
        }
        return compiled!
    }

    private func compilePlan() throws -> (patterns: [Pattern], nameGroups: [[Int]]) {
        var patterns: [Pattern] = []
        for (alternatives, join) in Scanner.plan(rules, longestAliasFirst: longestAliasFirst) {
            switch join {
            case .dispatch: patterns += try Scanner.compileSplitting(alternatives) { "\\b(?=\\w)(?:" + $0.joined(separator: "|") + ")" }
            case .boundary: patterns += try Scanner.compileSplitting(alternatives) { "\\b(?:" + $0.joined(separator: "|") + ")" }
            case .free: patterns += try Scanner.compileSplitting(alternatives) { $0.joined(separator: "|") }
            }
        }
        return (patterns, patterns.map { $0.groupNumbers(named: "name") })
    }

    /// At one start position PCRE2 takes the first alternative that matches, so
    /// alternatives keep file order, except that with `longestAliasFirst`
    /// context patterns come first and longer gazetteer aliases before shorter
    /// ones ("Claude 4 Opus" before "Claude"), as a lexer orders its literals.
    init(rules: [Rule], longestAliasFirst: Bool = false, lazy: Bool = false) throws {
        self.rules = rules
        self.longestAliasFirst = longestAliasFirst
        if !lazy { compiled = try compilePlan() }
    }

    /// Where each alternative goes (see `plan`): worked out when the patterns are first compiled.
    static func plan(_ rules: [Rule], longestAliasFirst: Bool) -> [(alternatives: [String], join: Join)] {
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
        var plan: [(alternatives: [String], join: Join)] = []
        if !bucketOrder.isEmpty {
            let dispatch = bucketOrder.sorted().map { letter -> String in
                let upper = Character(letter.uppercased())
                let set = letter == upper ? "\(letter)" : "\(letter)\(upper)"
                return "(?=[\(set)])(?:" + buckets[letter]!.joined(separator: "|") + ")"
            }
            plan.append((dispatch, .dispatch))
        }
        if !atBoundary.isEmpty { plan.append((atBoundary, .boundary)) }
        if !free.isEmpty { plan.append((free, .free)) }
        return plan
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
        var text = text
        return text.withUTF8 { scan($0, with: matchers, caps: caps) }
    }

    /// `scan` over `bytes`; with `window`, only matches that start at or after its lower
    /// bound in the subject cut at its upper bound (the Hyperscan path's start recovery).
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, with matchers: [Matcher], caps: HitCaps = .standard,
              window: Range<Int>? = nil) -> (hits: [Hit], limit: PCRE2Error?) {
        let (found, limit) = matchesOf(bytes, with: matchers, caps: caps, window: window)
        return (Scanner.leftmostLongest(found), limit)
    }

    /// Every match of every rule, overlapping, in no particular order.
    func matchesOf(_ bytes: UnsafeBufferPointer<UInt8>, with matchers: [Matcher], caps: HitCaps = .standard,
                   window: Range<Int>? = nil) -> (hits: [Hit], limit: PCRE2Error?) {
        var found: [Hit] = []
        var limit: PCRE2Error? = nil
        let nameGroups = self.nameGroups
        let subject = window.map { UnsafeBufferPointer(rebasing: bytes[..<$0.upperBound]) } ?? bytes
        for (k, matcher) in matchers.enumerated() {
            // What was found before a limit stopped the scan still counts.
            let (matches, error) = matcher.scanAll(in: subject, from: window?.lowerBound ?? 0, groups: nameGroups[k], caps: caps)
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
        return (found, limit)
    }

    /// Each rule's hits do not overlap: its longest at the earliest start wins, and so on.
    static func leftmostLongest(_ matches: [Hit]) -> [Hit] {
        var found = matches
        found.sort { ($0.range.lowerBound, $0.rule, -$0.range.count) < ($1.range.lowerBound, $1.rule, -$1.range.count) }
        var hits: [Hit] = []
        var lastEnd: [Int: Int] = [:]
        for hit in found {
            if let end = lastEnd[hit.rule], hit.range.lowerBound < end { continue }
            lastEnd[hit.rule] = hit.range.upperBound
            hits.append(hit)
        }
        return hits
    }
}

/// Per-thread matching state for a rule set: one reusable matcher per PCRE2
/// pattern and, on the Hyperscan path, the scratch space and the last quote's matches.
public final class ScanSession {
    private var matchers: [ObjectIdentifier: Matcher] = [:]
    let limits: MatchLimits
    public let path: ScannerPath
    private var hsState: HSScanState?
    private var hsScanner: HybridScanner?
    private var hsText: String?
    private var hsMatches: [HSMatch] = []
    private var hsFailed = false

    public init(limits: MatchLimits = .standard, path: ScannerPath = .standard) {
        self.limits = limits
        self.path = path
    }

    public func scan(_ scanner: Scanner, _ text: String) -> (hits: [Hit], limit: PCRE2Error?) {
        if path == .hyperscan, let hybrid = scanner.hybrid?.scanner(), let hits = hybridScan(hybrid, group: scanner.hybridGroup, text) {
            return (hits, nil)
        }
        return pcre2Scan(scanner, text)
    }

    /// Every PCRE2 match of `scanner` in `bytes` starting in `window` in the subject cut at its end.
    func pcre2Matches(_ scanner: Scanner, _ bytes: UnsafeBufferPointer<UInt8>, window: Range<Int>, caps: HitCaps = .standard) -> (hits: [Hit], limit: PCRE2Error?) {
        let patterns = scanner.patterns
        if patterns.isEmpty { return ([], scanner.failure) }
        return scanner.matchesOf(bytes, with: patterns.map(matcher(for:)), caps: caps, window: window)
    }

    /// The PCRE2 scan alone.
    func pcre2Scan(_ scanner: Scanner, _ text: String, caps: HitCaps = .standard) -> (hits: [Hit], limit: PCRE2Error?) {
        guard !scanner.rules.isEmpty else { return ([], nil) }
        let patterns = scanner.patterns
        if patterns.isEmpty { return ([], scanner.failure) }
        return scanner.scan(text, with: patterns.map(matcher(for:)), caps: caps)
    }

    /// One Hyperscan pass per quote serves every group; nil sends the group to PCRE2.
    private func hybridScan(_ hybrid: HybridScanner, group k: Int, _ text: String) -> [Hit]? {
        guard let database = hybrid.database else {
            return hybrid.hits(group: k, matches: ArraySlice<HSMatch>(), text: text, session: self, caps: .standard)
        }
        if hsScanner !== hybrid || hsText != text {
            if hsScanner !== hybrid {
                hsState = HSScanState(database, limit: HitCaps.standard.total + 1)
                hsScanner = hybrid
            }
            hsText = text
            hsMatches.removeAll(keepingCapacity: true)
            guard let state = hsState else { hsFailed = true; return nil }
            var text = text
            hsFailed = !text.withUTF8 { HybridScanner.agreesWithUnicode($0) && state.scan(database, $0) }
            let h = state.hits
            for n in 0..<h.count { hsMatches.append(HSMatch(id: h.id[n], from: h.from[n], to: h.to[n])) }
            hsMatches.sort { ($0.id, $0.to, $0.from) < ($1.id, $1.to, $1.from) }
        }
        if hsFailed { return nil }
        let lo = UInt32(hybrid.offsets[k]), hi = lo + UInt32(hybrid.groups[k].rules.count)
        let start = hsMatches.partitioningIndex { $0.id >= lo }
        let end = hsMatches[start...].partitioningIndex { $0.id >= hi }
        return hybrid.hits(group: k, matches: hsMatches[start..<end], text: text, session: self, caps: .standard)
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

extension Collection {
    /// The first index whose element satisfies `belongs` (which must be false, then true, along the collection).
    func partitioningIndex(where belongs: (Element) -> Bool) -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let mid = index(low, offsetBy: half)
            if belongs(self[mid]) { count = half } else { low = index(after: mid); count -= half + 1 }
        }
        return low
    }
}

/// The rule set's Hyperscan database: read from the cache on first use; when it
/// is not there, built once the rule set has scanned enough quotes to pay for
/// it (building the default rules' database takes about 30 s of CPU; a lint of
/// one draft, a test or a fuzzed rule set scans PCRE2 alone meanwhile, with the
/// same result). `PANELIST_SCANNER=hyperscan` builds it at once.
final class HybridHandle: @unchecked Sendable {
    /// Group scans (six per quote) before an uncached database is built.
    static let buildAfterScans = 6 * 2_000
    private let groups: [HybridScanner.Group]
    private let lock = NSLock()
    private var built = false
    private var triedCache = false
    private var scans = 0
    private var made: HybridScanner?

    init(groups: [HybridScanner.Group]) { self.groups = groups }

    /// The database now, from the cache or built (the bare-scan yardstick).
    func buildNow() -> HybridScanner? {
        lock.lock()
        defer { lock.unlock() }
        if !built || made == nil {
            made = HybridScanner.build(groups)
            built = true
        }
        return made
    }

    func scanner() -> HybridScanner? {
        lock.lock()
        defer { lock.unlock() }
        if built { return made }
        if !triedCache, ScannerPath.requested != .hyperscan {
            triedCache = true
            if let cached = HybridScanner.cached(groups) {
                made = cached
                built = true
                return made
            }
        }
        scans += 1
        guard ScannerPath.requested == .hyperscan || scans > HybridHandle.buildAfterScans else { return nil }
        made = HybridScanner.build(groups)
        built = true
        return made
    }
}
