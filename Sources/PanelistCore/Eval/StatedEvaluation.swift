import Foundation

/// The engine measured against what pages state: each reviewer's stated verdict
/// (a rich header's `· ship`, a tool page's `Ship` line) is a stance label, and
/// each panel's stated % or counts a panel label. Any folder of rich pages
/// becomes a measuring set, with no label files.
public struct StatedEvaluation: Sendable {
    public struct Miss: Sendable {
        public var page: String
        public var index: Int
        public var line: Int
        public var reviewer: String
        public var stated: String
        public var engine: Decision
        public var text: String
    }
    /// Stance against the stated verdicts, one pair per quote occurrence that states one.
    public var stance: ClassMetrics
    public var pages: Int
    public var pagesWithVerdicts: Int
    public var misses: [Miss]
    /// Panels whose stated % or counts the quotes agree with, disagree with, or leave open.
    public var panelsAgreeing = 0
    public var panelsDisagreeing = 0
    public var panelsOpen = 0

    public static func run(report: Report) -> StatedEvaluation {
        var pairs: [(gold: String, predicted: String)] = []
        var misses: [Miss] = []
        var pagesWithVerdicts = Set<String>()
        var e = StatedEvaluation(stance: ClassMetrics(labels: report.stanceLabels, pairs: []), pages: report.pages.count,
                                 pagesWithVerdicts: 0, misses: [])
        for tool in report.tools {
            for q in tool.quotes {
                for o in q.occurrences {
                    guard let stated = o.stated?.stance?.lowercased(), report.stanceLabels.contains(stated) else { continue }
                    pagesWithVerdicts.insert(o.page)
                    pairs.append((stated, q.stance.label))
                    if q.stance.label != stated {
                        misses.append(Miss(page: o.page, index: o.index, line: o.line, reviewer: o.stated?.reviewer ?? "",
                                           stated: stated, engine: q.stance, text: q.text))
                    }
                }
            }
            for p in tool.panels {
                let checks = [p.statedShipPct != nil ? p.consistent : nil, p.stated.split != nil ? p.splitConsistent : nil]
                guard p.statedShipPct != nil || p.stated.split != nil else { continue }
                if checks.contains(false) { e.panelsDisagreeing += 1 }
                else if checks.contains(true) { e.panelsAgreeing += 1 }
                else { e.panelsOpen += 1 }
            }
        }
        e.stance = ClassMetrics(labels: report.stanceLabels, pairs: pairs)
        e.pagesWithVerdicts = pagesWithVerdicts.count
        e.misses = misses.sorted { ($0.page, $0.index) < ($1.page, $1.index) }
        return e
    }

    public func text(showErrors: Bool) -> String {
        let m = stance
        var out = "panelist eval --labels stated: \(Wording.count(m.total, "stated verdict")) on \(Wording.count(pagesWithVerdicts, "page")) (of \(Wording.count(pages, "page")) read)\n"
        if m.total == 0 {
            out += "  no reviewer states a verdict in these pages: rich comparisons (`88/100 · ship`) and rich tool pages (`Ship`) do\n"
        } else {
            out += "\nstance against stated verdicts: accuracy \(String(format: "%.1f%%", m.accuracy * 100)) (\(m.correct)/\(m.total)), unknown \(m.unknown)\n"
            out += "  " + "class".padding(toLength: 12, withPad: " ", startingAt: 0) + "precision  recall     F1   support\n"
            for c in m.perClass {
                out += "  " + c.label.padding(toLength: 12, withPad: " ", startingAt: 0)
                out += String(format: "%8.3f %7.3f %7.3f %7d\n", c.precision, c.recall, c.f1, c.support)
            }
            let columns = m.labels + [Decision.unknown]
            out += "  confusion (rows stated, columns engine): " + columns.joined(separator: " ") + "\n"
            for gold in m.labels {
                out += "    " + gold.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + columns.map { String(format: "%4d", m.confusion[gold]?[$0] ?? 0) }.joined() + "\n"
            }
        }
        let panels = panelsAgreeing + panelsDisagreeing + panelsOpen
        out += "\npanels with a stated % or counts: \(panels); the quotes agree with \(panelsAgreeing), disagree with \(panelsDisagreeing), leave \(panelsOpen) open (cut off or unknown stances)\n"
        if showErrors, !misses.isEmpty {
            out += "\nmisses:\n"
            for x in misses {
                out += "  \(Sanitize.visible(x.page)):\(x.line) #\(x.index) \(Sanitize.oneLine(x.reviewer)): stated \(x.stated), engine \(x.engine.label) (\(String(format: "%.2f", x.engine.confidence)))\n"
                out += "    " + ReportText.excerpt(x.text, 100) + "\n"
            }
        }
        return out
    }

    public func json() -> String {
        let m = stance
        return JSON.object([
            ("schema", .string("panelist.eval-stated/1")),
            ("pages", .int(pages)), ("pages_with_verdicts", .int(pagesWithVerdicts)),
            ("stance", .object([
                ("total", .int(m.total)), ("correct", .int(m.correct)), ("accuracy", .double(m.accuracy)), ("unknown", .int(m.unknown)),
                ("per_class", .array(m.perClass.map { .object([("label", .string($0.label)), ("precision", .double($0.precision)),
                                                              ("recall", .double($0.recall)), ("f1", .double($0.f1)), ("support", .int($0.support))]) })),
                ("confusion", .object(m.labels.map { gold in
                    (gold, .object((m.labels + [Decision.unknown]).map { ($0, .int(m.confusion[gold]?[$0] ?? 0)) }))
                })),
            ])),
            ("panels", .object([("agreeing", .int(panelsAgreeing)), ("disagreeing", .int(panelsDisagreeing)), ("open", .int(panelsOpen))])),
            ("misses", .array(misses.map { x in
                .object([("page", .string(x.page)), ("index", .int(x.index)), ("line", .int(x.line)), ("reviewer", .string(x.reviewer)),
                         ("stated", .string(x.stated)), ("engine", .string(x.engine.label)), ("confidence", .double(x.engine.confidence))])
            })),
        ]).serialized()
    }
}
