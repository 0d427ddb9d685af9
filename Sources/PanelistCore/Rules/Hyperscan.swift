import CHyperscan
import Foundation

/// Which engine finds rule hits. PCRE2 is always the rules' semantics; with
/// Hyperscan, one pass of a database of every rule finds where rules match, and
/// PCRE2 confirms the rules Hyperscan can only prefilter (lookarounds, `name` groups).
public enum ScannerPath: String, Sendable, CaseIterable {
    case hyperscan, pcre2

    /// `PANELIST_SCANNER=pcre2|hyperscan`; unset (or `auto`): Hyperscan when libhs loads.
    public static let requested: ScannerPath? = {
        switch ProcessInfo.processInfo.environment["PANELIST_SCANNER"]?.lowercased() {
        case "pcre2"?: return .pcre2
        case "hyperscan"?: return .hyperscan
        default: return nil
        }
    }()

    /// The path sessions take unless told otherwise. Without libhs it is PCRE2,
    /// silently unless Hyperscan was asked for by name (one line on stderr then):
    /// a missing optional library is not news on every run.
    public static let standard: ScannerPath = {
        if requested == .pcre2 { return .pcre2 }
        if HyperscanLibrary.isAvailable { return .hyperscan }
        if requested == .hyperscan { ScannerNotice.once("PANELIST_SCANNER=hyperscan: \(HyperscanLibrary.loadError); using PCRE2") }
        return .pcre2
    }()
}

/// One-line notices on stderr, each at most once per process.
enum ScannerNotice {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var said: Set<String> = []
    static func once(_ message: String) {
        lock.lock()
        defer { lock.unlock() }
        guard !said.contains(message) else { return }
        said.insert(message)
        FileHandle.standardError.write(Data("panelist: \(message)\n".utf8))
    }
}

public enum HyperscanLibrary {
    public static let isAvailable: Bool = phs_load() == 1
    public static var loadError: String { phs_load_error().map { String(cString: $0) } ?? "Hyperscan not loaded" }
    public static var version: String { isAvailable ? String(cString: phs_version()) : "" }
}

/// A compiled Hyperscan block-mode database. Immutable; shared by all threads.
final class HSDatabase: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    init(raw: UnsafeMutableRawPointer) { self.raw = raw }
    deinit { phs_free_database(raw) }

    struct CompileFailure: Error { let message: String; let expression: Int }

    static func compile(_ expressions: [String], flags: [UInt32], ids: [UInt32]) -> Result<HSDatabase, CompileFailure> {
        var cStrings = expressions.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var db: UnsafeMutableRawPointer? = nil
        var message = [CChar](repeating: 0, count: 512)
        var failed: Int32 = -1
        let rc = cStrings.withUnsafeMutableBufferPointer { strings in
            strings.withMemoryRebound(to: UnsafePointer<CChar>?.self) { p in
                phs_compile_multi(p.baseAddress, flags, ids, UInt32(expressions.count), &db, &message, message.count, &failed)
            }
        }
        guard rc == 0, let db else {
            return .failure(CompileFailure(message: String(cString: message), expression: Int(failed)))
        }
        return .success(HSDatabase(raw: db))
    }

    /// The longest match of `expression` in bytes (UInt32.max: unbounded), or nil when Hyperscan refuses it.
    static func maxWidth(_ expression: String, flags: UInt32) -> UInt32? {
        var message = [CChar](repeating: 0, count: 256)
        var width: UInt32 = .max
        return phs_expression_ok(expression, flags, &width, &message, message.count) == 0 ? width : nil
    }

    func serialized() -> [UInt8]? {
        var bytes: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        guard phs_serialize(raw, &bytes, &length) == 0, let bytes else { return nil }
        defer { phs_free_bytes(bytes) }
        return bytes.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    static func deserialize(_ b: UnsafeRawBufferPointer) -> HSDatabase? {
        var db: UnsafeMutableRawPointer? = nil
        let rc = phs_deserialize(b.baseAddress?.assumingMemoryBound(to: CChar.self), b.count, &db)
        guard rc == 0, let db else { return nil }
        return HSDatabase(raw: db)
    }
}

/// Per-thread Hyperscan state: scratch space and the buffer of collected matches.
final class HSScanState {
    let scratch: UnsafeMutableRawPointer
    var hits = phs_hits()

    init?(_ database: HSDatabase, limit: Int) {
        var s: UnsafeMutableRawPointer? = nil
        guard phs_alloc_scratch(database.raw, &s) == 0, let s else { return nil }
        scratch = s
        hits.limit = limit
    }

    deinit {
        phs_free_scratch(scratch)
        phs_hits_free(&hits)
    }

    /// Every match in `bytes`; false when the scan failed or overflowed `limit`.
    func scan(_ database: HSDatabase, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count < Int(UInt32.max) else { return false }
        let rc = bytes.withMemoryRebound(to: CChar.self) { b in
            phs_scan(database.raw, b.baseAddress, UInt32(b.count), scratch, &hits)
        }
        return rc == 0 && hits.overflow == 0
    }
}
