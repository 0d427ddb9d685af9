import ArgumentParser
import PanelistCore

/// How much of an input is read: documented defaults, changed per run.
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-file-bytes"), help: ArgumentHelp("Refuse an input file larger than N bytes (default: 64 MiB).", valueName: "N"))
    var maxFileBytes: Int?

    @Option(name: .customLong("max-quote-bytes"), help: ArgumentHelp("Analyse a quote only up to N bytes, with a warning (default: 1 MiB).", valueName: "N"))
    var maxQuoteBytes: Int?

    func validate() throws {
        if let maxFileBytes, maxFileBytes < 1 { throw ValidationError("--max-file-bytes must be at least 1") }
        if let maxQuoteBytes, maxQuoteBytes < 1 { throw ValidationError("--max-quote-bytes must be at least 1") }
    }

    /// Puts the limits in force for this run.
    func apply() {
        var limits = InputLimits.standard
        if let maxFileBytes { limits.maxFileBytes = maxFileBytes }
        if let maxQuoteBytes { limits.maxQuoteBytes = maxQuoteBytes }
        InputLimits.active = limits
    }
}
