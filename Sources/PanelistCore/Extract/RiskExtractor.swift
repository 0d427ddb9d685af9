import PCRE2

/// Finds the risk claims in a quote: clauses whose risk cues add up, each with
/// a category, a stated horizon, whether it is conditional, and the actors in it.
enum RiskExtractor {
    static func extract(risk: [Hit], horizon: [Hit], competitors: [CompetitorMention], rules: RuleSet, context: ExtractionContext, session: ScanSession) -> [RiskClaim] {
        guard !risk.isEmpty else { return [] }
        var claims: [RiskClaim] = []
        let conditional = rules.riskConditional.map(session.matcher(for:))
        // Hits are sorted by start, so each clause's hits are one window found by
        // binary search: linear in the quote, not clauses × hits.
        func first(_ hits: [Hit], from x: Int) -> Int {
            var lo = 0, hi = hits.count
            while lo < hi { let mid = (lo + hi) / 2; if hits[mid].range.lowerBound < x { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        let byStart = competitors.indices.sorted { (competitors[$0].span.lowerBound, $0) < (competitors[$1].span.lowerBound, $1) }
        for clause in clauses(context) {
            var scores: [String: Double] = [:]
            var ids: [String] = []
            var total = 0.0
            for hit in risk[first(risk, from: clause.lowerBound)..<first(risk, from: clause.upperBound)]
            where !negated(hit, context: context, rules: rules, session: session) {
                let rule = rules.risk.rules[hit.rule]
                guard !ids.contains(rule.id) else { continue } // one vote per rule per clause
                ids.append(rule.id)
                total += rule.weight
                if let label = rule.label, label != rules.riskNeutral { scores[label, default: 0] += rule.weight }
            }
            guard total >= rules.riskMinWeight else { continue }
            // The competitors named in the clause, by binary search over their starts.
            let span = context.scalarRange(clause)
            var lo = 0, hi = byStart.count
            while lo < hi { let mid = (lo + hi) / 2; if competitors[byStart[mid]].span.lowerBound < span.lowerBound { lo = mid + 1 } else { hi = mid } }
            var inSpan: [Int] = []
            while lo < byStart.count, competitors[byStart[lo]].span.lowerBound < span.upperBound { inSpan.append(byStart[lo]); lo += 1 }
            // A list of rivals is not a risk by itself: a clause naming three or more needs more evidence.
            let named = Set(inSpan.map { competitors[$0].name }).count
            let needed = named >= 3 ? rules.riskMinWeight + 1 : rules.riskMinWeight
            guard total >= needed, let best = scores.values.max() else { continue }
            let category = rules.riskCategories.first { scores[$0] == best } ?? scores.first { $0.value == best }!.key
            let text = context.string(clause)
            let inClause = first(horizon, from: clause.lowerBound)
            let stated = (inClause < horizon.count && clause.contains(horizon[inClause].range.lowerBound) ? horizon[inClause] : nil)
                .map { context.string($0.name ?? $0.range) }
            let isConditional = (try? conditional?.matches(in: text).isEmpty == false) ?? false
            var actors: [String] = []
            for c in inSpan.sorted().map({ competitors[$0] }) where !actors.contains(c.name) { actors.append(c.name) }
            claims.append(RiskClaim(text: text, span: span, category: category, horizon: stated, conditional: isConditional,
                                    actors: actors, rules: ids))
        }
        return claims
    }

    /// "doesn't make engineers obsolete", "instead of stomping them": a cue
    /// right after a negation states the opposite of a risk.
    static func negated(_ hit: Hit, context: ExtractionContext, rules: RuleSet, session: ScanSession) -> Bool {
        guard let negation = rules.riskNegation else { return false }
        var from = hit.range.lowerBound
        var words = 0
        while from > 0, words < 4 {
            from -= 1
            if context.bytes[from] == 0x20 { words += 1 }
            if [UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: ":")].contains(context.bytes[from]) { from += 1; break }
        }
        let window = context.string(from..<hit.range.lowerBound)
        return (try? session.matcher(for: negation).matches(in: window).isEmpty == false) ?? false
    }

    /// Sentences, split again where a semicolon, a spaced dash or a colon opens a
    /// new clause. A short lead-in ("What has to go right:", "The risk is —")
    /// stays with the clause it introduces, and so does a short aside between
    /// two dashes.
    static func clauses(_ context: ExtractionContext, leadIn: Int = 8) -> [Range<Int>] {
        let bytes = context.bytes
        var result: [Range<Int>] = []
        for sentence in context.sentences {
            // (clause, the separator that ends it)
            var pieces: [(Range<Int>, UInt8)] = []
            var start = sentence.lowerBound
            var i = sentence.lowerBound
            while i < sentence.upperBound {
                var cut: Int? = nil, resume = 0, kind: UInt8 = 0
                if bytes[i] == UInt8(ascii: ";") { cut = i; resume = i + 1; kind = UInt8(ascii: ";") }
                else if bytes[i] == UInt8(ascii: ":"), i + 1 < sentence.upperBound, bytes[i + 1] == 0x20,
                        i > 0, !(bytes[i - 1] >= 0x30 && bytes[i - 1] <= 0x39) { cut = i; resume = i + 1; kind = UInt8(ascii: ":") }
                else if bytes[i] == 0x20, i + 4 < sentence.upperBound, bytes[i + 1] == 0xE2, bytes[i + 2] == 0x80,
                        bytes[i + 3] == 0x94 || bytes[i + 3] == 0x93, bytes[i + 4] == 0x20 { cut = i; resume = i + 5; kind = UInt8(ascii: "-") }
                if let cut {
                    pieces.append((start..<cut, kind))
                    start = resume
                    i = resume
                } else {
                    i += 1
                }
            }
            pieces.append((start..<sentence.upperBound, 0))
            // An aside between two dashes joins both neighbours; a short lead-in joins what follows.
            let aside = UInt8(ascii: "a"), dash = UInt8(ascii: "-"), semicolon = UInt8(ascii: ";")
            var merged: [(Range<Int>, UInt8)] = []
            for piece in pieces {
                if let last = merged.last {
                    let join = last.1 == aside
                        || (last.1 != semicolon && Analyzer.wordCount(bytes[last.0]) <= leadIn)
                        || (last.1 == dash && piece.1 == dash && Analyzer.wordCount(bytes[piece.0]) <= leadIn)
                    if join {
                        let isAside = last.1 == dash && piece.1 == dash && Analyzer.wordCount(bytes[piece.0]) <= leadIn
                        merged[merged.count - 1] = (last.0.lowerBound..<piece.0.upperBound, isAside ? aside : piece.1)
                        continue
                    }
                }
                merged.append(piece)
            }
            for (range, _) in merged { append(&result, bytes, range.lowerBound, range.upperBound) }
        }
        return result
    }

    private static func append(_ result: inout [Range<Int>], _ bytes: [UInt8], _ start: Int, _ end: Int) {
        var lo = start, hi = end
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x0A { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x0A { hi -= 1 }
        if lo < hi { result.append(lo..<hi) }
    }
}
