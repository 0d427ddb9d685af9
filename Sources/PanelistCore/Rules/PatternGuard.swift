/// Constructs a rule's pattern may not use, because each kind's rules run as
/// one combined pattern whose alternatives end in `(*MARK:n)(?C1)`: a verb or
/// callout of the rule's own would name the wrong rule, cut other rules' hits
/// or crash the scan; `\K` moves the recorded start; recursion and subroutine
/// calls by number or to the whole pattern reach other rules' groups.
public enum PatternGuard {
    public struct Finding: Sendable, Equatable {
        /// Byte offset in the pattern.
        public var offset: Int
        public var construct: String
        public var why: String
    }

    /// Alternative spellings of lookaround, atomic groups and script runs: harmless.
    static let allowedStarNames: Set<String> = [
        "pla", "plb", "nla", "nlb", "napla", "naplb", "positive_lookahead", "positive_lookbehind",
        "negative_lookahead", "negative_lookbehind", "non_atomic_positive_lookahead",
        "non_atomic_positive_lookbehind", "atomic", "sr", "asr", "script_run", "atomic_script_run",
    ]

    /// The first forbidden construct in the pattern, or nil.
    public static func check(_ pattern: String) -> Finding? {
        let b = Array(pattern.utf8)
        let n = b.count
        func at(_ i: Int) -> UInt8 { i < n ? b[i] : 0 }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        func text(_ from: Int, _ to: Int) -> String { String(decoding: b[from..<min(to, n)], as: UTF8.self) }
        var i = 0
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "\\") {
                let e = at(i + 1)
                if e == UInt8(ascii: "Q") {
                    // Literal up to \E.
                    var j = i + 2
                    while j < n, !(b[j] == UInt8(ascii: "\\") && at(j + 1) == UInt8(ascii: "E")) { j += 1 }
                    i = j + 2
                    continue
                }
                if e == UInt8(ascii: "K") {
                    return Finding(offset: i, construct: "\\K", why: "it moves the start of the match the scan records")
                }
                if e == UInt8(ascii: "g"), at(i + 2) == UInt8(ascii: "<") || at(i + 2) == UInt8(ascii: "'") {
                    return Finding(offset: i, construct: text(i, i + 3), why: "subroutine calls reach other rules' groups once rules are combined")
                }
                i += 2
                continue
            }
            if c == UInt8(ascii: "[") {
                // A class: skip to its closing ], which may stand first ([]a] or [^]a]).
                var j = i + 1
                if at(j) == UInt8(ascii: "^") { j += 1 }
                if at(j) == UInt8(ascii: "]") { j += 1 }
                while j < n, b[j] != UInt8(ascii: "]") {
                    if b[j] == UInt8(ascii: "\\") { j += 2; continue }
                    if b[j] == UInt8(ascii: "["), at(j + 1) == UInt8(ascii: ":") {
                        // [:alpha:]
                        var k = j + 2
                        while k < n, b[k] != UInt8(ascii: "]") { k += 1 }
                        j = k + 1
                        continue
                    }
                    j += 1
                }
                i = j + 1
                continue
            }
            if c == UInt8(ascii: "("), at(i + 1) == UInt8(ascii: "*") {
                var j = i + 2
                while j < n, b[j] != UInt8(ascii: ":"), b[j] != UInt8(ascii: ")") { j += 1 }
                let name = text(i + 2, j)
                if !allowedStarNames.contains(name.lowercased()) {
                    let what = name.isEmpty ? "(*:" : "(*\(name)"
                    let why = name.uppercased() == name && !name.isEmpty && name.first!.isLetter
                        ? "backtracking verbs and start-of-pattern settings interfere with the combined scan, which marks each rule with its own (*MARK)"
                        : "it is not a lookaround or atomic group, and verbs interfere with the combined scan"
                    return Finding(offset: i, construct: what, why: why)
                }
                i = j
                continue
            }
            if c == UInt8(ascii: "("), at(i + 1) == UInt8(ascii: "?") {
                let d = at(i + 2)
                if d == UInt8(ascii: "#") {
                    var j = i + 3
                    while j < n, b[j] != UInt8(ascii: ")") { j += 1 }
                    i = j + 1
                    continue
                }
                if d == UInt8(ascii: "C") {
                    return Finding(offset: i, construct: "(?C", why: "callouts are the scan's own: a rule's callout records or drops hits for every rule")
                }
                if d == UInt8(ascii: "R") || isDigit(d) || ((d == UInt8(ascii: "+") || d == UInt8(ascii: "-")) && isDigit(at(i + 3)))
                    || d == UInt8(ascii: "&") || (d == UInt8(ascii: "P") && at(i + 3) == UInt8(ascii: ">")) {
                    return Finding(offset: i, construct: text(i, i + 3), why: "recursion and subroutine calls reach other rules' groups once rules are combined")
                }
                if d == UInt8(ascii: "("), isDigit(at(i + 3)) || at(i + 3) == UInt8(ascii: "R")
                    || ((at(i + 3) == UInt8(ascii: "+") || at(i + 3) == UInt8(ascii: "-")) && isDigit(at(i + 4))) {
                    return Finding(offset: i, construct: text(i, i + 4), why: "a condition on a group number or recursion points at another rule's group once rules are combined")
                }
            }
            i += 1
        }
        return nil
    }
}
