/// Splits text into lines at LF, CRLF and CR alike.
///
/// Works on Unicode scalars, not Characters: Swift reads "\r\n" as one
/// Character, so splitting a String on "\n" never splits a CRLF file.
public enum TextLines {
    /// A line of a page: 1-based number, text with surrounding blanks removed,
    /// and the column (Unicode scalars, 1-based) where that text starts.
    public struct Line: Sendable, Equatable {
        public let number: Int
        public let text: String
        public let column: Int
        public var isBlank: Bool { text.isEmpty }
    }

    /// The raw lines, without their terminators.
    public static func raw(_ text: String) -> [Substring] {
        var result: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            let c = scalars[i]
            if c == "\n" || c == "\r" {
                result.append(Substring(scalars[start..<i]))
                var next = scalars.index(after: i)
                if c == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                i = next
            } else {
                i = scalars.index(after: i)
            }
        }
        result.append(Substring(scalars[start..<scalars.endIndex]))
        return result
    }

    static let blanks: Set<Unicode.Scalar> = [" ", "\t", "\u{00A0}", "\u{FEFF}", "\u{000B}", "\u{000C}"]

    /// Trimmed lines with their numbers and the column of their first non-blank scalar.
    public static func split(_ text: String) -> [Line] {
        var result: [Line] = []
        result.reserveCapacity(64)
        for (n, raw) in raw(text).enumerated() {
            let scalars = raw.unicodeScalars
            var lo = scalars.startIndex, hi = scalars.endIndex
            var leading = 0
            while lo < hi, isBlank(scalars[lo]) { lo = scalars.index(after: lo); leading += 1 }
            while hi > lo, isBlank(scalars[scalars.index(before: hi)]) { hi = scalars.index(before: hi) }
            result.append(Line(number: n + 1, text: String(scalars[lo..<hi]), column: leading + 1))
        }
        return result
    }

    static func isBlank(_ s: Unicode.Scalar) -> Bool {
        blanks.contains(s) || (s.properties.isWhitespace && s != "\n" && s != "\r")
    }
}

/// The marks that open and close a quote, the usual ones and the ones written by mistake or by habit.
enum QuoteMarks {
    static let openers: Set<Unicode.Scalar> = ["\u{201C}", "\"", "\u{201E}", "\u{201F}", "\u{00AB}", "\u{201D}"]
    static let closers: Set<Unicode.Scalar> = ["\u{201D}", "\"", "\u{201C}", "\u{00BB}"]

    /// The mark a line opens with, if any.
    static func opening(_ s: String) -> Unicode.Scalar? {
        guard let first = s.unicodeScalars.first, openers.contains(first) else { return nil }
        return first
    }

    /// The mark a line closes with, if any.
    static func closing(_ s: String) -> Unicode.Scalar? {
        guard let last = s.unicodeScalars.last, closers.contains(last) else { return nil }
        return last
    }

    /// Whether `s` (the text after the opening mark) ends with a mark that closes `open`.
    static func closes(_ s: String, after open: Unicode.Scalar) -> Bool {
        guard let last = closing(s) else { return false }
        // A curly opening mark does not close a quote opened with one.
        return !(last == "\u{201C}" && open == "\u{201C}")
    }

    /// Whether `next` reads as the rest of a sentence `line` leaves open, as a
    /// wrapped line does: the line does not end a sentence, or the next starts in lower case.
    static func continues(_ line: String, with next: String) -> Bool {
        if let first = next.unicodeScalars.first, first.properties.isLowercase { return true }
        guard let last = line.unicodeScalars.last else { return false }
        return !".!?…:;".unicodeScalars.contains(last)
    }
}
