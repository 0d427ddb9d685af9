import Foundation

/// Reads a page of the review site whatever its layout: a detector decides by
/// content which reader gets it (ComparisonReader for the two-tool comparison,
/// ToolPageReader for the per-tool review page, each in its renderings).
/// Problems become diagnostics on the page; reading never throws.
public enum PageReader {
    static let footer = "Weekly AI Tool Verdicts"
    static let badges: Set<String> = ["ship", "mixed", "skip"]
    static let stanceWords = badges

    /// Reads a file; unreadable, empty or non-UTF-8 files give a page with one error.
    public static func read(path: String, vocabulary: LayoutVocabulary = .builtIn) -> Page {
        var page = Page(path: path)
        let data: Data
        switch StandardInput.read(atPath: path) {
        case .data(let d): data = d
        case .tooBig(let size):
            page.diagnostics.append(Diagnostic(.error, file: path, code: "reader.too-big", InputLimits.tooBigMessage(size: size)))
            return page
        case .unreadable:
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
        var parsed = parse(text, path: path, vocabulary: vocabulary)
        InputLimits.bound(&parsed)
        return parsed
    }

    /// The 1-based line (LF, CRLF or CR ends a line) holding the first byte that is not UTF-8.
    public static func invalidUTF8Line(_ data: Data) -> Int {
        var line = 1
        var start = data.startIndex
        var i = data.startIndex
        var previous: UInt8 = 0
        while i < data.endIndex {
            let b = data[i]
            if b == 0x0A || b == 0x0D {
                if String(data: data[start..<i], encoding: .utf8) == nil { return line }
                if !(b == 0x0A && previous == 0x0D) { line += 1 }
                start = data.index(after: i)
            }
            previous = b
            i = data.index(after: i)
        }
        return line
    }

    typealias Line = TextLines.Line
    public static func parse(_ text: String, path: String, vocabulary: LayoutVocabulary = .builtIn) -> Page {
        var page = Page(path: path)
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let lines = TextLines.split(text)
        page.lineCount = lines.count
        let content = lines.filter { !$0.isBlank }
        guard !content.isEmpty else {
            page.diagnostics.append(Diagnostic(.error, file: path, code: "reader.empty",
                                               "the file is empty: a review or comparison page was expected"))
            return page
        }
        page.layout = detectLayout(content, lines: lines, vocabulary: vocabulary)
        if page.layout.isToolPage {
            ToolPageReader.read(lines, content: content, vocabulary: vocabulary, into: &page)
        } else {
            ComparisonReader.read(lines, content: content, into: &page)
        }
        return page
    }

    /// The layout, from what the page contains (never its file name): a comparison
    /// has `Panel ship` cards or a scorecard; a tool page has a reviews heading, a
    /// back link or an overall verdict. Anything else goes to the comparison reader,
    /// which says what it misses.
    static func detectLayout(_ content: [Line], lines: [Line], vocabulary: LayoutVocabulary) -> Layout {
        // Lowercased only where a line could equal one of these headings (lowercasing shrinks
        // UTF-8 at most threefold), so a 10 MB quote line is never lowercased.
        let fixed = ["panel ship", "reviewer scorecard", "ai tool comparison"]
        let longest = 3 * (fixed + vocabulary.reviewHeadings + vocabulary.backLinks).map(\.utf8.count).max()!
        let lower: [String?] = content.map { $0.text.utf8.count > longest ? nil : $0.text.lowercased() }
        let isComparison = content.prefix(3).contains { $0.text.hasPrefix("Compare/") }
            || fixed.contains { lower.contains($0) }
        if isComparison {
            if content.prefix(3).contains(where: { $0.text.hasPrefix("Compare/") }) { return .rich }
            if content.contains(where: { $0.text == "Decision" || scoreHeader($0.text) != nil }) { return .rich }
            return .plain
        }
        let hasReviews = lower.contains { $0.map(vocabulary.reviewHeadings.contains) ?? false }
        let hasBackLink = lower.prefix(3).contains { $0.map(vocabulary.backLinks.contains) ?? false }
        let hasVerdict = content.contains { ToolPageReader.verdictLine($0.text, vocabulary: vocabulary) != nil }
            || content.contains { ToolPageReader.badge($0.text) != nil }
        guard hasReviews || hasBackLink || hasVerdict else { return .plain }
        // Rich renderings put a blank line between items.
        let blankSeparated = lines.count >= 2 * content.count - 2 && content.count > 1
        let rich = hasBackLink || blankSeparated
        if hasVerdict { return rich ? .toolVerdictRich : .toolVerdictPlain }
        return rich ? .toolRich : .toolPlain
    }

    struct QuoteRead {
        var text: String
        var column: Int
        /// The index of the first line after the quote.
        var next: Int
        var truncated: Bool
    }

    /// Reads the quote that starts at `lines[i]`: one line in a one-per-line layout
    /// (or several that continue one sentence up to its closing mark), else a
    /// paragraph up to a blank line, a boundary or the footer. A missing or odd
    /// mark is a warning at the line, never a merge with the next quote.
    static func readQuote(_ lines: ArraySlice<Line>, at i: Int, index: Int, onePerLine: Bool, lastContent: Int,
                          isBoundary: (Int) -> Bool, into page: inout Page) -> QuoteRead {
        let path = page.path
        let line = lines[i]
        func warn(_ line: Line, _ code: String, _ message: String) {
            page.diagnostics.append(Diagnostic(.warning, file: path, line: line.number, column: line.column, code: code, message))
        }
        let open = QuoteMarks.opening(line.text)
        var textLines: [String] = [open == nil ? line.text : String(line.text.unicodeScalars.dropFirst())]
        var truncated = false
        var closed = open != nil && QuoteMarks.closes(textLines[0], after: open!)
        var j = i
        if onePerLine {
            // A quote that opens but does not close on its line runs on only over
            // lines that open no quote of their own and continue a sentence, up to
            // a line that closes it. Otherwise its closing mark is missing.
            if let open, !closed {
                var k = i + 1
                while k < lines.endIndex, !lines[k].isBlank, lines[k].text != footer,
                      QuoteMarks.opening(lines[k].text) == nil,
                      QuoteMarks.continues(lines[k - 1].text, with: lines[k].text) {
                    if QuoteMarks.closes(lines[k].text, after: open) { break }
                    k += 1
                }
                if k < lines.endIndex, !lines[k].isBlank, lines[k].text != footer, QuoteMarks.opening(lines[k].text) == nil,
                   QuoteMarks.continues(lines[k - 1].text, with: lines[k].text), QuoteMarks.closes(lines[k].text, after: open) {
                    textLines += lines[(i + 1)...k].map(\.text)
                    closed = true
                    j = k
                    page.diagnostics.append(Diagnostic(.info, file: path, line: line.number, column: line.column,
                        code: "reader.multiline-quote", "quote \(index) runs over lines \(line.number)–\(lines[k].number): read as one quote"))
                }
            }
        } else {
            // A paragraph up to a blank line, the next header or the footer.
            while j + 1 < lines.endIndex, !lines[j + 1].isBlank, lines[j + 1].text != footer, !isBoundary(j + 1) {
                j += 1
                textLines.append(lines[j].text)
            }
            if let open { closed = QuoteMarks.closes(textLines[textLines.count - 1], after: open) }
        }
        if page.truncated, j >= lastContent { truncated = open == nil ? !onePerLine : !closed }
        if closed, let open {
            var last = textLines.removeLast().unicodeScalars
            last.removeLast()
            textLines.append(String(last))
            if open != "\u{201C}", open != "\"" {
                warn(line, "reader.quote-mark", "quote \(index) opens with '\(open)' rather than '“': read as a quote")
            }
        } else if !truncated {
            let closing = QuoteMarks.closing(textLines[textLines.count - 1])
            if closing != nil {
                var last = textLines.removeLast().unicodeScalars
                last.removeLast()
                textLines.append(String(last))
            }
            if open != nil {
                warn(line, "reader.quote-unclosed", onePerLine
                     ? "quote \(index) has no closing '”': read as the line it is on"
                     : "quote \(index) has no closing '”': read up to the end of its paragraph")
            } else if onePerLine {
                warn(line, "reader.quote-unopened", closing == nil
                     ? "quote \(index) has neither an opening '“' nor a closing '”': read as the line it is on"
                     : "quote \(index) has no opening '“': read as the line it is on")
            } else if closing != nil {
                warn(line, "reader.quote-unopened", "quote \(index) has a closing '\(closing!)' but no opening '“': read as its paragraph")
            }
        }
        let body = trimmed(textLines.joined(separator: "\n"), .whitespacesAndNewlines)
        return QuoteRead(text: body, column: line.column + (open == nil ? 0 : 1), next: j + 1, truncated: truncated)
    }

    /// `88/100 · ship` → (88, "ship").
    static func scoreHeader(_ s: String) -> (score: Int, stance: String?)? {
        // A header starts with its score ("82/100 · Ship"): other lines, quotes above all, are turned away by their first character.
        guard let lead = s.unicodeScalars.first(where: { !CharacterSet.whitespaces.contains($0) }),
              ("0"..."9").contains(lead) || lead == "+" || lead == "-" else { return nil }
        let parts = s.split(separator: "·", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first, first.hasSuffix("/100"), let score = Int(first.dropLast(4)) else { return nil }
        return (score, parts.count > 1 ? parts[1].lowercased() : nil)
    }

    // MARK: helpers

    /// `s` without the scalars of `set` at either end, as `trimmingCharacters(in:)` gives it
    /// but without its NSString round trip, which costs seconds on a 10 MB quote.
    static func trimmed(_ s: String, _ set: CharacterSet) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !set.contains($0) }), let last = scalars.lastIndex(where: { !set.contains($0) }) else { return "" }
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return s }
        return String(scalars[first...last])
    }

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
