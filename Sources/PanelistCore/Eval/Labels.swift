import Foundation

/// What a careful reader says a page contains (the format of corpus-dev/LABELS.md).
public struct PageLabels: Sendable {
    public struct RiskLabel: Sendable { public var anchor: String; public var category: String }
    public struct QuoteLabel: Sendable {
        public var index: Int
        public var persona: String
        public var stance: String
        public var competitors: [String]
        public var risks: [RiskLabel]
    }
    public struct ToolLabel: Sendable {
        public var name: String
        public var panelShipPct: Int?
        public var panelConsistent: Bool?
        public var quotes: [QuoteLabel]
    }
    public var path: String
    public var file: String
    public var tools: [ToolLabel]

    /// Every *.labels.json under `directory`, sorted; a malformed file is an error naming it.
    public static func load(directory: String) throws -> [PageLabels] {
        let (files, diagnostics) = CorpusAnalyzer.inputFiles([directory], extensions: ["json"])
        if let d = diagnostics.first { throw LabelError(message: d.description) }
        return try files.filter { $0.hasSuffix(".labels.json") }.map(load(path:))
    }

    public static func load(path: String) throws -> PageLabels {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw LabelError(message: "\(path): not a JSON object: see LABELS.md for the label format")
        }
        guard let file = object["file"] as? String, let tools = object["tools"] as? [[String: Any]] else {
            throw LabelError(message: "\(path): needs \"file\" and \"tools\"")
        }
        return PageLabels(path: path, file: file, tools: tools.map { t in
            ToolLabel(
                name: t["name"] as? String ?? "",
                panelShipPct: t["panel_ship_pct"] as? Int,
                panelConsistent: t["panel_consistent"] as? Bool,
                quotes: (t["quotes"] as? [[String: Any]] ?? []).map { q in
                    QuoteLabel(index: q["index"] as? Int ?? 0, persona: q["persona"] as? String ?? "",
                               stance: q["stance"] as? String ?? "", competitors: q["competitors"] as? [String] ?? [],
                               risks: (q["risks"] as? [[String: Any]] ?? []).map {
                                   RiskLabel(anchor: $0["anchor"] as? String ?? "", category: $0["category"] as? String ?? "")
                               })
                })
        })
    }
}

public struct LabelError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
