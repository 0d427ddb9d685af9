import PCRE2

/// Who a quote is about, for excluding the tool and its maker from its own rivals.
public struct SubjectProfile: Sendable {
    /// Normalized names that mean the tool itself.
    public var selfNames: Set<String>
    /// Normalized names of the tool's maker(s).
    public var vendors: Set<String>

    public static let none = SubjectProfile(selfNames: [], vendors: [])
}

/// Finds the products, vendors and models a quote names: gazetteer aliases
/// first, then discovery patterns for names the gazetteer lacks.
enum CompetitorFinder {
    static func normalized(_ s: String) -> String { Names.key(s) }

    /// The tool's own names and its vendors, from the gazetteer and its description.
    static func profile(for subject: ToolCard?, rules: RuleSet, session: ScanSession) -> SubjectProfile {
        guard let subject else { return .none }
        var selfNames: Set<String> = [normalized(subject.name)]
        var vendors: Set<String> = []
        // "Windsurf SWE-1 Family" is Windsurf's; "Code Llama 4 (70B & 400B)" is Code Llama's.
        let words = subject.name.split(separator: " ")
        for n in stride(from: words.count, through: 1, by: -1) {
            let prefix = words.prefix(n).joined(separator: " ")
            if let entry = rules.gazetteerByAlias[prefix] {
                selfNames.insert(normalized(entry.name ?? prefix))
                if let v = entry.vendor { vendors.insert(normalized(v)) }
                break
            }
        }
        if let first = words.first, words.count > 1, first.count > 2 { selfNames.insert(normalized(String(first))) }
        if let description = subject.description {
            for pattern in rules.vendorPatterns {
                let matcher = session.matcher(for: pattern)
                let groups = pattern.groupNumbers(named: "name")
                for m in (try? matcher.matches(in: description)) ?? [] {
                    guard let g = groups.lazy.compactMap({ $0 < m.groups.count ? m.groups[$0] : nil }).first else { continue }
                    let bytes = Array(description.utf8)
                    let name = String(decoding: bytes[g], as: UTF8.self)
                    if !rules.genericNames.contains(name) {
                        vendors.insert(normalized(rules.gazetteerByAlias[name]?.name ?? name))
                    }
                }
            }
        }
        vendors.subtract(selfNames)
        return SubjectProfile(selfNames: selfNames, vendors: vendors)
    }

    private struct Candidate {
        var name: String
        var surface: String
        var range: Range<Int>
        var kind: String
        var source: String
        var vendor: String?
        var fromGazetteer: Bool
        var rule: String
    }

    /// Words that start the next clause, never end a name ("Next to Kling I actually know").
    static let trailingFunctionWords: Set<String> = ["I", "It", "We", "You", "They", "He", "She", "The", "This", "That", "And", "Or", "But", "So", "If", "When"]

    static func find(_ hits: [Hit], rules: RuleSet, context: ExtractionContext, profile: SubjectProfile, session: ScanSession? = nil) -> [CompetitorMention] {
        var candidates: [Candidate] = []
        for hit in hits {
            let rule = rules.competitor.rules[hit.rule]
            if let name = rule.name {
                candidates.append(Candidate(name: name, surface: context.string(hit.range), range: hit.range,
                                            kind: rule.entity ?? "product", source: "gazetteer", vendor: rule.vendor, fromGazetteer: true, rule: rule.id))
            } else if let list = hit.name {
                for item in splitList(list, bytes: context.bytes) {
                    let part = nameHead(item, bytes: context.bytes)
                    guard !part.isEmpty else { continue }
                    var surface = context.string(part)
                    var range = part
                    func stripSuffixes() {
                        for suffix in ["'s", "’s", ".", ","] where surface.hasSuffix(suffix) {
                            surface.removeLast(suffix.count)
                            range = range.lowerBound..<(range.upperBound - suffix.utf8.count)
                        }
                    }
                    stripSuffixes()
                    // "Next to Kling I actually know …": a trailing pronoun or other generic word is not part of the name.
                    while let space = surface.lastIndex(of: " "), Self.trailingFunctionWords.contains(String(surface[surface.index(after: space)...])) {
                        let dropped = surface.utf8.count - surface.utf8.distance(from: surface.startIndex, to: space)
                        surface = String(surface[..<space])
                        range = range.lowerBound..<(range.upperBound - dropped)
                    }
                    // "… than Pinecone or Zilliz Cloud. The …": the full stop shows once the next sentence's word is gone.
                    stripSuffixes()
                    guard !surface.isEmpty else { continue }
                    if let entry = rules.gazetteerByAlias[surface] {
                        candidates.append(Candidate(name: entry.name!, surface: surface, range: range, kind: entry.entity ?? "product",
                                                    source: "gazetteer", vendor: entry.vendor, fromGazetteer: true, rule: entry.id))
                    } else {
                        candidates.append(Candidate(name: surface, surface: surface, range: range, kind: "unknown",
                                                    source: "discovered", vendor: nil, fromGazetteer: false, rule: rule.id))
                    }
                }
            }
        }
        // Longest first at each start; gazetteer before discovery; nothing inside a kept mention.
        candidates.sort {
            ($0.range.lowerBound, -$0.range.count, $0.fromGazetteer ? 0 : 1) < ($1.range.lowerBound, -$1.range.count, $1.fromGazetteer ? 0 : 1)
        }
        var kept: [Candidate] = []
        // Sorted by start, so c overlaps a kept mention exactly when it starts before the furthest kept end.
        var keptEnd = Int.min
        for c in candidates where c.range.isEmpty || c.range.lowerBound >= keptEnd {
            kept.append(c)
            if !c.range.isEmpty { keptEnd = max(keptEnd, c.range.upperBound) }
        }

        var mentions: [CompetitorMention] = []
        for (i, c) in kept.enumerated() {
            if rules.genericNames.contains(c.surface) || rules.genericNames.contains(c.name) { continue }
            let name = normalized(c.name)
            if profile.selfNames.contains(name) || profile.vendors.contains(name) { continue }
            if let v = c.vendor.map(normalized), profile.vendors.contains(v) || profile.selfNames.contains(v) { continue }
            // "Microsoft's AutoGen": the product is the rival, not its maker.
            if c.kind == "vendor", i + 1 < kept.count, kept[i + 1].vendor == c.name || !kept[i + 1].fromGazetteer,
               kept[i + 1].range.lowerBound - c.range.upperBound <= 4,
               context.string(c.range.upperBound..<kept[i + 1].range.lowerBound).hasPrefix("'") ||
               context.string(c.range.upperBound..<kept[i + 1].range.lowerBound).hasPrefix("’") {
                continue
            }
            if let session, worksWith(c.range, context: context, rules: rules, session: session) { continue }
            mentions.append(CompetitorMention(name: c.name, surface: c.surface, span: context.scalarRange(c.range), kind: c.kind, source: c.source, rule: c.rule))
        }
        return mentions
    }

    /// "integrates with HubSpot", "runs Llama", "deployed to Azure", "the OpenAI client": a name
    /// the tool works with is not a rival, unless its sentence sets something against the tool.
    /// Looks at up to 80 bytes before the name and 40 after, inside its sentence.
    static func worksWith(_ range: Range<Int>, context: ExtractionContext, rules: RuleSet, session: ScanSession) -> Bool {
        guard rules.notRivalBefore != nil || rules.notRivalAfter != nil,
              let k = SentenceSplitter.index(containing: range.lowerBound, in: context.sentences) else { return false }
        let sentence = context.sentences[k]
        func matches(_ pattern: Pattern?, _ text: String) -> Bool {
            guard let pattern, !text.isEmpty else { return false }
            return (try? session.matcher(for: pattern).matches(in: text).isEmpty == false) ?? false
        }
        var from = max(sentence.lowerBound, range.lowerBound - 80)
        while from < range.lowerBound, context.bytes[from] & 0xC0 == 0x80 { from += 1 }
        // A mention can run past its sentence's end ("… Bolt. New …"): nothing after it then.
        var to = max(range.upperBound, min(sentence.upperBound, range.upperBound + 40))
        while to > range.upperBound, to < context.bytes.count, context.bytes[to] & 0xC0 == 0x80 { to -= 1 }
        guard matches(rules.notRivalBefore, context.string(from..<range.lowerBound))
                || matches(rules.notRivalAfter, context.string(range.upperBound..<to)) else { return false }
        return !matches(rules.rivalContext, context.string(sentence))
    }

    /// The name at the head of a list item: "LangChain's memory modules" → "LangChain",
    /// "the do-it-yourself option" → nothing. A name is capitalised words (or digits) in a row.
    static func nameHead(_ range: Range<Int>, bytes: [UInt8]) -> Range<Int> {
        var start = range.lowerBound
        let text = String(decoding: bytes[range], as: UTF8.self)
        if text.hasPrefix("the ") { start += 4 }
        var end = start
        var i = start
        while i < range.upperBound {
            var j = i
            while j < range.upperBound, bytes[j] != 0x20 { j += 1 }
            let first = bytes[i]
            let capital = (first >= 0x41 && first <= 0x5A) || (first >= 0x30 && first <= 0x39)
            guard capital || (i == start && first >= 0x80) else { break }
            end = j
            i = j + 1
        }
        // "LangChain's" → "LangChain"
        let word = String(decoding: bytes[start..<end], as: UTF8.self)
        for suffix in ["'s", "’s"] where word.hasSuffix(suffix) { end -= suffix.utf8.count }
        return start..<max(start, end)
    }

    /// "A, B and C" / "A plus B" / "A + B" → byte ranges of A, B, C.
    static func splitList(_ range: Range<Int>, bytes: [UInt8]) -> [Range<Int>] {
        let text = String(decoding: bytes[range], as: UTF8.self)
        let separators = [", and ", ", or ", ", ", " and ", " or ", " plus ", " + "]
        var parts: [Range<Int>] = []
        var start = 0
        let utf8 = Array(text.utf8)
        var i = 0
        outer: while i < utf8.count {
            for sep in separators {
                let s = Array(sep.utf8)
                if i + s.count <= utf8.count, Array(utf8[i..<(i + s.count)]) == s {
                    if i > start { parts.append((range.lowerBound + start)..<(range.lowerBound + i)) }
                    i += s.count
                    start = i
                    continue outer
                }
            }
            i += 1
        }
        if start < utf8.count { parts.append((range.lowerBound + start)..<(range.lowerBound + utf8.count)) }
        return parts
    }
}
