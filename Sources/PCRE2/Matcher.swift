import CPCRE2

/// Bounds on the work one match attempt may do. Input is untrusted, so every
/// attempt runs under these; under JIT the match limit applies, not the depth limit.
public struct MatchLimits: Sendable, Equatable {
    public var match: UInt32
    public var depth: UInt32
    public var heapKiB: UInt32

    public init(match: UInt32 = 500_000, depth: UInt32 = 2_000, heapKiB: UInt32 = 20_000) {
        self.match = match
        self.depth = depth
        self.heapKiB = heapKiB
    }

    public static let standard = MatchLimits()
}

/// One match: byte ranges into the subject's UTF-8, the (*MARK) name if any.
public struct Match: Sendable, Equatable {
    public let range: Range<Int>
    /// Byte range of each capture group (index 0 is the whole match); nil when unset.
    public let groups: [Range<Int>?]
    public let mark: String?
}

/// Matches one pattern, reusing its match data, match context and JIT stack.
/// Not thread-safe: give each thread its own matcher.
public final class Matcher {
    public let pattern: Pattern
    public let limits: MatchLimits
    let matchData: OpaquePointer
    let context: OpaquePointer
    private let jitStack: OpaquePointer?

    public init(_ pattern: Pattern, limits: MatchLimits = .standard) {
        self.pattern = pattern
        self.limits = limits
        matchData = pcre2_match_data_create_from_pattern_8(pattern.code, nil)
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, limits.match)
        pcre2_set_depth_limit_8(context, limits.depth)
        pcre2_set_heap_limit_8(context, limits.heapKiB)
        if pattern.isJIT, let stack = pcre2_jit_stack_create_8(32 * 1024, 1024 * 1024, nil) {
            jitStack = stack
            pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack))
        } else {
            jitStack = nil
        }
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// The first match at or after byte `start`. `subject` must be valid UTF-8
    /// (Swift strings are), so PCRE2's own UTF check is skipped.
    public func firstMatch(in subject: UnsafeBufferPointer<UInt8>, from start: Int = 0) throws -> Match? {
        guard start <= subject.count, let base = subject.baseAddress ?? emptySubject else { return nil }
        let rc = pcre2_match_8(pattern.code, base, subject.count, start, UInt32(PCRE2_NO_UTF_CHECK), matchData, context)
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        if rc < 0 { throw PCRE2Error(code: rc) }
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        let pairs = Int(pcre2_get_ovector_count_8(matchData))
        let unset = cpcre2_unset()
        var groups: [Range<Int>?] = []
        groups.reserveCapacity(pairs)
        for i in 0..<pairs {
            let lo = ovector[2 * i], hi = ovector[2 * i + 1]
            groups.append(lo == unset || hi == unset ? nil : lo..<max(lo, hi))
        }
        let mark = pcre2_get_mark_8(matchData).map { String(cString: $0) }
        return Match(range: groups[0]!, groups: groups, mark: mark)
    }

    /// Calls `body` for every match in `subject`. With `overlapping`, the next
    /// attempt starts one character after the previous match's start, so matches
    /// of different alternatives may overlap; otherwise it starts at the match's end.
    public func forEachMatch(
        in subject: UnsafeBufferPointer<UInt8>,
        overlapping: Bool = false,
        _ body: (Match) throws -> Void
    ) throws {
        var position = 0
        while position <= subject.count, let match = try firstMatch(in: subject, from: position) {
            try body(match)
            if overlapping || match.range.isEmpty {
                position = Matcher.nextCharacter(after: match.range.lowerBound, in: subject)
            } else {
                position = match.range.upperBound
            }
        }
    }

    /// Convenience for tests and one-off use: every match in a string.
    public func matches(in text: String, overlapping: Bool = false) throws -> [Match] {
        var text = text
        return try text.withUTF8 { bytes in
            var found: [Match] = []
            try forEachMatch(in: bytes, overlapping: overlapping) { found.append($0) }
            return found
        }
    }

    static func nextCharacter(after offset: Int, in subject: UnsafeBufferPointer<UInt8>) -> Int {
        var next = offset + 1
        while next < subject.count, subject[next] & 0xC0 == 0x80 { next += 1 }
        return next
    }
}

// pcre2_match needs a non-null pointer even for an empty subject.
private let emptySubjectStorage: UnsafeMutablePointer<UInt8> = {
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    p.initialize(to: 0)
    return p
}()
private let emptySubject: UnsafePointer<UInt8>? = UnsafePointer(emptySubjectStorage)

/// A match reported by a callout: where it ran, the last (*MARK) on its path,
/// and the requested capture groups.
public struct CalloutMatch: Sendable, Equatable {
    public let range: Range<Int>
    public let mark: Int?
    public let groups: [Range<Int>?]
}

/// Collects what `(?C1)` callouts see; the callout then fails the path, so PCRE2
/// goes on to every other alternative and start position.
private final class CalloutSink {
    var matches: [CalloutMatch] = []
    var groups: [Int] = []
    let unset = cpcre2_unset()
    let caps: HitCaps
    /// Hits recorded per mark number, to stop one runaway alternative.
    var perMark: [Int] = []
    /// The cap that stopped the match: the mark that overflowed, or nil for the total.
    var overflow: (mark: Int?, limit: Int)?
    init(caps: HitCaps) { self.caps = caps }
}

/// Most hits one match call records: per alternative (by its numeric mark) and
/// in all. The match limit bounds time, not memory: a catastrophic pattern can
/// reach its callout billions of times within it, and each visit is a hit.
public struct HitCaps: Sendable, Equatable {
    public var perMark: Int
    public var total: Int
    public init(perMark: Int = 20_000, total: Int = 200_000) {
        self.perMark = perMark
        self.total = total
    }
    public static let standard = HitCaps()
}

private let recordAndFail: @convention(c) (UnsafeMutablePointer<pcre2_callout_block_8>?, UnsafeMutableRawPointer?) -> Int32 = { block, data in
    guard let block, let data else { return 0 }
    let sink = Unmanaged<CalloutSink>.fromOpaque(data).takeUnretainedValue()
    let b = block.pointee
    var mark: Int? = nil
    if var p = b.mark {
        var n = 0
        var digits = 0
        while p.pointee >= 0x30 && p.pointee <= 0x39 { n = n * 10 + Int(p.pointee - 0x30); p += 1; digits += 1 }
        if digits > 0, p.pointee == 0 { mark = n }
    }
    var groups: [Range<Int>?] = []
    groups.reserveCapacity(sink.groups.count)
    for g in sink.groups {
        guard g < Int(b.capture_top), let ov = b.offset_vector else { groups.append(nil); continue }
        let lo = ov[2 * g], hi = ov[2 * g + 1]
        groups.append(lo == sink.unset || hi == sink.unset || hi < lo ? nil : lo..<hi)
    }
    if b.current_position > b.start_match {
        if let m = mark {
            if m >= sink.perMark.count { sink.perMark += Array(repeating: 0, count: m + 1 - sink.perMark.count) }
            sink.perMark[m] += 1
            if sink.perMark[m] > sink.caps.perMark {
                sink.overflow = (m, sink.caps.perMark)
                return PCRE2_ERROR_CALLOUT
            }
        }
        if sink.matches.count >= sink.caps.total {
            sink.overflow = (nil, sink.caps.total)
            return PCRE2_ERROR_CALLOUT
        }
        sink.matches.append(CalloutMatch(range: b.start_match..<b.current_position, mark: mark, groups: groups))
    }
    return 1
}

extension Matcher {
    /// Every match of every alternative at every start position, in one
    /// `pcre2_match` call: the pattern must end each alternative with `(?C1)`.
    /// The match limit grows with the subject (`limitPerByte`), so long texts
    /// are not cut short while runaway patterns still are.
    public func allMatches(in subject: UnsafeBufferPointer<UInt8>, groups: [Int] = [], limitPerByte: UInt32 = 4_000) throws -> [CalloutMatch] {
        let (matches, error) = scanAll(in: subject, groups: groups, limitPerByte: limitPerByte)
        if let error { throw error }
        return matches
    }

    /// `allMatches`, keeping what was found before a limit stopped the match,
    /// and bounded in memory by `caps`.
    /// With `from`, matches start at or after that byte (what lies before it is still seen by lookbehinds and `\\b`).
    public func scanAll(in subject: UnsafeBufferPointer<UInt8>, from start: Int = 0, groups: [Int] = [], limitPerByte: UInt32 = 4_000,
                        caps: HitCaps = .standard) -> (matches: [CalloutMatch], error: PCRE2Error?) {
        let sink = CalloutSink(caps: caps)
        sink.groups = groups
        let limit = UInt32(min(UInt64(UInt32.max / 2), UInt64(limits.match) + UInt64(limitPerByte) * UInt64(subject.count)))
        pcre2_set_match_limit_8(context, limit)
        let unmanaged = Unmanaged.passRetained(sink)
        defer {
            pcre2_set_callout_8(context, nil, nil)
            pcre2_set_match_limit_8(context, limits.match)
            unmanaged.release()
        }
        pcre2_set_callout_8(context, recordAndFail, unmanaged.toOpaque())
        guard let base = subject.baseAddress ?? emptySubject else { return ([], nil) }
        let rc = pcre2_match_8(pattern.code, base, subject.count, min(start, subject.count), UInt32(PCRE2_NO_UTF_CHECK), matchData, context)
        if rc == PCRE2_ERROR_CALLOUT, let overflow = sink.overflow {
            return (sink.matches, .hitLimit(mark: overflow.mark.map(String.init), limit: overflow.limit))
        }
        if rc < 0 && rc != PCRE2_ERROR_NOMATCH { return (sink.matches, PCRE2Error(code: rc)) }
        return (sink.matches, nil)
    }
}
