import PCRE2

/// Runs a rule's inline examples: each `match` must match one of its patterns,
/// each `no_match` none. They are the rule's own tests.
public enum ExampleRunner {
    public struct Result: Sendable {
        public var rule: Rule
        public var example: RuleExample
        public var shouldMatch: Bool
        public var passed: Bool

        public var message: String {
            shouldMatch ? "example should match but does not: \"\(example.text)\"" : "example should not match but does: \"\(example.text)\""
        }
    }

    /// Results for every example; a rule whose patterns do not compile gives none.
    public static func run(_ rule: Rule) -> [Result] {
        guard let matchers = try? rule.patterns.map({ Matcher(try Scanner.compileAlone(rule, pattern: $0)) }) else { return [] }
        func matches(_ text: String) -> Bool {
            matchers.contains { (try? $0.matches(in: text).isEmpty == false) ?? false }
        }
        return rule.mustMatch.map { Result(rule: rule, example: $0, shouldMatch: true, passed: matches($0.text)) }
            + rule.mustNotMatch.map { Result(rule: rule, example: $0, shouldMatch: false, passed: !matches($0.text)) }
    }
}

extension ExampleRunner {
    /// What `rules test` prints: every failure (problems loading a file or
    /// compiling a pattern count as failures too) and the number that passed.
    public static func runAll(_ sources: [(name: String, text: String)]) -> (passed: Int, failures: [String]) {
        var passed = 0
        var failures: [String] = []
        for source in sources {
            let (file, problems) = RuleLoader.parse(source.text, path: source.name)
            failures += problems.map(\.description)
            for rule in file?.rules ?? [] {
                failures += RuleSet.compileProblems(rule).map(\.description)
                for result in run(rule) {
                    if result.passed { passed += 1 } else { failures.append("\(result.example.mark): rule \(rule.id): \(result.message)") }
                }
            }
        }
        return (passed, failures)
    }
}
