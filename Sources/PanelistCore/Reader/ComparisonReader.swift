import Foundation

/// Reads the comparison pages (two tools side by side) in their plain and rich
/// renderings: tool cards, the rich Decision block and the reviewer scorecard.
enum ComparisonReader {
    typealias Line = TextLines.Line
    static let footer = PageReader.footer
    static let scorecardHeading = "Reviewer scorecard"
    static let badges = PageReader.badges
    static let decisionLabels: Set<String> = ["panel verdict", "community", "pricing", "best for", "category"]

    static func read(_ lines: [Line], content: [Line], into page: inout Page) {
        page.truncated = !content.contains { $0.text == footer }
        let scorecardAt = content.firstIndex { $0.text == scorecardHeading }
        let headerEnd = scorecardAt ?? content.firstIndex { $0.text == footer } ?? content.count

        readHeader(content[0..<headerEnd], into: &page)
        if let scorecardAt {
            page.hasScorecard = true
            page.scorecardLine = content[scorecardAt].number
            let startLine = content[scorecardAt].number // 1-based; lines[startLine...] follow it
            readScorecard(lines[startLine...], into: &page)
        }
        checkShape(&page, lastLine: content.last!.number)
    }

    static func normalized(_ s: String) -> String { Names.key(s) }
    static func isPercentLike(_ s: String) -> Bool { PageReader.isPercentLike(s) }
    static func parsePercent(_ s: String) -> Int? { PageReader.parsePercent(s) }
    static func presentValue(_ s: String) -> String? { PageReader.presentValue(s) }
    static func scoreHeader(_ s: String) -> (score: Int, stance: String?)? { PageReader.scoreHeader(s) }

    // MARK: header and tool cards

    static func isPanelLabel(_ s: String) -> Bool { s.lowercased() == "panel ship" }
    static func isFieldLabel(_ s: String) -> Bool {
        ["panel ship", "community", "entry"].contains(s.lowercased())
    }

    static func readHeader(_ header: ArraySlice<Line>, into page: inout Page) {
        let items = Array(header)
        let path = page.path
        var titleIndex: Int?
        if let marker = items.firstIndex(where: { $0.text == "AI tool comparison" }), marker + 1 < items.count {
            // The title is the next line, or the one after a stray line, if that one reads `A vs B`.
            let at = marker + 2 < items.count && titleOrder(items[marker + 1].text).isEmpty && titleOrder(items[marker + 2].text).count == 2
                ? marker + 2 : marker + 1
            titleIndex = at
            page.title = items[at].text
        } else if let crumb = items.first(where: { $0.text.hasPrefix("Compare/") }) {
            page.title = String(crumb.text.dropFirst("Compare/".count))
        } else if let first = items.first, titleOrder(first.text).count == 2, !isPanelLabel(first.text) {
            // The `AI tool comparison` line is missing: an `A vs B` first line is still the title.
            titleIndex = 0
            page.title = first.text
        }
        let order = titleOrder(page.title, lines: items)
        let names = Set(order.map(normalized))

        // A `Panel ship` line with no card between it and the previous one repeats it.
        var panelIndices: [Int] = []
        for k in items.indices where isPanelLabel(items[k].text) {
            if let previous = panelIndices.last, k - previous <= 3,
               !items[(previous + 1)..<k].contains(where: { names.contains(normalized($0.text)) }) {
                page.diagnostics.append(Diagnostic(.warning, file: path, line: items[k].number, column: items[k].column,
                    code: "reader.repeated-field",
                    "a second 'Panel ship' line right after the one at line \(items[previous].number): read as one card"))
                continue
            }
            panelIndices.append(k)
        }
        if panelIndices.count > 2 {
            let extra = items[panelIndices[2]]
            page.diagnostics.append(Diagnostic(.warning, file: path, line: extra.number, column: extra.column,
                code: "reader.extra-card",
                "\(panelIndices.count) tool cards where a comparison has two: the cards from this line on are ignored"))
        }
        let decisionAt = items.firstIndex { $0.text == "Decision" }
        var firstBound = (titleIndex ?? -1) + 1
        if firstBound < items.count, items[firstBound].text.hasPrefix("Which one should you ship with") { firstBound += 1 }

        var cards: [(card: ToolCard, start: Int, entryEnd: Int)] = []
        var used = Set<String>()
        for p in panelIndices.prefix(2) {
            var card = ToolCard(name: "")
            // A card's lines start after the previous card's fields.
            let lowerBound = cards.last.map(\.entryEnd) ?? firstBound
            var nameAt: Int? = nil
            if let n = stride(from: p - 1, through: lowerBound, by: -1).first(where: {
                let key = normalized(items[$0].text)
                return names.contains(key) && !used.contains(key)
            }) {
                nameAt = n
            } else if !names.isEmpty, names.count > used.count {
                // The title names a tool this card has no line for: the title's name is taken below.
                nameAt = nil
            } else {
                // No title to anchor on: walk back over the fixed fields to
                // [category] name [tagline]; a lone line above them is the name.
                var i = p - 1
                if i >= lowerBound, isPercentLike(items[i].text) { i -= 1 }
                if i >= lowerBound, badges.contains(items[i].text.lowercased()) { i -= 1 }
                if i - 1 >= lowerBound, isNameLike(items[i - 1].text) { nameAt = i - 1 }
                else if i >= lowerBound, isNameLike(items[i].text) { nameAt = i }
            }
            var start = p
            var fieldsFrom = p
            if let n = nameAt {
                card.name = items[n].text
                card.nameLine = items[n].number
                start = n
                if n - 1 >= lowerBound, isNameLike(items[n - 1].text) { card.category = items[n - 1].text; start = n - 1 }
                if start - 1 >= lowerBound, items[start - 1].text.count == 1 { start -= 1 } // avatar letter
                fieldsFrom = n + 1
                if n + 1 < p, !isPercentLike(items[n + 1].text), !badges.contains(items[n + 1].text.lowercased()) {
                    card.tagline = items[n + 1].text
                    fieldsFrom = n + 2
                }
            } else {
                fieldsFrom = max(lowerBound, p - 2)
            }
            if fieldsFrom < p {
                for field in items[fieldsFrom..<p] {
                    if badges.contains(field.text.lowercased()) { card.badge = field.text } else if isPercentLike(field.text) || card.panelText == nil {
                        card.panelText = field.text
                        card.panelLine = field.number
                    }
                }
            }
            card.statedShipPct = card.panelText.flatMap(parsePercent)
            if card.panelLine == 0 { card.panelLine = items[p].number }
            // Panel ship → Community → Entry → description.
            var i = p + 1
            var community: [String] = []
            while i < items.count, !isFieldLabel(items[i].text) { community.append(items[i].text); i += 1 }
            if i < items.count, items[i].text.lowercased() == "community" { i += 1 }
            card.community = community.first.flatMap(presentValue)
            var entry: [String] = []
            while i < items.count, !isFieldLabel(items[i].text) { entry.append(items[i].text); i += 1 }
            if i < items.count, items[i].text.lowercased() == "entry" {
                card.entry = entry.last.flatMap(presentValue)
                i += 1
            } else {
                i = p + 1 // no Community/Entry fields: the description starts after Panel ship
            }
            // Previous card's description runs up to this card's first line.
            if let last = cards.indices.last {
                let from = cards[last].entryEnd
                if from < start { cards[last].card.description = items[from..<start].map(\.text).joined(separator: "\n") }
            }
            if !card.name.isEmpty { used.insert(normalized(card.name)) }
            cards.append((card, start, i))
        }
        if let last = cards.indices.last {
            let from = cards[last].entryEnd
            let to = decisionAt ?? items.count
            if from < to { cards[last].card.description = items[from..<to].map(\.text).joined(separator: "\n") }
        }
        page.tools = cards.map(\.card)
        // A card whose name line is missing takes the title's name for it.
        for k in page.tools.indices where page.tools[k].name.isEmpty {
            if let name = order.first(where: { !used.contains(normalized($0)) }) {
                page.tools[k].name = name
                used.insert(normalized(name))
                page.diagnostics.append(Diagnostic(.warning, file: path, line: page.tools[k].panelLine,
                    code: "reader.card-name", "tool card \(k + 1) has no name line: named '\(name)' from the title"))
            } else {
                page.tools[k].name = "unnamed tool \(k + 1) of \((path as NSString).lastPathComponent)"
                page.diagnostics.append(Diagnostic(.warning, file: path, line: page.tools[k].panelLine,
                    code: "reader.card-name", "tool card \(k + 1) has no name line and the title names no tool for it: reported as '\(page.tools[k].name)'"))
            }
        }
        // A cut-off page may lose the second card: the title still names it.
        for name in order where page.tools.count < 2 {
            if !page.tools.contains(where: { normalized($0.name) == normalized(name) }) {
                page.tools.append(ToolCard(name: name))
            }
        }
        if page.tools.count == 2, normalized(page.tools[0].name) == normalized(page.tools[1].name) {
            page.diagnostics.append(Diagnostic(.warning, file: path, line: page.tools[1].nameLine,
                code: "reader.card-name", "both tool cards are named '\(page.tools[1].name)': their quotes are reported as one tool's"))
        }
        if let decisionAt { readDecision(items[(decisionAt + 1)...], into: &page) }
    }

    /// A line that can be a name or category: short, not a field, a percentage or a sentence.
    static func isNameLike(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 80 && !isFieldLabel(s) && !isPercentLike(s) && !badges.contains(s.lowercased())
            && !s.hasSuffix(".")
    }

    /// Title separators: "A vs B", "A vs. B", "A versus B".
    static let separators = [" vs ", " vs. ", " versus ", " VS ", " Vs ", " Vs. "]

    /// Splits the title into two names, preferring the split whose halves appear as lines of the page.
    static func titleOrder(_ title: String?, lines: [Line] = []) -> [String] {
        guard let title else { return [] }
        var splits: [(String, String)] = []
        for sep in separators {
            var search = title.startIndex..<title.endIndex
            while let r = title.range(of: sep, range: search) {
                let a = title[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
                let b = title[r.upperBound...].trimmingCharacters(in: .whitespaces)
                if !a.isEmpty, !b.isEmpty { splits.append((a, b)) }
                search = r.upperBound..<title.endIndex
            }
        }
        guard let first = splits.min(by: { $0.0.count < $1.0.count }) else { return [] }
        let known = Set(lines.map { normalized($0.text) })
        if let both = splits.first(where: { known.contains(normalized($0.0)) && known.contains(normalized($0.1)) }) {
            return [both.0, both.1]
        }
        return [first.0, first.1]
    }

    static func readDecision(_ block: ArraySlice<Line>, into page: inout Page) {
        var i = block.startIndex
        // Two tool-name lines head the block.
        while i < block.endIndex, !decisionLabels.contains(block[i].text.lowercased()) { i += 1 }
        while i < block.endIndex {
            let label = block[i].text.lowercased()
            guard decisionLabels.contains(label) else { i += 1; continue }
            var values: [String] = []
            var j = i + 1
            while j < block.endIndex, values.count < 2, !decisionLabels.contains(block[j].text.lowercased()) {
                values.append(block[j].text); j += 1
            }
            for (k, value) in values.enumerated() where k < page.tools.count {
                switch label {
                case "panel verdict":
                    page.tools[k].verdict = value
                    page.tools[k].verdictLine = block[i + 1 + k].number
                    page.tools[k].statedSplit = ToolPageReader.parseSplit(StatedValues.countsPart(value), line: block[i + 1 + k].number)
                case "pricing": page.tools[k].pricing = value
                case "best for": page.tools[k].bestFor = value
                case "category": if page.tools[k].category == nil { page.tools[k].category = value }
                case "community":
                    if page.tools[k].community == nil, !value.lowercased().hasPrefix("no community") {
                        page.tools[k].community = value
                    }
                default: break
                }
            }
            i = j
        }
    }

    // MARK: scorecard

    static func readScorecard(_ lines: ArraySlice<Line>, into page: inout Page) {
        var pending: StatedReview?
        var i = lines.startIndex
        // The plain layout puts one quote on each line; the rich one a paragraph under a header.
        let onePerLine = page.layout == .plain
        let lastContent = lines.lastIndex { !$0.isBlank && $0.text != footer } ?? lines.startIndex
        func nextContent(after k: Int) -> Int? {
            var j = k + 1
            while j < lines.endIndex, lines[j].isBlank { j += 1 }
            return j < lines.endIndex ? j : nil
        }
        func isHeader(_ k: Int) -> (StatedReview, Int)? {
            guard lines[k].text.count <= 40, QuoteMarks.opening(lines[k].text) == nil,
                  let s = nextContent(after: k), let parsed = scoreHeader(lines[s].text) else { return nil }
            return (StatedReview(reviewer: lines[k].text, score: parsed.score, stance: parsed.stance, line: lines[k].number), s)
        }
        while i < lines.endIndex {
            let line = lines[i]
            if line.isBlank { i += 1; continue }
            if line.text == footer { break }
            if let (header, scoreAt) = isHeader(i) {
                pending = header
                i = scoreAt + 1
                continue
            }
            let index = page.quotes.count + 1
            let read = PageReader.readQuote(lines, at: i, index: index, onePerLine: onePerLine, lastContent: lastContent,
                                            isBoundary: { isHeader($0) != nil }, into: &page)
            i = read.next
            page.quotes.append(Quote(text: read.text, file: page.path, index: index, toolIndex: (index - 1) % 2,
                                     line: line.number, column: read.column, stated: pending, truncated: read.truncated,
                                     slot: (index - 1) / 2))
            pending = nil
        }
    }

    /// `88/100 · ship` → (88, "ship").
    // MARK: checks

    static func checkShape(_ page: inout Page, lastLine: Int) {
        let path = page.path
        if page.tools.isEmpty {
            page.diagnostics.append(Diagnostic(.error, file: path, code: "reader.not-a-page",
                "no tool cards found: expected a comparison page with 'Panel ship' fields"))
        }
        if page.truncated {
            let what = page.hasScorecard ? "\(Wording.count(page.quotes.count, "quote")) read" : "no scorecard reached"
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
                "no 'Reviewer scorecard' section: add the reviewers' quotes after the tool cards"))
        } else if page.quotes.isEmpty {
            page.diagnostics.append(Diagnostic(.error, file: path, line: page.scorecardLine ?? 1, code: "reader.no-quotes",
                "the scorecard has no quotes"))
        } else if page.quotes.count % 2 == 1 {
            page.diagnostics.append(Diagnostic(.error, file: path, line: page.scorecardLine ?? 1, code: "reader.odd-quotes",
                "the scorecard has \(page.quotes.count) quotes, an odd number: quotes alternate between the two tools, so one is missing"))
        }
    }

}
