import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How much of an untrusted input is read. A file over `maxFileBytes` is
/// refused with a diagnostic before it is read (a 2 GB page would otherwise be
/// held whole, several times over); a quote over `maxQuoteBytes` is analysed
/// up to the limit, with a warning. The command line changes them with
/// `--max-file-bytes` and `--max-quote-bytes`.
public struct InputLimits: Sendable, Equatable {
    public var maxFileBytes: Int
    public var maxQuoteBytes: Int

    public init(maxFileBytes: Int = 64 << 20, maxQuoteBytes: Int = 1 << 20) {
        self.maxFileBytes = maxFileBytes
        self.maxQuoteBytes = maxQuoteBytes
    }

    /// 64 MiB per file, 1 MiB per quote.
    public static let standard = InputLimits()

    private static let lock = NSLock()
    nonisolated(unsafe) private static var current = InputLimits.standard

    /// The limits in force for this process (set once from the command line).
    public static var active: InputLimits {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    /// What reading a file gave.
    public enum ReadResult {
        case data(Data)
        /// Over `maxFileBytes`; the size when the file says it (a device or FIFO does not).
        case tooBig(size: Int?)
        case unreadable
    }

    /// Reads at most `maxFileBytes`: a regular file's size is checked first, and
    /// anything else (a FIFO, a device such as /dev/zero) is read in chunks and
    /// given up on past the limit, so memory stays bounded either way.
    public static func read(path: String, limit: Int = active.maxFileBytes) -> ReadResult {
        var s = stat()
        guard stat(path, &s) == 0, (s.st_mode & S_IFMT) != S_IFDIR else { return .unreadable }
        if (s.st_mode & S_IFMT) == S_IFREG, Int(s.st_size) > limit { return .tooBig(size: Int(s.st_size)) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .unreadable }
        defer { close(fd) }
        var data = Data()
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, chunk) }
            if n < 0 { if errno == EINTR { continue }; return .unreadable }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
            if data.count > limit { return .tooBig(size: (s.st_mode & S_IFMT) == S_IFREG ? Int(s.st_size) : nil) }
        }
        return .data(data)
    }

    /// The one-line diagnostic for a refused file.
    public static func tooBigMessage(size: Int?, limit: Int = active.maxFileBytes) -> String {
        let what = size.map { "the file is \($0) bytes" } ?? "the input goes on past"
        return "\(what), over the limit of \(limit) bytes: it is not read (raise the limit with --max-file-bytes)"
    }

    /// Cuts every quote longer than `maxQuoteBytes` at a character boundary within
    /// the limit, marks it cut off and says so at the quote's line.
    public static func bound(_ page: inout Page, limit: Int = active.maxQuoteBytes) {
        for k in page.quotes.indices where page.quotes[k].text.utf8.count > limit {
            let quote = page.quotes[k]
            let length = quote.text.utf8.count
            let bytes = Array(quote.text.utf8)
            var cut = limit
            while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 } // never inside a character
            page.quotes[k].text = String(decoding: bytes[..<cut], as: UTF8.self)
            page.quotes[k].truncated = true
            page.diagnostics.append(Diagnostic(.warning, file: page.path, line: quote.line, column: quote.column, code: "reader.quote-too-long",
                "quote \(quote.index) is \(length) bytes, over the limit of \(limit): only its first \(page.quotes[k].text.utf8.count) bytes are analysed (raise the limit with --max-quote-bytes)"))
        }
    }
}

/// Every quote the reader found is in the report or named in a diagnostic: the
/// one check, applied where pages are folded into the per-tool report.
public enum Conservation {
    /// A diagnostic for each quote of `page` that the per-tool report cannot hold:
    /// it belongs to no tool card, or to a card without a name.
    public static func unreported(_ page: Page) -> [Diagnostic] {
        page.quotes.compactMap { quote in
            let why: String
            if quote.toolIndex >= page.tools.count {
                why = "the page has \(page.tools.count) tool card\(page.tools.count == 1 ? "" : "s"), none for it"
            } else if Names.key(page.tools[quote.toolIndex].name).isEmpty {
                why = "its tool card has no name"
            } else {
                return nil
            }
            return Diagnostic(.warning, file: page.path, line: quote.line, column: quote.column, code: "report.quote-unplaced",
                              "quote \(quote.index) is read but not in the per-tool report: \(why) (it is in --format jsonl)")
        }
    }
}
