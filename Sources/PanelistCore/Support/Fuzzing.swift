import Foundation

/// What the fuzz targets run on one input, and the checks that must hold for
/// any bytes: shared by the seeded mutation test (a bounded run in CI) and the
/// entry point a libFuzzer target would call (docs/robustness.md).
public enum FuzzTarget {
    public enum Kind: UInt8, CaseIterable, Sendable { case page, draft, jsonLines, rules }

    /// A broken invariant: the input and what went wrong.
    public struct Failure: Error, CustomStringConvertible {
        public var kind: Kind
        public var message: String
        public var description: String { "\(kind): \(message)" }
    }

    /// Runs one input through its reader (and, for pages, the analysis and the
    /// report). Crashes and hangs are the fuzzer's to see; the rest is checked here.
    public static func run(_ kind: Kind, _ bytes: [UInt8], rules: RuleSet, analyzer: Analyzer) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        switch kind {
        case .page:
            var page = PageReader.parse(text, path: "fuzz.txt", vocabulary: rules.layout)
            InputLimits.bound(&page, limit: 1 << 16)
            var builder = ReportBuilder(rules: rules, options: AnalyzeOptions())
            builder.add(CorpusAnalyzer.analyze(page: page, with: analyzer))
            let report = builder.build(inputDiagnostics: [], analyzer: analyzer)
            // Conservation: every quote read is an occurrence in the report or named.
            let occurrences = report.tools.reduce(0) { $0 + $1.quotes.reduce(0) { $0 + $1.occurrences.count } }
            let named = report.diagnostics.filter { $0.code == "report.quote-unplaced" }.count
            if occurrences + named < page.quotes.count {
                throw Failure(kind: kind, message: "\(page.quotes.count) quotes read, \(occurrences) reported and \(named) named")
            }
            let lines = max(1, page.lineCount)
            for d in report.diagnostics where d.line < 1 || d.line > lines + 1 {
                throw Failure(kind: kind, message: "diagnostic at line \(d.line) of a \(lines)-line page: \(d)")
            }
            let json = ReportJSON.render(report)
            if (try? JSONSerialization.jsonObject(with: Data(json.utf8))) == nil {
                throw Failure(kind: kind, message: "the JSON report does not parse")
            }
        case .draft, .jsonLines:
            let (items, problems) = kind == .draft ? LintInputs.draft(path: "fuzz.md", text: text) : LintInputs.jsonLines(path: "fuzz.jsonl", text: text)
            let lines = TextLines.raw(text).count
            for item in items where item.line < 1 || item.line > lines + 1 {
                throw Failure(kind: kind, message: "item at line \(item.line) of \(lines)")
            }
            for p in problems where p.diagnostic.line < 1 || p.diagnostic.line > lines + 1 {
                throw Failure(kind: kind, message: "problem at line \(p.diagnostic.line) of \(lines): \(p.diagnostic)")
            }
            let linter = Linter(rules: rules)
            for item in items.prefix(4) { var item = item; item.text = String(item.text.prefix(4_096)); _ = linter.lint(item: item) }
        case .rules:
            let (files, problems) = RuleSet.check([("fuzz.yaml", text)])
            for p in problems where p.mark.line < 1 {
                throw Failure(kind: kind, message: "problem without a line: \(p)")
            }
            guard problems.isEmpty, !files.isEmpty else { return }
            // A file that passes the checks must compile and scan without trouble.
            do {
                let set = try RuleSet.compile([("fuzz.yaml", text)] + RuleSet.builtInSources.filter { source in
                    !files.contains { $0.kind == (RuleLoader.parse(source.text, path: source.name).0?.kind) }
                }, origin: "fuzz")
                _ = Analyzer(rules: set).analyze("The primitive is clean, ship it; the docs are thin, skip it.")
            } catch {
                // Combining with the built-in files may still clash (duplicate ids, labels): a reported error, not a crash.
            }
        }
    }
}

/// Deterministic mutations of seed inputs: what a careless editor or a hostile
/// sender does to a page, a draft or a rule file.
public struct SeededMutator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// SplitMix64.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

    /// Fragments that matter to the readers: line ends, quote marks, headings, YAML syntax, controls.
    static let tokens: [[UInt8]] = [
        "\r\n", "\r", "\n", "\u{201C}", "\u{201D}", "\u{201E}", "\"", "Panel ship\n", "Panel Ship\n", "Reviewer scorecard\n",
        "Weekly AI Tool Verdicts\n", "AI tool comparison\n", " vs. ", " vs ", "75%\n", "Community\n", "Entry\n", "Decision\n",
        "88/100 · ship\n", "---\n", ": ", "- ", "[", "]", "{", "}", "&a ", "*a ", "'", "\\", "(*MARK:1)", "(?C1)", "(a+)+$",
        "\u{0}", "\u{1B}[31m", "\u{202E}", "\u{FEFF}", "🚀", "é", "\u{00A0}", "\t", "#", "<!-- panelist-disable x -->",
    ].map { Array($0.utf8) }

    /// One mutant of `seed`, spliced now and then with `other`.
    public mutating func mutate(_ seed: [UInt8], other: [UInt8]) -> [UInt8] {
        var b = seed
        for _ in 0..<(1 + below(4)) {
            let at = below(b.count + 1)
            switch below(9) {
            case 0 where !b.isEmpty: b[below(b.count)] = UInt8(truncatingIfNeeded: next())
            case 1: b.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: at)
            case 2 where !b.isEmpty: b.removeSubrange(at..<min(b.count, at + 1 + below(64)))
            case 3 where !b.isEmpty:
                let from = below(b.count), to = min(b.count, from + 1 + below(256))
                b.insert(contentsOf: Array(b[from..<to]), at: at)
            case 4 where !other.isEmpty:
                let from = below(other.count), to = min(other.count, from + 1 + below(512))
                b.insert(contentsOf: Array(other[from..<to]), at: at)
            case 5: b = Array(b.prefix(at))
            case 6:
                // Every line end rewritten one way.
                let ending: [UInt8] = [[0x0D, 0x0A], [0x0D], [0x0A]][below(3)]
                var out: [UInt8] = []
                for x in b { if x == 0x0A { out += ending } else { out.append(x) } }
                b = out
            case 7:
                // A long run, as in a huge line or deep nesting.
                let unit = Self.tokens[below(Self.tokens.count)]
                for _ in 0..<(16 + below(2_000)) { b.insert(contentsOf: unit, at: min(at, b.count)) }
            default:
                if !b.isEmpty { b.swapAt(below(b.count), below(b.count)) }
            }
        }
        return b
    }
}
