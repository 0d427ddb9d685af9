import PCRE2

/// A quote's text prepared once for every extractor.
public struct ExtractionContext {
    public let text: String
    public let bytes: [UInt8]
    public let index: TextIndex
    /// Sentence byte ranges.
    public let sentences: [Range<Int>]
    /// The tool the quote is about: never its own competitor.
    public let subject: ToolCard?

    func scalarRange(_ bytes: Range<Int>) -> Range<Int> {
        index.scalarOffset(ofByte: bytes.lowerBound)..<index.scalarOffset(ofByte: bytes.upperBound)
    }

    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
}
