/// Finds the products, vendors and models a quote names.
enum CompetitorFinder {
    static func find(_ hits: [Hit], rules: RuleSet, context: ExtractionContext) -> [CompetitorMention] {
        []
    }
}
