import Foundation

/// Reads the per-tool review page: the tool's name, tagline and description, then
/// `Panel Reviews` with one block per reviewer (name, perspective, in the rich
/// rendering a `Ship`/`Skip` line, then the quote). The newer design states an
/// overall verdict and split instead (`Expert verdict` / `Ship` / `3-1`, or
/// `Verdict — Ship` / `3 Ships1 Skips`), and its rich rendering a badge
/// (`Skip · 5.0/10`) and a `Reviewed` date. Every quote is about the one tool;
/// its persona slot comes from the reviewer's lines through rules/layout.yaml.
enum ToolPageReader {
    typealias Line = TextLines.Line
    static let footer = PageReader.footer

    static func read(_ lines: [Line], content: [Line], vocabulary: LayoutVocabulary, into page: inout Page) {
        let path = page.path
        let footerAt = content.firstIndex { $0.text == footer }
        let reviewsAt = content.firstIndex { vocabulary.reviewHeadings.contains($0.text.lowercased()) }
        let topEnd = reviewsAt ?? footerAt ?? content.count
        var card = readTop(content[0..<topEnd], vocabulary: vocabulary, into: &page)
        if card.name.isEmpty {
            card.name = "unnamed tool of \((path as NSString).lastPathComponent)"
            page.diagnostics.append(Diagnostic(.warning, file: path, line: content[0].number, code: "reader.card-name",
                "the tool page has no name line before its reviews: reported as '\(card.name)'"))
        }
        page.title = card.name
        page.tools = [card]

        var pendingHeader = false
        if let reviewsAt {
            page.hasScorecard = true
            page.scorecardLine = content[reviewsAt].number
            pendingHeader = readReviews(lines[content[reviewsAt].number...], vocabulary: vocabulary,
                                        footerPresent: footerAt != nil, into: &page)
        }
        // A page without its footer is cut off when it shows it: no reviews yet, a
        // reviewer without a quote, a last quote cut mid-sentence, or fewer reviews
        // than the stated split counts.
        if footerAt == nil {
            let expected = card.statedSplit.map { $0.ship + $0.skip } ?? 4
            page.truncated = reviewsAt == nil || pendingHeader || page.quotes.count < expected
                || page.quotes.last.map { $0.truncated || !endsSentence($0.text) } ?? true
            if page.truncated, let last = page.quotes.last, !last.truncated, !endsSentence(last.text), !pendingHeader {
                page.quotes[page.quotes.count - 1].truncated = true
            }
        }
        checkShape(&page, lastLine: content.last!.number)
    }

    // MARK: the top: name, tagline, description, verdict, badge, date

    static func readTop(_ top: ArraySlice<Line>, vocabulary: LayoutVocabulary, into page: inout Page) -> ToolCard {
        var card = ToolCard(name: "")
        var rest: [Line] = []
        var k = top.startIndex
        while k < top.endIndex {
            let line = top[k]
            let lower = line.text.lowercased()
            if vocabulary.backLinks.contains(lower) { k += 1; continue }
            if let verdict = verdictLine(line.text, vocabulary: vocabulary) {
                card.verdictLine = line.number
                k += 1
                if let word = verdict.word {
                    card.verdict = word
                } else if k < top.endIndex, PageReader.stanceWords.contains(top[k].text.lowercased()) {
                    card.verdict = top[k].text
                    k += 1
                }
                if k < top.endIndex, let split = parseSplit(top[k].text, line: top[k].number) {
                    card.statedSplit = split
                    k += 1
                }
                continue
            }
            if let (word, score) = badge(line.text) {
                card.badge = word
                card.badgeScore = score
                k += 1
                continue
            }
            if let date = reviewedDate(line.text, vocabulary: vocabulary) {
                card.reviewed = date
                k += 1
                continue
            }
            if card.verdict != nil, card.statedSplit == nil, let split = parseSplit(line.text, line: line.number) {
                card.statedSplit = split
                k += 1
                continue
            }
            rest.append(line)
            k += 1
        }
        // The rich rendering prints the name twice.
        if rest.count >= 2, Names.key(rest[0].text) == Names.key(rest[1].text) { rest.remove(at: 1) }
        if let name = rest.first {
            card.name = name.text
            card.nameLine = name.number
        }
        if rest.count > 1 { card.tagline = rest[1].text }
        if rest.count > 2 { card.description = rest[2...].map(\.text).joined(separator: "\n") }
        return card
    }

    /// `Expert verdict` (the word on the next line) or `Verdict — Ship`.
    static func verdictLine(_ s: String, vocabulary: LayoutVocabulary) -> (word: String?, Void)? {
        let lower = s.lowercased()
        if vocabulary.verdictHeadings.contains(lower) { return (nil, ()) }
        for heading in vocabulary.verdictHeadings where lower.hasPrefix(heading) {
            let rest = s.unicodeScalars.dropFirst(heading.unicodeScalars.count)
            let word = String(rest).trimmingCharacters(in: CharacterSet(charactersIn: " \u{00A0}—–-:·"))
            if PageReader.stanceWords.contains(word.lowercased()) { return (word, ()) }
        }
        return nil
    }

    /// `Skip · 5.0/10` → ("Skip", 5.0).
    static func badge(_ s: String) -> (String, Double)? {
        let parts = s.split(separator: "·", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, PageReader.stanceWords.contains(parts[0].lowercased()), parts[1].hasSuffix("/10"),
              let score = Double(parts[1].dropLast(3)), score >= 0, score <= 10 else { return nil }
        return (parts[0], score)
    }

    /// `Reviewed 2026-04-05` → "2026-04-05".
    static func reviewedDate(_ s: String, vocabulary: LayoutVocabulary) -> String? {
        for prefix in vocabulary.reviewedPrefixes.sorted(by: { $0.count > $1.count }) where s.lowercased().hasPrefix(prefix.lowercased() + " ") {
            let rest = String(s.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            if rest.first?.isNumber == true, rest.count <= 20 { return rest }
        }
        return nil
    }

    /// A stated split: `3-1`, `3 – 1`, `3 Ships1 Skips`, `3 ship / 1 skip`.
    static func parseSplit(_ s: String, line: Int) -> StatedSplit? {
        let t = s.lowercased()
        var numbers: [Int] = []
        var words: [String] = []
        var current = ""
        var word = ""
        for c in t {
            if c.isNumber {
                if !word.isEmpty { words.append(word); word = "" }
                current.append(c)
            } else {
                if !current.isEmpty { numbers.append(Int(current) ?? -1); current = "" }
                if c.isLetter { word.append(c) } else if !word.isEmpty { words.append(word); word = "" }
                if !(c.isLetter || " -–—/·:".contains(c)) { return nil }
            }
        }
        if !current.isEmpty { numbers.append(Int(current) ?? -1) }
        if !word.isEmpty { words.append(word) }
        guard numbers.count == 2, numbers.allSatisfy({ $0 >= 0 && $0 <= 100 }) else { return nil }
        if words.isEmpty { return StatedSplit(ship: numbers[0], skip: numbers[1], line: line) }
        let stances = words.map { $0.hasPrefix("ship") ? "ship" : $0.hasPrefix("skip") ? "skip" : $0 }
        if stances == ["ship", "skip"] { return StatedSplit(ship: numbers[0], skip: numbers[1], line: line) }
        if stances == ["skip", "ship"] { return StatedSplit(ship: numbers[1], skip: numbers[0], line: line) }
        return nil
    }

    // MARK: reviews

    /// A line that heads a review (name, perspective, verdict) rather than saying it.
    static func isHeaderLike(_ s: String) -> Bool {
        QuoteMarks.opening(s) == nil && s.count <= 60 && !endsSentence(s)
    }

    static func endsSentence(_ s: String) -> Bool {
        guard let last = s.unicodeScalars.last else { return false }
        return ".!?…\u{201D}\")".unicodeScalars.contains(last)
    }

    /// Reads the review blocks; returns whether the page ends on a reviewer with no quote.
    static func readReviews(_ lines: ArraySlice<Line>, vocabulary: LayoutVocabulary, footerPresent: Bool,
                            into page: inout Page) -> Bool {
        let path = page.path
        let onePerLine = !page.layout.isRich
        var header: [Line] = []
        var i = lines.startIndex
        let lastContent = lines.lastIndex { !$0.isBlank && $0.text != footer } ?? lines.startIndex
        // Cut-off quotes are judged after the whole page is read; assume cut when there is no footer.
        let wasTruncated = page.truncated
        page.truncated = !footerPresent
        defer { page.truncated = wasTruncated }
        while i < lines.endIndex {
            let line = lines[i]
            if line.isBlank { i += 1; continue }
            if line.text == footer { break }
            // At most four header lines (name twice, perspective, verdict); a short
            // last line after a full header is a quote cut short.
            let cutShort = i >= lastContent && !footerPresent && reviewer(header)?.perspective != nil
                && !PageReader.stanceWords.contains(line.text.lowercased())
            if isHeaderLike(line.text), header.count < 4, !cutShort {
                header.append(line)
                i += 1
                continue
            }
            let index = page.quotes.count + 1
            let read = PageReader.readQuote(lines, at: i, index: index, onePerLine: onePerLine, lastContent: lastContent,
                                            isBoundary: { _ in false }, into: &page)
            i = read.next
            var quote = Quote(text: read.text, file: path, index: index, toolIndex: 0, line: line.number,
                              column: read.column, stated: nil, truncated: read.truncated, slot: -1)
            if let stated = reviewer(header) {
                quote.stated = stated
                if let persona = vocabulary.persona(of: [stated.reviewer] + (stated.perspective.map { [$0] } ?? [])) {
                    quote.slot = persona.slot
                } else {
                    page.diagnostics.append(Diagnostic(.warning, file: path, line: stated.line, code: "reader.unknown-reviewer",
                        "reviewer '\(stated.reviewer)'\(stated.perspective.map { " (\($0))" } ?? "") matches no reviewer rule in rules/layout.yaml: the quote has no persona slot"))
                }
            } else {
                page.diagnostics.append(Diagnostic(.warning, file: path, line: line.number, column: line.column, code: "reader.no-reviewer",
                    "quote \(index) has no reviewer line above it: it has no persona slot"))
            }
            page.quotes.append(quote)
            header = []
        }
        if !header.isEmpty, footerPresent {
            page.diagnostics.append(Diagnostic(.warning, file: path, line: header[0].number, code: "reader.no-quote",
                "reviewer '\(header[0].text)' has no quote"))
        }
        return !header.isEmpty
    }

    /// Name (printed twice in the rich rendering), perspective and stated verdict.
    static func reviewer(_ header: [Line]) -> StatedReview? {
        var rest: [Line] = []
        var stance: String?
        for line in header {
            if PageReader.stanceWords.contains(line.text.lowercased()) { stance = line.text.lowercased(); continue }
            if let last = rest.last, Names.key(last.text) == Names.key(line.text) { continue }
            rest.append(line)
        }
        guard let name = rest.first else {
            return stance.map { StatedReview(reviewer: "", stance: $0, line: header[0].number) }
        }
        return StatedReview(reviewer: name.text, stance: stance, line: name.number,
                            perspective: rest.count > 1 ? rest[1].text : nil)
    }

    // MARK: checks

    static func checkShape(_ page: inout Page, lastLine: Int) {
        let path = page.path
        if page.truncated {
            let what = page.hasScorecard ? "\(page.quotes.count) \(page.quotes.count == 1 ? "quote" : "quotes") read" : "no reviews reached"
            page.diagnostics.append(Diagnostic(.warning, file: path, line: lastLine, code: "reader.truncated",
                "the page is cut off after line \(lastLine) (no footer): \(what)"))
            if let last = page.quotes.last, last.truncated {
                page.diagnostics.append(Diagnostic(.warning, file: path, line: last.line, column: last.column,
                    code: "reader.truncated-quote", "quote \(last.index) is cut off: it is analysed as far as it goes"))
            }
            return
        }
        if !page.hasScorecard {
            page.diagnostics.append(Diagnostic(.error, file: path, line: lastLine, code: "reader.no-scorecard",
                "no 'Panel Reviews' section: add the reviewers' quotes after the tool's description"))
        } else if page.quotes.isEmpty {
            page.diagnostics.append(Diagnostic(.error, file: path, line: page.scorecardLine ?? 1, code: "reader.no-quotes",
                "the reviews section has no quotes"))
        }
    }
}
