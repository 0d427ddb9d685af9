import PCRE2

/// Applies a rule set to quote texts. Holds per-thread match state, so each
/// thread needs its own analyzer; the rule set itself is shared.
public final class Analyzer {
    public let rules: RuleSet
    let session: ScanSession
    /// Subject profiles by tool name and description: each tool's maker is read once.
    private var profiles: [String: SubjectProfile] = [:]
    /// Analyses of recent quotes by tool and text: the same quote on many pages is read once.
    private var recent: [String: QuoteAnalysis] = [:]
    private let recentLimit = 4_096

    /// `analyze`, remembered for quotes this analyzer has seen before.
    public func analyzeCached(_ text: String, subject: ToolCard?) -> QuoteAnalysis {
        // A very long quote is not worth hashing and keeping for a repeat.
        if text.utf8.count > 65_536 { return analyze(text, subject: subject) }
        let key = (subject?.name ?? "") + "\u{1F}" + (subject?.description ?? "") + "\u{1F}" + text
        if let hit = recent[key] { return hit }
        let made = analyze(text, subject: subject)
        if recent.count >= recentLimit { recent.removeAll(keepingCapacity: true) }
        recent[key] = made
        return made
    }

    public init(rules: RuleSet, limits: MatchLimits = .standard) {
        self.rules = rules
        session = ScanSession(limits: limits)
    }

    /// Everything the content of `text` says; the slot signal is added by `decidePersona`.
    public func analyze(_ text: String, subject: ToolCard? = nil) -> QuoteAnalysis {
        let bytes = Array(text.utf8)
        let index = TextIndex(text)
        var limits: [String] = []
        func scan(_ scanner: Scanner, _ what: String) -> [Hit] {
            let (hits, limit) = session.scan(scanner, text)
            if let limit { limits.append("\(what) rules: \(limit)") }
            return hits
        }
        let sentences = SentenceSplitter.sentences(in: text)

        let personaHits = scan(rules.persona, "persona")
        var personaEvidence = decayed(personaHits, scanner: rules.persona, bytes: bytes, index: index)
        personaEvidence.sort { ($0.span?.lowerBound ?? 0, $0.rule) < ($1.span?.lowerBound ?? 0, $1.rule) }

        let context = ExtractionContext(text: text, bytes: bytes, index: index, sentences: sentences, subject: subject)
        let competitors = CompetitorFinder.find(scan(rules.competitor, "competitor"), rules: rules, context: context,
                                                profile: profile(for: subject), session: session)

        let cueHits = Self.withoutSubsumed(scan(rules.stance, "stance"), rules: rules.stance.rules)
        let modifierHits = scan(rules.stanceModifiers, "stance modifier")
        var (stanceEvidence, verdict) = stanceEvidence(cues: cueHits, modifiers: modifierHits, bytes: bytes, index: index, sentences: sentences)
        flipRivalObjects(&stanceEvidence, competitors: competitors, text: text)
        if let prior = rules.stancePrior {
            stanceEvidence.append(Evidence(rule: "prior", label: prior.label, weight: prior.weight, span: nil, text: "base rate of the panels"))
        }
        var stance = Decision.decide(labels: rules.stanceLabels, evidence: stanceEvidence,
                                     minConfidence: rules.stanceMinConfidence(for: stanceEvidence))
        stance.verdict = verdict

        if let rival = rules.mentionPersona, rules.comparativeShare > 0, !competitors.isEmpty {
            // Money words in a sentence that names a rival compare the two: part of their vote goes to the rival persona.
            let scalarSentences = sentences.map { index.scalarOffset(ofByte: $0.lowerBound)..<index.scalarOffset(ofByte: $0.upperBound) }
            let sentenceOf = { (at: Int) in SentenceSplitter.index(containing: at, in: scalarSentences) } // sorted, disjoint: binary search
            let rivalSentences = Set(competitors.compactMap { sentenceOf($0.span.lowerBound) })
            var moved: [Evidence] = []
            for i in personaEvidence.indices where rules.comparativeRules.contains(personaEvidence[i].rule) {
                guard let span = personaEvidence[i].span,
                      let s = sentenceOf(span.lowerBound), rivalSentences.contains(s) else { continue }
                let share = Decision.rounded(personaEvidence[i].weight * rules.comparativeShare)
                personaEvidence[i].weight = Decision.rounded(personaEvidence[i].weight - share)
                personaEvidence[i].modifiers.append("beside-a-rival")
                var e = personaEvidence[i]
                e.label = rival
                e.weight = share
                e.modifiers = ["beside-a-rival (moved from \(personaEvidence[i].label))"]
                moved.append(e)
            }
            personaEvidence += moved
        }
        if let label = rules.personaLabels.first(where: { $0 == rules.mentionPersona }), rules.mentionWeight > 0 {
            let distinct = Set(competitors.map(\.name)).count
            if distinct > 0 {
                personaEvidence.append(Evidence(rule: "competitor-mentions", label: label,
                                                weight: Decision.rounded(rules.mentionWeight * min(Double(distinct), rules.mentionMax)),
                                                span: nil, text: "\(distinct) competitor\(distinct == 1 ? "" : "s") named"))
            }
        }
        let risks = RiskExtractor.extract(risk: scan(rules.risk, "risk"), horizon: scan(rules.horizon, "horizon"),
                                          competitors: competitors, rules: rules, context: context, session: session)
        return QuoteAnalysis(text: text, personaEvidence: personaEvidence, stance: stance, risks: risks,
                             competitors: competitors, limitNote: limits.isEmpty ? nil : limits.joined(separator: "; "))
    }

    func profile(for subject: ToolCard?) -> SubjectProfile {
        guard let subject else { return .none }
        let key = subject.name + "\u{1F}" + (subject.description ?? "")
        if let cached = profiles[key] { return cached }
        let made = CompetitorFinder.profile(for: subject, rules: rules, session: session)
        // Bounded as the quote cache is: a corpus may name hundreds of thousands of tools.
        if profiles.count >= recentLimit { profiles.removeAll(keepingCapacity: true) }
        profiles[key] = made
        return made
    }

    /// Persona from content plus, when `slots` is given, the scorecard slots the
    /// quote stands in (each occurrence's slot weighs 1/n of the slot prior).
    public func decidePersona(_ analysis: QuoteAnalysis, slots: [Int]?) -> Decision {
        var evidence = analysis.personaEvidence
        if let slots, !slots.isEmpty, rules.personaSlotPrior > 0 {
            var counts: [Int: Int] = [:]
            for s in slots { counts[s, default: 0] += 1 }
            for (slot, n) in counts.sorted(by: { $0.key < $1.key }) where slot >= 0 && slot < rules.personaLabels.count {
                let label = rules.personaLabels[slot]
                evidence.append(Evidence(rule: "slot", label: label, weight: Decision.rounded(rules.personaSlotPrior * Double(n) / Double(slots.count)),
                                         span: nil, text: "scorecard slot \(slot + 1) (\(label))"))
            }
        }
        return Decision.decide(labels: rules.personaLabels, evidence: evidence, minConfidence: rules.personaMinConfidence)
    }

    // MARK: evidence

    /// Adoption said of a rival is not adoption of the tool: a cue with `rival_object: flip`
    /// whose object, a few words on in its clause, is a named competitor votes the other way
    /// ("I cancelled our Glean trial" on Notion's page, "we moved to LiveKit" on Vapi's).
    /// Only a preposition of direction, an article or a possessive may stand between ("moved
    /// our team to X"); a cue that already says "back to" names the rival as the way out.
    static let objectGapWords: Set<String> = ["to", "onto", "into", "over", "our", "my", "the", "a", "an", "their", "with", "on", "whole", "team"]

    func flipRivalObjects(_ evidence: inout [Evidence], competitors: [CompetitorMention], text: String) {
        let labels = rules.stanceLabels
        guard labels.count == 2, !competitors.isEmpty else { return }
        let flagged = Set(rules.stance.rules.filter(\.flipsOnRivalObject).map(\.id))
        guard evidence.contains(where: { flagged.contains($0.rule) }) else { return }
        let scalars = Array(text.unicodeScalars)
        for i in evidence.indices where flagged.contains(evidence[i].rule) {
            guard let span = evidence[i].span, !evidence[i].text.lowercased().contains("back") else { continue }
            let object = competitors.first { c in
                guard c.span.lowerBound >= span.upperBound, c.span.lowerBound - span.upperBound <= 40 else { return false }
                let gap = String(String.UnicodeScalarView(scalars[span.upperBound..<c.span.lowerBound]))
                let words = gap.split { !$0.isLetter && $0 != "'" && $0 != "’" }
                // "to our provider X" or "the training runs to X": a short gap of articles and
                // possessives, or up to five words ending on a preposition of direction.
                let lower = words.map { $0.lowercased() }
                return (lower.count <= 3 && lower.allSatisfy { Self.objectGapWords.contains($0) })
                    || (lower.count <= 5 && ["to", "onto", "into", "in", "with"].contains(lower.last ?? "")
                        && !lower.contains { ["from", "off", "than", "of", "against", "like", "versus", "vs", "and", "or", "but", "not"].contains($0) })
            }
            guard let object, let at = labels.firstIndex(of: evidence[i].label) else { continue }
            evidence[i].label = labels[1 - at]
            evidence[i].modifiers.append("said-of-a-rival (\(object.name))")
        }
    }

    /// Repeated hits of one rule count less each time, so one phrase cannot outvote many.
    func decayed(_ hits: [Hit], scanner: Scanner, bytes: [UInt8], index: TextIndex) -> [Evidence] {
        var seen: [Int: Int] = [:]
        return hits.map { hit in
            let rule = scanner.rules[hit.rule]
            let k = seen[hit.rule, default: 0]
            seen[hit.rule] = k + 1
            return Evidence(rule: rule.id, label: rule.label ?? "", weight: Decision.rounded(rule.weight * pow(rules.repeatDecay, Double(k))),
                            span: index.scalarOffset(ofByte: hit.range.lowerBound)..<index.scalarOffset(ofByte: hit.range.upperBound),
                            text: String(decoding: bytes[hit.range], as: UTF8.self))
        }
    }

    /// One wording counts once: a cue lying inside a heavier (or as heavy and longer) cue's hit is part of
    /// that cue's wording ("badly" in "aging badly", "wins" in "wins only"), so a
    /// broad word list never argues with the phrase that already read those words.
    static func withoutSubsumed(_ hits: [Hit], rules: [Rule]) -> [Hit] {
        guard hits.count > 1 else { return hits }
        // Same span: the heavier first, so the lighter one is found inside it ("stall" as a decline word and a lexicon word).
        let order = hits.indices.sorted {
            (hits[$0].range.lowerBound, -hits[$0].range.upperBound, -rules[hits[$0].rule].weight, $0)
                < (hits[$1].range.lowerBound, -hits[$1].range.upperBound, -rules[hits[$1].rule].weight, $1)
        }
        var dropped = Set<Int>()
        // Hits still open at the current start; a rule's own hits never overlap, so few are open at once.
        var open: [Int] = []
        for i in order {
            let hit = hits[i]
            open.removeAll { hits[$0].range.upperBound <= hit.range.lowerBound }
            // Heavier, or as heavy and longer: the longer wording read more ("I'd build on something else").
            if open.contains(where: {
                let outer = hits[$0], a = rules[outer.rule].weight, b = rules[hit.rule].weight
                return outer.range.upperBound >= hit.range.upperBound && (a > b || (a == b && outer.range.count > hit.range.count))
            }) {
                dropped.insert(i)
            }
            open.append(i)
        }
        return dropped.isEmpty ? hits : hits.indices.filter { !dropped.contains($0) }.map { hits[$0] }
    }

    /// The verdict sentence: the latest sentence holding an explicit verdict cue
    /// (a cue of at least `verdict_cue_weight`), else the last sentence. When a
    /// semicolon or spaced dash splits it, the clause that holds the latest explicit
    /// verdict (else the last clause with any cue) is the verdict: "fine for a
    /// prototype; I wouldn't run it unattended" lands on what comes last.
    func verdictSentence(cues: [Hit], evidence: [Evidence], sentences: [Range<Int>], bytes: [UInt8], lastTurn: Int? = nil) -> (range: Range<Int>, reason: String)? {
        guard let last = sentences.last else { return nil }
        var best: (at: Int, rule: String)? = nil
        for (i, cue) in cues.enumerated() where rules.stance.rules[cue.rule].weight >= rules.verdictCueWeight {
            if best == nil || cue.range.lowerBound > best!.at { best = (cue.range.lowerBound, evidence[i].rule) }
        }
        // A turn in a later sentence than the explicit verdict ("I wouldn't sign a big contract. But we
        // don't have to; …") takes the verdict past it: the last sentence is where the reviewer lands.
        var turned: String? = nil
        if let b = best, let turn = lastTurn, let bs = SentenceSplitter.index(containing: b.at, in: sentences),
           let ts = SentenceSplitter.index(containing: turn, in: sentences), ts > bs {
            turned = b.rule
            best = nil
        }
        let sentence = best.flatMap { b in SentenceSplitter.index(containing: b.at, in: sentences).map { sentences[$0] } } ?? last
        let reason = best.map { "the latest sentence with an explicit verdict (\($0.rule))" }
            ?? turned.map { "the last sentence: a turn (but, even so, …) follows the explicit verdict (\($0))" }
            ?? (sentences.count == 1 ? "the only sentence" : "the last sentence: verdicts come last")
        let cuts = Self.clauseCuts(bytes, in: sentence)
        guard !cuts.isEmpty else { return (sentence, reason) }
        let bounds = [sentence.lowerBound] + cuts + [sentence.upperBound]
        let clauses = (0..<(bounds.count - 1)).map { bounds[$0]..<bounds[$0 + 1] }
        let anchor = best?.at ?? cues.map(\.range.lowerBound).filter { sentence.contains($0) }.max()
        guard let anchor, let clause = clauses.first(where: { $0.contains(anchor) }) else { return (sentence, reason) }
        return (Self.trimmed(bytes, clause), reason + ", the clause that holds it")
    }

    /// Byte offsets inside `range` where a semicolon or a spaced dash opens a new clause.
    static func clauseCuts(_ bytes: [UInt8], in range: Range<Int>) -> [Int] {
        var cuts: [Int] = []
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] == UInt8(ascii: ";") { cuts.append(i + 1) }
            else if bytes[i] == 0x20, i + 4 < range.upperBound, bytes[i + 1] == 0xE2, bytes[i + 2] == 0x80,
                    bytes[i + 3] == 0x94 || bytes[i + 3] == 0x93, bytes[i + 4] == 0x20 { cuts.append(i + 5); i += 4 }
            i += 1
        }
        return cuts
    }

    static func trimmed(_ bytes: [UInt8], _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x0A { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x0A { hi -= 1 }
        return lo..<hi
    }

    func stanceEvidence(cues: [Hit], modifiers: [Hit], bytes: [UInt8], index: TextIndex, sentences: [Range<Int>]) -> ([Evidence], VerdictSentence?) {
        let labels = rules.stanceLabels
        var evidence = decayed(cues, scanner: rules.stance, bytes: bytes, index: index)
        // The last contrast in the quote: every cue before it is discounted.
        let lastContrast = modifiers.filter { rules.stanceModifiers.rules[$0.rule].effect == .contrast }.map(\.range.lowerBound).max()
        // Double negation: a negation that reaches an affect modifier cancels it, and is spent on it.
        var cancelled = Set<Int>()
        for (a, affect) in modifiers.enumerated() where rules.stanceModifiers.rules[affect.rule].effect == .affect {
            for (n, neg) in modifiers.enumerated() where rules.stanceModifiers.rules[neg.rule].effect == .negate {
                if let scope = rules.stanceModifiers.rules[neg.rule].scope, Self.inScope(cue: affect.range, modifier: neg.range, scope: scope, bytes: bytes) {
                    cancelled.insert(a)
                    cancelled.insert(n)
                }
            }
        }
        // Only modifiers near a cue can reach it: a window found by binary search
        // keeps this linear in the quote, not cues × modifiers.
        let longestModifier = modifiers.map(\.range.count).max() ?? 0
        func firstModifier(startingAtOrAfter x: Int) -> Int {
            var lo = 0, hi = modifiers.count
            while lo < hi { let mid = (lo + hi) / 2; if modifiers[mid].range.lowerBound < x { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        // Modifiers that reached some cue: a negation there is bound, not a bare refusal.
        var reached = Set<Int>()
        for (i, cue) in cues.enumerated() {
            let window = firstModifier(startingAtOrAfter: cue.range.lowerBound - Self.maxScopeBytes - longestModifier)
                ..< firstModifier(startingAtOrAfter: cue.range.upperBound + Self.maxScopeBytes + 1)
            for m in window where !cancelled.contains(m) {
                let mod = modifiers[m]
                let rule = rules.stanceModifiers.rules[mod.rule]
                guard let scope = rule.scope, let effect = rule.effect,
                      Self.inScope(cue: cue.range, modifier: mod.range, scope: scope, bytes: bytes) else { continue }
                switch effect {
                case .negate, .affect:
                    // With two stances, negating one votes for the other.
                    if labels.count == 2, let at = labels.firstIndex(of: evidence[i].label) { evidence[i].label = labels[1 - at] }
                case .hedge, .emphasis, .contrast:
                    break
                }
                evidence[i].weight = Decision.rounded(evidence[i].weight * rule.weight)
                evidence[i].modifiers.append(rule.id)
                if !rules.stance.rules[cue.rule].verdictOnly { reached.insert(m) }
            }
            if rules.contrastDiscount != 1, let turn = lastContrast, cue.range.upperBound <= turn {
                evidence[i].weight = Decision.rounded(evidence[i].weight * rules.contrastDiscount)
                evidence[i].modifiers.append("before-contrast")
            }
        }
        let verdict = verdictSentence(cues: cues, evidence: evidence, sentences: sentences, bytes: bytes,
                                      lastTurn: modifiers.filter { rules.stanceModifiers.rules[$0.rule].effect == .contrast }.map { $0.range.upperBound - 1 }.max())
        if let verdict, rules.verdictBoost != 1 {
            for (i, cue) in cues.enumerated() where verdict.range.contains(cue.range.lowerBound) {
                evidence[i].weight = Decision.rounded(evidence[i].weight * rules.verdictBoost)
                evidence[i].modifiers.append("verdict-sentence")
            }
        }
        if let verdict, rules.outsideVerdict != 1 {
            // Verdict first: weak evaluative words in the set-up lean less than the clause the reviewer lands on.
            for (i, cue) in cues.enumerated() where !verdict.range.contains(cue.range.lowerBound)
                && rules.stance.rules[cue.rule].weight < rules.verdictCueWeight {
                evidence[i].weight = Decision.rounded(evidence[i].weight * rules.outsideVerdict)
                evidence[i].modifiers.append("outside-verdict")
            }
        }
        // A verdict-only cue speaks where nothing else does: it counts in a verdict clause
        // that holds no other cue, and not when a modifier on its words reached a cue.
        var keep = [Bool](repeating: true, count: cues.count)
        let boundModifiers = reached.map { modifiers[$0].range }
        for (i, cue) in cues.enumerated() where rules.stance.rules[cue.rule].verdictOnly {
            guard let clause = verdict?.range, clause.contains(cue.range.lowerBound) else { keep[i] = false; continue }
            keep[i] = !cues.contains { !rules.stance.rules[$0.rule].verdictOnly && clause.contains($0.range.lowerBound) }
                && !boundModifiers.contains { $0.overlaps(cue.range) }
        }
        if keep.contains(false) { evidence = evidence.indices.filter { keep[$0] }.map { evidence[$0] } }
        let sorted = evidence.sorted { ($0.span?.lowerBound ?? 0, $0.rule) < ($1.span?.lowerBound ?? 0, $1.rule) }
        let sentence = verdict.map {
            VerdictSentence(span: index.scalarOffset(ofByte: $0.range.lowerBound)..<index.scalarOffset(ofByte: $0.range.upperBound),
                            text: String(decoding: bytes[$0.range], as: UTF8.self), reason: $0.reason)
        }
        return (sorted, sentence)
    }

    /// No modifier reaches across more than this many bytes, whatever its word count.
    static let maxScopeBytes = 4_096

    /// A modifier reaches a cue when at most `scope.words` words lie between them
    /// and no clause ends in between. A modifier overlapping the cue is part of
    /// the cue's own wording ("won't survive"), already counted by its rule.
    static func inScope(cue: Range<Int>, modifier: Range<Int>, scope: ModifierScope, bytes: [UInt8]) -> Bool {
        if cue.overlaps(modifier) { return false }
        if modifier.upperBound + maxScopeBytes < cue.lowerBound || cue.upperBound + maxScopeBytes < modifier.lowerBound { return false }
        let gap: Range<Int>
        if modifier.upperBound <= cue.lowerBound {
            guard scope.direction != .backward else { return false }
            gap = modifier.upperBound..<cue.lowerBound
        } else {
            guard scope.direction != .forward else { return false }
            gap = cue.upperBound..<modifier.lowerBound
        }
        return !crossesClause(bytes[gap]) && wordCount(bytes[gap]) <= scope.words
    }

    static func wordCount(_ slice: ArraySlice<UInt8>) -> Int {
        var count = 0
        var inWord = false
        for b in slice {
            let wordy = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80 || b == 0x27
            if wordy && !inWord { count += 1 }
            inWord = wordy
        }
        return count
    }

    /// Sentence ends, semicolons and dashes close a clause; a period inside a
    /// word (v2.0, Bolt.new) does not.
    static func crossesClause(_ slice: ArraySlice<UInt8>) -> Bool {
        var previous: UInt8 = 0
        var i = slice.startIndex
        while i < slice.endIndex {
            let b = slice[i]
            if b == UInt8(ascii: ";") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") { return true }
            if b == UInt8(ascii: "."), i + 1 == slice.endIndex || slice[i + 1] == 0x20 || slice[i + 1] == 0x0A { return true }
            // — (E2 80 94) and – (E2 80 93) between spaces
            if b == 0xE2, i + 2 < slice.endIndex, slice[i + 1] == 0x80, slice[i + 2] == 0x94 || slice[i + 2] == 0x93, previous == 0x20 { return true }
            previous = b
            i += 1
        }
        return false
    }
}

import Foundation

extension Analyzer {
    /// One quote analysed on its own, as `explain` and `lint` need it.
    public func report(for text: String, subject: ToolCard? = nil, occurrence: Occurrence? = nil, slots: [Int]?, truncated: Bool = false) -> QuoteReport {
        let analysis = analyze(text, subject: subject)
        return QuoteReport(id: QuoteID.make(text), text: text, occurrences: occurrence.map { [$0] } ?? [],
                           persona: decidePersona(analysis, slots: slots), stance: analysis.stance,
                           risks: analysis.risks, competitors: analysis.competitors,
                           limitNote: analysis.limitNote, truncated: truncated)
    }
}
