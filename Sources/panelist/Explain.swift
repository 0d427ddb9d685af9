import ArgumentParser
import Foundation
import PanelistCore

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show why one quote got its persona, stance, risks and competitors.",
        discussion: """
        Give a page and a 1-based scorecard index (PAGE#INDEX, default #1), or a text with --text. \
        Lists every rule that fired with its span and weight, the score per label, the slot signal, \
        and the decision with its confidence. --persona sets the slot signal (on a page, in place of \
        the quote's own slot).
        """
    )

    @Argument(help: ArgumentHelp("A page and quote index, e.g. corpus/page.txt#3.", valueName: "PAGE[#INDEX]"))
    var target: String?

    @Option(name: .long, help: "Explain this text instead of a quote on a page.")
    var text: String?

    @Option(name: .long, help: ArgumentHelp("The scorecard slot's persona, as the slot signal (on a page: instead of the quote's slot).", valueName: "PERSONA"))
    var persona: String?

    @Flag(name: .customLong("no-slot-prior"), help: "Leave the scorecard slot out of the persona vote.")
    var noSlotPrior = false

    @Flag(name: .long, help: "Print the quote's JSON instead of text.")
    var json = false

    @OptionGroup var ruleOptions: RuleOptions

    func validate() throws {
        if (target == nil) == (text == nil) { throw ValidationError("give either PAGE[#INDEX] or --text") }
        if persona != nil, noSlotPrior { throw ValidationError("--persona sets the slot signal that --no-slot-prior leaves out: give one of them") }
    }

    func run() throws {
        let rules = try ruleOptions.load()
        let analyzer = Analyzer(rules: rules)
        let quote: QuoteReport
        var place: String? = nil
        var personaSlot: Int? = nil
        if let persona {
            guard let slot = rules.personaLabels.firstIndex(of: persona) else {
                CLI.error("unknown persona '\(persona)' (one of: \(rules.personaLabels.joined(separator: ", ")))")
                throw ExitCode(2)
            }
            personaSlot = slot
        }
        if let text {
            quote = analyzer.report(for: text, slots: personaSlot.map { [$0] })
        } else {
            let parts = target!.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let path = String(parts[0])
            guard let index = parts.count > 1 ? Int(parts[1]) : 1, index >= 1 else {
                CLI.error("\(target!): the quote index after # must be a number from 1")
                throw ExitCode(2)
            }
            let page = PageReader.read(path: path, vocabulary: rules.layout)
            if let error = page.diagnostics.first(where: { $0.severity == .error && page.quotes.isEmpty }) {
                CLI.error(error.description)
                throw ExitCode(1)
            }
            guard let q = page.quotes.first(where: { $0.index == index }) else {
                CLI.error("\(path): there is no quote \(index) (the page has \(page.quotes.count))")
                throw ExitCode(1)
            }
            let slot = personaSlot ?? q.slot
            let occurrence = Occurrence(page: path, index: index, line: q.line, column: q.column, slot: slot, stated: q.stated)
            quote = analyzer.report(for: q.text, subject: q.toolIndex < page.tools.count ? page.tools[q.toolIndex] : nil,
                                    occurrence: occurrence, slots: noSlotPrior ? nil : [slot], truncated: q.truncated)
            let tool = q.toolIndex < page.tools.count ? page.tools[q.toolIndex].name : "?"
            place = "\(path):\(q.line):\(q.column): quote \(index) about \(tool)"
        }
        print(json ? Explanation.json(quote: quote) : Explanation.text(quote: quote, rules: rules, place: place), terminator: "")
    }
}
