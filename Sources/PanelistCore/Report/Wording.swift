/// Words and numbers as every printer says them.
public enum Wording {
    /// "1 quote", "2 quotes".
    public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
    }

    /// The computed ship %, or why there is none: `75%`, `n/a (1 unknown)`, `n/a`.
    public static func computed(_ p: PanelReport) -> String {
        if let pct = p.computedShipPct { return "\(pct)%" }
        return p.unknown > 0 ? "n/a (\(p.unknown) unknown)" : "n/a"
    }

    /// One line for a disagreement, with its evidence.
    public static func disagreement(_ d: Disagreement) -> String {
        switch d.kind {
        case .verdict:
            let who = [d.index.map { "quote \($0)" }, d.reviewer.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            let by = d.evidence.isEmpty ? "" : "; engine's cues: " + d.evidence.joined(separator: ", ")
            return "\(who): reviewer states \(d.stated), engine says \(d.computed)\(by)"
        case .percent:
            return "panel %: page states \(d.stated), quotes give \(d.computed) (\(d.evidence.joined(separator: ", ")))"
        case .split:
            return "panel counts: page states \(d.stated), quotes give \(d.computed)"
        }
    }
}
