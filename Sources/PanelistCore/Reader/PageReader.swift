import Foundation

/// Reads comparison pages in the plain and rich layouts, including cut-off scrapes.
/// Problems become diagnostics on the page; reading never throws.
public enum PageReader {
    static let footer = "Weekly AI Tool Verdicts"
    static let scorecardHeading = "Reviewer scorecard"
    static let badges: Set<String> = ["ship", "mixed", "skip"]
    static let decisionLabels: Set<String> = ["panel verdict", "community", "pricing", "best for", "category"]

    /// Reads a file; unreadable, empty or non-UTF-8 files give a page with one error.
    public static func read(path: String) -> Page {
        var page = Page(path: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            page.diagnostics.append(Diagnostic(.error, file: path, code: "reader.unreadable",
                                               "cannot read the file: check that it exists and is readable"))
            return page
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let line = invalidUTF8Line(data)
            page.diagnostics.append(Diagnostic(.error, file: path, line: line, code: "reader.encoding",
                                               "the file is not valid UTF-8: re-save it as UTF-8"))
            return page
        }
        return parse(text, path: path)
    }

    static func invalidUTF8Line(_ data: Data) -> Int {
        var line = 1
        var i = data.startIndex
        while i < data.endIndex {
            let prefixEnd = data[i...].firstIndex(of: 0x0A) ?? data.endIndex
            if String(data: data[i..<prefixEnd], encoding: .utf8) == nil { return line }
            line += 1
            i = prefixEnd == data.endIndex ? prefixEnd : data.index(after: prefixEnd)
        }
        return line
    }

    /// A line of the page: 1-based number, text with surrounding blanks removed,
    /// and the column where that text starts.
    struct Line {
        let number: Int
        let text: String
        let column: Int
        var isBlank: Bool { text.isEmpty }
    }

    public static func parse(_ text: String, path: String) -> Page {
        var page = Page(path: path)
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let lines = splitLines(text)
        page.lineCount = lines.count
        let content = lines.filter { !$0.isBlank }
        guard !content.isEmpty else {
            page.diagnostics.append(Diagnostic(.error, file: path, code: "reader.empty",
                                               "the file is empty: a comparison page was expected"))
            return page
        }
        page.layout = detectLayout(content)
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
        return page
    }

    static func splitLines(_ text: String) -> [Line] {
        var result: [Line] = []
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let leading = line.prefix { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            result.append(Line(number: number, text: trimmed, column: leading.unicodeScalars.count + 1))
        }
        return result
    }

    static func detectLayout(_ content: [Line]) -> Layout {
        if content.prefix(3).contains(where: { $0.text.hasPrefix("Compare/") }) { return .rich }
        if content.contains(where: { $0.text == "Decision" || scoreHeader($0.text) != nil }) { return .rich }
        return .plain
    }

    // MARK: header and tool cards

    static func readHeader(_ header: ArraySlice<Line>, into page: inout Page) {
        let items = Array(header)
        var titleIndex: Int?
        if let marker = items.firstIndex(where: { $0.text == "AI tool comparison" }), marker + 1 < items.count {
            titleIndex = marker + 1
            page.title = items[marker + 1].text
        } else if let crumb = items.first(where: { $0.text.hasPrefix("Compare/") }) {
            page.title = String(crumb.text.dropFirst("Compare/".count))
        }
        let names = titleNames(page.title, lines: items)

        let panelIndices = items.indices.filter { items[$0].text == "Panel ship" }
        let decisionAt = items.firstIndex { $0.text == "Decision" }
        var lowerBound = (titleIndex ?? -1) + 1
        if lowerBound < items.count, items[lowerBound].text.hasPrefix("Which one should you ship with") { lowerBound += 1 }

        var cards: [(card: ToolCard, start: Int, entryEnd: Int)] = []
        for p in panelIndices.prefix(2) {
            var card = ToolCard(name: "")
            var nameAt: Int? = nil
            if let n = stride(from: p - 1, through: lowerBound, by: -1).first(where: { names.contains(normalized(items[$0].text)) }) {
                nameAt = n
            } else {
                // No title to anchor on: walk back over the fixed fields.
                var i = p - 1
                if i >= lowerBound, isPercentLike(items[i].text) { i -= 1 }
                if i >= lowerBound, badges.contains(items[i].text.lowercased()) { i -= 1 }
                if i - 1 >= lowerBound { nameAt = i - 1 }
            }
            var start = p
            if let n = nameAt {
                card.name = items[n].text
                card.nameLine = items[n].number
                start = n
                if n - 1 >= lowerBound { card.category = items[n - 1].text; start = n - 1 }
                if start - 1 >= lowerBound, items[start - 1].text.count == 1 { start -= 1 } // avatar letter
                if n + 1 < p { card.tagline = items[n + 1].text }
                if n + 2 < p {
                    for field in items[(n + 2)..<p] {
                        if badges.contains(field.text.lowercased()) { card.badge = field.text } else {
                            card.panelText = field.text
                            card.panelLine = field.number
                        }
                    }
                }
            }
            card.statedShipPct = card.panelText.flatMap(parsePercent)
            if card.panelLine == 0 { card.panelLine = items[p].number }
            // Panel ship → Community → Entry → description.
            var i = p + 1
            var community: [String] = []
            while i < items.count, items[i].text != "Community", items[i].text != "Entry", items[i].text != "Panel ship" {
                community.append(items[i].text); i += 1
            }
            if i < items.count, items[i].text == "Community" { i += 1 }
            card.community = community.first.flatMap(presentValue)
            var entry: [String] = []
            while i < items.count, items[i].text != "Entry", items[i].text != "Panel ship" { entry.append(items[i].text); i += 1 }
            if i < items.count, items[i].text == "Entry" {
                card.entry = entry.last.flatMap(presentValue)
                i += 1
            }
            // Previous card's description runs up to this card's first line.
            if let last = cards.indices.last {
                let from = cards[last].entryEnd
                if from < start { cards[last].card.description = items[from..<start].map(\.text).joined(separator: "\n") }
            }
            cards.append((card, start, i))
        }
        if let last = cards.indices.last {
            let from = cards[last].entryEnd
            let to = decisionAt ?? items.count
            if from < to { cards[last].card.description = items[from..<to].map(\.text).joined(separator: "\n") }
        }
        page.tools = cards.map(\.card)
        // A cut-off page may lose the second card: the title still names it.
        for name in titleOrder(page.title, names: names) where page.tools.count < 2 {
            if !page.tools.contains(where: { normalized($0.name) == normalized(name) }) {
                page.tools.append(ToolCard(name: name))
            }
        }
        if let decisionAt { readDecision(items[(decisionAt + 1)...], into: &page) }
    }

    /// Splits "A vs B", preferring the split whose halves appear as lines of the page.
    static func titleNames(_ title: String?, lines: [Line]) -> Set<String> {
        Set(titleOrder(title, lines: lines).map(normalized))
    }

    static func titleOrder(_ title: String?, names: Set<String> = [], lines: [Line] = []) -> [String] {
        guard let title else { return [] }
        let parts = title.components(separatedBy: " vs ")
        guard parts.count >= 2 else { return [] }
        let known = names.isEmpty ? Set(lines.map { normalized($0.text) }) : names
        for k in 1..<parts.count {
            let a = parts[0..<k].joined(separator: " vs ").trimmingCharacters(in: .whitespaces)
            let b = parts[k...].joined(separator: " vs ").trimmingCharacters(in: .whitespaces)
            if known.contains(normalized(a)) && known.contains(normalized(b)) { return [a, b] }
        }
        return [parts[0].trimmingCharacters(in: .whitespaces),
                parts[1...].joined(separator: " vs ").trimmingCharacters(in: .whitespaces)]
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
                case "panel verdict": page.tools[k].verdict = value
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
        func nextContent(after k: Int) -> Int? {
            var j = k + 1
            while j < lines.endIndex, lines[j].isBlank { j += 1 }
            return j < lines.endIndex ? j : nil
        }
        func isHeader(_ k: Int) -> (StatedReview, Int)? {
            guard lines[k].text.count <= 40, !isQuoteOpen(lines[k].text),
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
            var textLines: [String] = []
            var truncated = false
            let startColumn: Int
            if isQuoteOpen(line.text) {
                // Curly-quoted, possibly over several lines.
                startColumn = line.column + 1
                var first = String(line.text.dropFirst())
                var j = i
                while true {
                    if isQuoteClose(first) {
                        textLines.append(String(first.dropLast()))
                        break
                    }
                    textLines.append(first)
                    j += 1
                    if j >= lines.endIndex || lines[j].text == footer { truncated = true; j -= 1; break }
                    first = lines[j].text
                }
                i = j + 1
            } else {
                // Rich layout: a paragraph up to a blank line, the next header or the footer.
                startColumn = line.column
                var j = i
                while j < lines.endIndex, !lines[j].isBlank, lines[j].text != footer {
                    if j > i, isHeader(j) != nil { break }
                    textLines.append(lines[j].text)
                    j += 1
                }
                i = j
                if j >= lines.endIndex, page.truncated { truncated = true }
            }
            let body = textLines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            let index = page.quotes.count + 1
            page.quotes.append(Quote(text: body, file: page.path, index: index, toolIndex: (index - 1) % 2,
                                     line: line.number, column: startColumn, stated: pending, truncated: truncated))
            pending = nil
        }
    }

    static func isQuoteOpen(_ s: String) -> Bool { s.hasPrefix("\u{201C}") || s.hasPrefix("\"") }
    static func isQuoteClose(_ s: String) -> Bool { s.hasSuffix("\u{201D}") || (s.hasSuffix("\"") && !s.isEmpty) }

    /// `88/100 · ship` → (88, "ship").
    static func scoreHeader(_ s: String) -> (score: Int, stance: String?)? {
        let parts = s.split(separator: "·", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first, first.hasSuffix("/100"), let score = Int(first.dropLast(4)) else { return nil }
        return (score, parts.count > 1 ? parts[1].lowercased() : nil)
    }

    // MARK: checks

    static func checkShape(_ page: inout Page, lastLine: Int) {
        let path = page.path
        if page.tools.isEmpty {
            page.diagnostics.append(Diagnostic(.error, file: path, code: "reader.not-a-page",
                "no tool cards found: expected a comparison page with 'Panel ship' fields"))
        }
        if page.truncated {
            let what = page.hasScorecard ? "\(page.quotes.count) quotes read" : "no scorecard reached"
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

    // MARK: helpers

    static func normalized(_ s: String) -> String { Names.key(s) }

    static func isPercentLike(_ s: String) -> Bool {
        parsePercent(s) != nil || ["—", "–", "-", "n/a"].contains(s.lowercased())
    }

    static func parsePercent(_ s: String) -> Int? {
        guard s.hasSuffix("%"), let v = Double(s.dropLast().trimmingCharacters(in: .whitespaces)), v >= 0, v <= 100 else { return nil }
        return Int(v.rounded())
    }

    /// "—" means no value.
    static func presentValue(_ s: String) -> String? {
        ["—", "–", "-", ""].contains(s) ? nil : s
    }
}
