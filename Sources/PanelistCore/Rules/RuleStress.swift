import PCRE2

/// Each rule compiled and run alone on subjects built to make a careless
/// pattern backtrack or match without end (`(a+)+$`, `(\w*)*x`, `.*.*.*=`),
/// under the same limits and hit caps as a scan. A rule that hits one is named:
/// in a combined scan it would stop every other rule's hits at that quote.
public enum RuleStress {
    /// Long runs of one letter, of words, of digits, of blanks, each ending in
    /// something that makes the end fail; and ordinary prose repeated.
    public static let subjects: [(name: String, text: String)] = [
        ("4,096 × 'a' then '!'", String(repeating: "a", count: 4_096) + "!"),
        ("2,048 × 'ab ' then '!'", String(repeating: "ab ", count: 2_048) + "!"),
        ("4,096 digits then 'x'", String(repeating: "1", count: 4_096) + "x"),
        ("4,096 blanks then 'x'", String(repeating: " ", count: 4_096) + "x"),
        ("1,024 × 'A-a.' then '='", String(repeating: "A-a.", count: 1_024) + "="),
        ("prose repeated 60 times", String(repeating: "The primitive is clean, the docs are thin; I'd ship it — or skip it? ", count: 60)),
    ]

    public static func problems(_ files: [RuleFile], limits: MatchLimits = .standard, caps: HitCaps = .standard) -> [RuleProblem] {
        var problems: [RuleProblem] = []
        for file in files {
            for rule in file.rules {
                for (pattern, mark) in zip(rule.patterns, rule.patternMarks) {
                    guard let compiled = try? Pattern("(?\(rule.caseSensitive ? "-i" : "i"):\(pattern))(*MARK:0)(?C1)") else { continue }
                    let matcher = Matcher(compiled, limits: limits)
                    for subject in subjects {
                        var text = subject.text
                        let (_, error) = text.withUTF8 { matcher.scanAll(in: $0, caps: caps) }
                        guard let error else { continue }
                        let what: String
                        if case .hitLimit = error {
                            what = "matches more than \(caps.perMark) times on \(subject.name)"
                        } else {
                            what = "runs into a PCRE2 limit (\(error)) on \(subject.name)"
                        }
                        problems.append(RuleProblem(mark: mark, ruleID: rule.id,
                            message: "the pattern \(what): in a scan it would stop every rule at such a quote; avoid nested or overlapping quantifiers (/\(pattern)/)"))
                        break
                    }
                }
            }
        }
        return problems
    }
}
