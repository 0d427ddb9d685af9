import CPCRE2

/// Compile-time options for a pattern. UTF and UCP are always on.
public struct PatternOptions: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let caseless = PatternOptions(rawValue: UInt32(PCRE2_CASELESS))
    public static let multiline = PatternOptions(rawValue: UInt32(PCRE2_MULTILINE))
    public static let dotAll = PatternOptions(rawValue: UInt32(PCRE2_DOTALL))
    public static let extended = PatternOptions(rawValue: UInt32(PCRE2_EXTENDED))
    /// Lets several alternatives of a combined pattern reuse one group name.
    public static let duplicateNames = PatternOptions(rawValue: UInt32(PCRE2_DUPNAMES))
}

/// Why a pattern did not compile: PCRE2's message and the byte offset in the pattern.
public struct CompileError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let offset: Int
    public var description: String { "\(message) at offset \(offset)" }
}

/// A compiled PCRE2 pattern, JIT-compiled when the platform allows.
/// Immutable after init, so one instance may be shared by many threads;
/// each thread matches through its own `Matcher`.
public final class Pattern: @unchecked Sendable {
    let code: OpaquePointer
    public let source: String
    public let options: PatternOptions
    public let isJIT: Bool

    public init(_ source: String, options: PatternOptions = []) throws {
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let flags = options.rawValue | UInt32(PCRE2_UTF) | UInt32(PCRE2_UCP)
        let compiled: OpaquePointer? = source.withCString { ptr in
            ptr.withMemoryRebound(to: UInt8.self, capacity: source.utf8.count) { bytes in
                pcre2_compile_8(bytes, source.utf8.count, flags, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw CompileError(code: errorCode, message: PCRE2Error.message(for: errorCode), offset: errorOffset)
        }
        self.code = compiled
        self.source = source
        self.options = options
        self.isJIT = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
    }

    deinit { pcre2_code_free_8(code) }

    /// Number of capturing groups in the pattern.
    public var captureCount: Int {
        var count: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        return Int(count)
    }

    /// Group numbers carrying `name` (several with `.duplicateNames`), in pattern order.
    public func groupNumbers(named name: String) -> [Int] {
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>? = nil
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard let table, count > 0 else { return [] }
        var numbers: [Int] = []
        for i in 0..<Int(count) {
            let entry = table + i * Int(entrySize)
            let number = Int(entry[0]) << 8 | Int(entry[1])
            if String(cString: entry + 2) == name { numbers.append(number) }
        }
        return numbers.sorted()
    }
}

/// Errors raised while matching. Limits turn runaway patterns into a reportable outcome.
public enum PCRE2Error: Error, Equatable, CustomStringConvertible, Sendable {
    case matchLimit
    case depthLimit
    case heapLimit
    case jitStackLimit
    /// A scan recorded as many hits as it may: of one alternative (its mark), or in all (nil).
    case hitLimit(mark: String?, limit: Int)
    case other(code: Int32, message: String)

    init(code: Int32) {
        switch code {
        case PCRE2_ERROR_MATCHLIMIT: self = .matchLimit
        case PCRE2_ERROR_DEPTHLIMIT: self = .depthLimit
        case PCRE2_ERROR_HEAPLIMIT: self = .heapLimit
        case PCRE2_ERROR_JIT_STACKLIMIT: self = .jitStackLimit
        default: self = .other(code: code, message: PCRE2Error.message(for: code))
        }
    }

    public var isLimit: Bool {
        if case .other = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .matchLimit: return "match limit exceeded"
        case .depthLimit: return "depth limit exceeded"
        case .heapLimit: return "heap limit exceeded"
        case .jitStackLimit: return "JIT stack limit exceeded"
        case .hitLimit(let mark?, let limit): return "rule \(mark) matched more than \(limit) times, so the scan stopped there"
        case .hitLimit(nil, let limit): return "more than \(limit) rule hits, so the scan stopped there"
        case .other(_, let message): return message
        }
    }

    static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        guard length > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }
}
