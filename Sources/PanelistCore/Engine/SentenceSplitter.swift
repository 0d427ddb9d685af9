/// Splits review prose into sentences (UTF-8 byte ranges), knowing that a
/// period is not always an end: abbreviations, decimals and multipliers
/// (4.2×), version numbers (v2.0), domains (Bolt.new), initials and ellipses.
public enum SentenceSplitter {
    static let abbreviations: Set<String> = [
        "e.g", "i.e", "etc", "vs", "cf", "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "corp",
        "st", "approx", "est", "no", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "u.s", "u.k", "e.u", "a.k.a", "ca", "al",
    ]

    public static func sentences(in text: String) -> [Range<Int>] {
        let bytes = Array(text.utf8)
        var result: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") {
                var end = i + 1
                // Runs of terminators ("?!", "...") and closing quotes/brackets stay with the sentence.
                while end < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?")].contains(bytes[end]) { end += 1 }
                end = skipClosers(bytes, end)
                if isBoundary(bytes, terminator: i, after: end) {
                    append(&result, bytes, start, end)
                    start = end
                    i = end
                    continue
                }
                i = end
                continue
            }
            i += 1
        }
        append(&result, bytes, start, bytes.count)
        return result
    }

    /// The sentence holding byte `offset`.
    public static func sentence(containing offset: Int, in sentences: [Range<Int>]) -> Range<Int>? {
        index(containing: offset, in: sentences).map { sentences[$0] } ?? sentences.last.flatMap { offset >= $0.upperBound ? $0 : nil }
    }

    /// Index of the sentence holding byte `offset`, by binary search (sentences are sorted and disjoint).
    public static func index(containing offset: Int, in sentences: [Range<Int>]) -> Int? {
        var lo = 0, hi = sentences.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sentences[mid].lowerBound <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && sentences[lo - 1].contains(offset) ? lo - 1 : nil
    }

    static func append(_ result: inout [Range<Int>], _ bytes: [UInt8], _ start: Int, _ end: Int) {
        var lo = start, hi = end
        while lo < hi, isSpace(bytes[lo]) { lo += 1 }
        while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
        if lo < hi { result.append(lo..<hi) }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    static func skipClosers(_ bytes: [UInt8], _ at: Int) -> Int {
        var j = at
        while j < bytes.count {
            if [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ")"), UInt8(ascii: "]")].contains(bytes[j]) { j += 1; continue }
            // ” and ’ are E2 80 9D / E2 80 99.
            if j + 2 < bytes.count, bytes[j] == 0xE2, bytes[j + 1] == 0x80, bytes[j + 2] == 0x9D || bytes[j + 2] == 0x99 { j += 3; continue }
            break
        }
        return j
    }

    static func isBoundary(_ bytes: [UInt8], terminator: Int, after end: Int) -> Bool {
        guard end < bytes.count else { return true }
        guard isSpace(bytes[end]) else { return false } // "4.2x", "v2.0", "Bolt.new"
        var next = end
        while next < bytes.count, isSpace(bytes[next]) { next += 1 }
        guard next < bytes.count else { return true }
        guard bytes[terminator] == UInt8(ascii: ".") else { return true }
        // The word before the period.
        var w = terminator
        while w > 0, !isSpace(bytes[w - 1]), bytes[w - 1] != UInt8(ascii: "(") { w -= 1 }
        let word = String(decoding: bytes[w..<terminator], as: UTF8.self).lowercased()
            .trimmingCharacters(in: CharacterSet(charactersIn: "\"'“‘("))
        if abbreviations.contains(word) { return false }
        // A single capital letter is an initial ("J. Doe").
        if word.count == 1, let c = word.first, c.isLetter, bytes[terminator - 1] >= 0x41, bytes[terminator - 1] <= 0x5A { return false }
        // A following lowercase word usually continues the sentence.
        let n = bytes[next]
        if n >= 0x61, n <= 0x7A { return false }
        return true
    }
}

import Foundation
