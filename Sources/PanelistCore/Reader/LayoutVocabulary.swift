import Foundation
import PCRE2

/// The words the site's layouts use that the reader needs to know, from
/// rules/layout.yaml: the reviewer names and perspectives that give a tool
/// page's quote its persona slot, and the tool page's headings.
public struct LayoutVocabulary: @unchecked Sendable {
    struct Reviewer {
        let id: String
        let label: String
        let weight: Double
        let patterns: [Pattern]
    }

    let reviewers: [Reviewer]
    public let personaLabels: [String]
    /// Lines that open a tool page's reviews (`Panel Reviews`).
    public let reviewHeadings: Set<String>
    /// Lines that open a rich tool page (`Back to reviews`).
    public let backLinks: Set<String>
    /// Lines that head the newer design's overall verdict (`Expert verdict`, `Verdict`).
    public let verdictHeadings: Set<String>
    /// The word before a rich tool page's review date (`Reviewed`).
    public let reviewedPrefixes: [String]

    init(rules: [Rule], settings: [String: RuleSetting], personaLabels: [String]) throws {
        reviewers = try rules.map { rule in
            Reviewer(id: rule.id, label: rule.label ?? "", weight: rule.weight,
                     patterns: try rule.patterns.map { try Pattern($0, options: rule.caseSensitive ? [] : [.caseless]) })
        }
        self.personaLabels = personaLabels
        func words(_ key: String, _ fallback: [String]) -> [String] { settings[key]?.list ?? fallback }
        reviewHeadings = Set(words("review_headings", ["Panel Reviews"]).map { $0.lowercased() })
        backLinks = Set(words("back_links", ["Back to reviews"]).map { $0.lowercased() })
        verdictHeadings = Set(words("verdict_headings", ["Expert verdict", "Verdict"]).map { $0.lowercased() })
        reviewedPrefixes = words("reviewed_prefixes", ["Reviewed"])
    }

    /// The persona a reviewer's lines (name, perspective) point to: the label with
    /// the most rule weight, with the rules that voted; nil when none fires or labels tie.
    public func persona(of lines: [String]) -> (label: String, slot: Int, rules: [String])? {
        var score: [String: Double] = [:]
        var fired: [String: [String]] = [:]
        for reviewer in reviewers {
            let hit = lines.contains { line in
                reviewer.patterns.contains { ((try? Matcher($0).matches(in: line)) ?? []).isEmpty == false }
            }
            if hit {
                score[reviewer.label, default: 0] += reviewer.weight
                fired[reviewer.label, default: []].append(reviewer.id)
            }
        }
        let ranked = score.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        guard let best = ranked.first, best.value > 0 else { return nil }
        if ranked.count > 1, ranked[1].value == best.value { return nil }
        guard let slot = personaLabels.firstIndex(of: best.key) else { return nil }
        return (best.key, slot, fired[best.key] ?? [])
    }

    /// The vocabulary compiled into the binary, for callers without a rule set.
    public static var builtIn: LayoutVocabulary {
        if let set = try? RuleSet.builtIn() { return set.layout }
        return (try? LayoutVocabulary(rules: [], settings: [:], personaLabels: [])) ?? fallbackEmpty
    }

    private static let fallbackEmpty = try! LayoutVocabulary(rules: [], settings: [:], personaLabels: [])
}
