/// Finds the risk claims in a quote.
enum RiskExtractor {
    static func extract(risk: [Hit], horizon: [Hit], competitors: [CompetitorMention], rules: RuleSet, context: ExtractionContext) -> [RiskClaim] {
        []
    }
}
