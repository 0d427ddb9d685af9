import CHyperscan
import Foundation
import PCRE2

/// Every rule of a rule set's scanners in one Hyperscan database, one id per
/// rule, so one pass over a quote finds every rule's matches. PCRE2 stays the
/// semantics: a rule Hyperscan matches exactly gets its hits from Hyperscan's
/// (leftmost start, end) pairs; a rule it can only prefilter (lookarounds,
/// `name` groups) or cannot take at all is confirmed with its own PCRE2 scan,
/// on the quotes Hyperscan flags (or on every quote). The hits are the bytes the
/// PCRE2 scanner gives; a test compares both paths on every corpus.
final class HybridScanner: @unchecked Sendable {
    enum Mode: UInt8 {
        /// Hyperscan's leftmost-start matches are the rule's matches.
        case exact = 0
        /// Hyperscan flags quotes that may match; PCRE2 decides.
        case prefilter = 1
        /// Not in the database: PCRE2 scans every quote for it.
        case always = 2
    }

    struct Group {
        var rules: [Rule]
        var longestAliasFirst: Bool
    }

    let groups: [Group]
    /// First global id of each group's rules.
    let offsets: [Int]
    /// The database and what goes with it, shared by every rule set with the same rules.
    let shared: Shared
    var modes: [Mode] { shared.modes }
    /// Longest match of each rule in bytes (UInt32.max: unbounded).
    var maxWidths: [UInt32] { shared.maxWidths }
    var database: HSDatabase? { shared.database }
    /// Per group: local indexes of its `always` rules.
    let alwaysByGroup: [[Int]]

    /// One database per set of rules in a process, whatever the number of `RuleSet`s
    /// holding them (tests make dozens): 8 MB and its PCRE2 confirmers each time added up.
    final class Shared: @unchecked Sendable {
        let modes: [Mode]
        let maxWidths: [UInt32]
        let database: HSDatabase?
        let lock = NSLock()
        var confirmers: [Int: Scanner] = [:]
        init(modes: [Mode], maxWidths: [UInt32], database: HSDatabase?) {
            self.modes = modes
            self.maxWidths = maxWidths
            self.database = database
        }

        private static let registryLock = NSLock()
        nonisolated(unsafe) private static var registry: [(key: UInt64, shared: Shared)] = []
        static func find(_ key: UInt64) -> Shared? {
            registryLock.lock()
            defer { registryLock.unlock() }
            return registry.first { $0.key == key }?.shared
        }
        static func keep(_ key: UInt64, _ shared: Shared) -> Shared {
            registryLock.lock()
            defer { registryLock.unlock() }
            if let existing = registry.first(where: { $0.key == key }) { return existing.shared }
            registry.append((key, shared))
            if registry.count > 4 { registry.removeFirst() }
            return shared
        }
    }

    private convenience init(groups: [Group], modes: [Mode], maxWidths: [UInt32], database: HSDatabase?, key: UInt64) {
        self.init(groups: groups, shared: Shared.keep(key, Shared(modes: modes, maxWidths: maxWidths, database: database)))
    }

    private init(groups: [Group], shared: Shared) {
        self.shared = shared
        let modes = shared.modes
        self.groups = groups
        var offsets: [Int] = []
        var next = 0
        for g in groups { offsets.append(next); next += g.rules.count }
        self.offsets = offsets
        alwaysByGroup = groups.indices.map { k in
            groups[k].rules.indices.filter { modes[offsets[k] + $0] == .always }
        }
    }

    /// The rule compiled alone for PCRE2, as the grouped scanner would try it.
    func confirmer(group k: Int, rule i: Int) -> Scanner? {
        let g = offsets[k] + i
        shared.lock.lock()
        defer { shared.lock.unlock() }
        if let made = shared.confirmers[g] { return made }
        guard let made = try? Scanner(rules: [groups[k].rules[i]], longestAliasFirst: groups[k].longestAliasFirst) else { return nil }
        shared.confirmers[g] = made
        return made
    }

    // MARK: building

    /// UTF-8 without Unicode properties: Hyperscan takes no `\b` in UCP mode, so its
    /// `\b`, `\w`, `\d` and `\s` are ASCII. They agree with PCRE2's Unicode ones on any
    /// quote whose characters beyond ASCII are neither letters, digits, marks nor spaces
    /// (dashes, quotation marks, symbols), which `agreesWithUnicode` checks per quote;
    /// other quotes take the PCRE2 path.
    static let baseFlags = PHS_FLAG_UTF8
    static func flags(_ rule: Rule, _ mode: Mode) -> UInt32 {
        var f = baseFlags | (rule.caseSensitive ? 0 : PHS_FLAG_CASELESS)
        // No leftmost start: it makes the database several times larger and the scan
        // several times slower; `recoverStarts` finds starts with PCRE2 near each end.
        if mode == .prefilter { f |= PHS_FLAG_PREFILTER | PHS_FLAG_SINGLEMATCH }
        return f
    }

    /// True when ASCII `\b`, `\w`, `\d`, `\s` and case folding say of every character of
    /// `bytes` what Unicode's do: ASCII, or beyond it punctuation, symbols and format characters.
    static func agreesWithUnicode(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return true }
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars where !scalar.isASCII {
            if scalar.properties.isWhitespace { return false }
            switch scalar.properties.generalCategory {
            case .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
                 .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol, .format:
                continue
            default:
                return false
            }
        }
        return true
    }

    /// A rule whose `name` group is read needs PCRE2 to find the group.
    static func readsNameGroup(_ rule: Rule) -> Bool {
        rule.patterns.contains { $0.contains("(?<name>") || $0.contains("(?P<name>") || $0.contains("(?'name'") }
    }

    /// Builds (or loads from the cache) the database of `groups`; nil when
    /// Hyperscan is not loaded or the database cannot be built (a notice says why).
    /// Each pattern is one expression carrying its rule's id.
    static func build(_ groups: [Group]) -> HybridScanner? {
        guard HyperscanLibrary.isAvailable else { return nil }
        let rules = groups.flatMap(\.rules)
        let key = cacheKey(groups)
        guard !rules.isEmpty else { return HybridScanner(groups: groups, modes: [], maxWidths: [], database: nil, key: key) }
        if let shared = Shared.find(key) { return HybridScanner(groups: groups, shared: shared) }
        let cache = HybridCache(key: key, count: rules.count)
        if let (modes, widths, db) = cache?.load() { return HybridScanner(groups: groups, modes: modes, maxWidths: widths, database: db, key: key) }

        let started = Date()
        var modes: [Mode] = rules.map { readsNameGroup($0) ? .prefilter : .exact }
        var widths = [UInt32](repeating: .max, count: rules.count)
        for g in rules.indices {
            if modes[g] == .exact {
                let each = rules[g].patterns.map { HSDatabase.maxWidth($0, flags: flags(rules[g], .exact)) }
                if each.contains(nil) { modes[g] = .prefilter } else { widths[g] = each.map { $0! }.max() ?? .max }
            }
            if modes[g] == .prefilter, rules[g].patterns.contains(where: { HSDatabase.maxWidth($0, flags: flags(rules[g], .prefilter)) == nil }) {
                modes[g] = .always
            }
        }
        if let dump = ProcessInfo.processInfo.environment["PANELIST_HS_DUMP"] {
            let lines = rules.indices.flatMap { g in rules[g].patterns.map { "\(flags(rules[g], modes[g]))\t\(modes[g].rawValue)\t\(rules[g].id)\t\($0)" } }
            FileManager.default.createFile(atPath: dump, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        // A rule the whole database refuses (SOM, size) moves down a mode and the rest is tried again.
        for _ in 0...(2 * rules.count) {
            let inDB = rules.indices.filter { modes[$0] != .always }.flatMap { g in rules[g].patterns.map { (g, $0) } }
            guard !inDB.isEmpty else { return HybridScanner(groups: groups, modes: modes, maxWidths: widths, database: nil, key: key) }
            switch HSDatabase.compile(inDB.map(\.1), flags: inDB.map { flags(rules[$0.0], modes[$0.0]) }, ids: inDB.map { UInt32($0.0) }) {
            case .success(let db):
                // A small set compiles in milliseconds; only a slow build is worth a file.
                if Date().timeIntervalSince(started) > 0.05 { cache?.store(modes: modes, widths: widths, database: db) }
                return HybridScanner(groups: groups, modes: modes, maxWidths: widths, database: db, key: key)
            case .failure(let failure):
                guard failure.expression >= 0, failure.expression < inDB.count else {
                    ScannerNotice.once("Hyperscan could not build the rules' database (\(failure.message)); using PCRE2")
                    return nil
                }
                let g = inDB[failure.expression].0
                modes[g] = modes[g] == .exact ? .prefilter : .always
            }
        }
        return nil
    }

    /// The database from the cache, or nil without building it.
    static func cached(_ groups: [Group]) -> HybridScanner? {
        guard HyperscanLibrary.isAvailable else { return nil }
        let rules = groups.flatMap(\.rules)
        guard !rules.isEmpty else { return nil }
        let key = cacheKey(groups)
        if let shared = Shared.find(key) { return HybridScanner(groups: groups, shared: shared) }
        guard let (modes, widths, db) = HybridCache(key: key, count: rules.count)?.load() else { return nil }
        return HybridScanner(groups: groups, modes: modes, maxWidths: widths, database: db, key: key)
    }

    static func cacheKey(_ groups: [Group]) -> UInt64 {
        var h = FNV64()
        h.mix("panelist-hyperscan-4")
        h.mix(HyperscanLibrary.version)
        for group in groups { h.mix("\(group.rules.count)\(group.longestAliasFirst)") }
        for rule in groups.flatMap(\.rules) {
            h.mix(String(rule.patterns.count))
            for p in rule.patterns { h.mix(p) }
            h.mix(rule.caseSensitive ? "s" : "i")
            h.mix(readsNameGroup(rule) ? "n" : "-")
        }
        return h.value
    }

    // MARK: scanning

    /// Hits of group `k` in `bytes` from the quote's Hyperscan matches (`matches`
    /// sorted by rule id, end, start), in the PCRE2 scanner's order; nil when
    /// this group must be scanned with PCRE2 alone (a confirmation hit a limit,
    /// a rule matched more often than the caps allow).
    func hits(group k: Int, matches: ArraySlice<HSMatch>, text: String, session: ScanSession, caps: HitCaps) -> [Hit]? {
        var found: [Hit] = []
        var confirm: [Int] = alwaysByGroup[k]
        var i = matches.startIndex
        while i < matches.endIndex {
            let g = Int(matches[i].id)
            var j = i
            while j < matches.endIndex, Int(matches[j].id) == g { j += 1 }
            let local = g - offsets[k]
            if modes[g] != .exact {
                confirm.append(local)
            } else {
                if j - i > caps.perMark { return nil }
                guard let kept = recoverStarts(group: k, rule: local, ends: matches[i..<j], text: text, session: session, caps: caps) else { return nil }
                found += kept
            }
            i = j
        }
        for local in confirm {
            guard let scanner = confirmer(group: k, rule: local) else { return nil }
            let (hits, limit) = session.pcre2Scan(scanner, text, caps: caps)
            if limit != nil { return nil }
            for h in hits { found.append(Hit(rule: local, range: h.range, name: h.name)) }
        }
        found.sort { ($0.range.lowerBound, $0.rule, -$0.range.count) < ($1.range.lowerBound, $1.rule, -$1.range.count) }
        return found
    }
}

extension HybridScanner {
    /// Hyperscan reports where an exact rule's matches end; PCRE2, run on a window
    /// around each end (back by the rule's longest match, on by two characters for
    /// `\b` and `$`), finds where they start. Only matches ending where Hyperscan
    /// says one ends are kept, so cutting the subject cannot invent one.
    func recoverStarts(group k: Int, rule local: Int, ends matches: ArraySlice<HSMatch>, text: String,
                       session: ScanSession, caps: HitCaps) -> [Hit]? {
        guard let scanner = confirmer(group: k, rule: local) else { return nil }
        let width = Int(maxWidths[offsets[k] + local])
        var ends: [Int] = []
        for m in matches where ends.last != Int(m.to) { ends.append(Int(m.to)) }
        var text = text
        return text.withUTF8 { bytes -> [Hit]? in
            func after(_ at: Int, characters: Int) -> Int {
                var p = at
                for _ in 0..<characters where p < bytes.count {
                    p += 1
                    while p < bytes.count, bytes[p] & 0xC0 == 0x80 { p += 1 }
                }
                return p
            }
            var windows: [Range<Int>] = []
            for e in ends {
                var lo = width == Int(UInt32.max) ? 0 : max(0, e - width)
                // PCRE2 starts only on a character boundary (it does not check UTF-8 here).
                while lo > 0, lo < bytes.count, bytes[lo] & 0xC0 == 0x80 { lo -= 1 }
                let hi = after(e, characters: 2)
                if let last = windows.last, lo <= last.upperBound {
                    windows[windows.count - 1] = last.lowerBound..<max(last.upperBound, hi)
                } else {
                    windows.append(lo..<hi)
                }
            }
            let endSet = Set(ends)
            var found: [Hit] = []
            for w in windows {
                let (hits, limit) = session.pcre2Matches(scanner, bytes, window: w, caps: caps)
                if limit != nil { return nil }
                for h in hits where endSet.contains(h.range.upperBound) { found.append(Hit(rule: local, range: h.range, name: h.name)) }
            }
            return Scanner.leftmostLongest(found)
        }
    }
}

struct HSMatch {
    var id: UInt32
    var from: UInt64
    var to: UInt64
}

/// FNV-1a, 64 bits: a cache key and a checksum against a damaged file (not against a forger:
/// the cache directory is the user's own, checked to be theirs and not writable by others).
struct FNV64 {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func mix<C: Collection>(bytes: C) where C.Element == UInt8 {
        for b in bytes { value ^= UInt64(b); value = value &* 0x0000_0100_0000_01B3 }
    }
    /// Eight bytes at a time (a checksum of megabytes at start-up), then the tail byte by byte.
    mutating func mix(words bytes: UnsafeRawBufferPointer) {
        var i = 0
        while i + 8 <= bytes.count {
            value = (value ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
            i += 8
        }
        mix(bytes: bytes[i...])
    }
    mutating func mix(_ s: String) {
        mix(bytes: s.utf8)
        value ^= 0xFF; value = value &* 0x0000_0100_0000_01B3
    }
}

/// The serialised database in the user's cache directory
/// (`PANELIST_CACHE_DIR`, else `$XDG_CACHE_HOME/panelist`, else `~/.cache/panelist`;
/// `PANELIST_CACHE_DIR=none` turns it off). The file is named by the rules' key
/// and carries the key, the modes and a checksum; a file that is not the
/// user's, is writable by others, or fails any check is ignored and rebuilt.
struct HybridCache {
    let key: UInt64
    let count: Int
    let path: String
    static let magic = Array("PNLHS04\n".utf8)

    init?(key: UInt64, count: Int) {
        let env = ProcessInfo.processInfo.environment
        let dir: String
        if let d = env["PANELIST_CACHE_DIR"], !d.isEmpty {
            if d == "none" { return nil }
            dir = d
        } else if let x = env["XDG_CACHE_HOME"], x.hasPrefix("/") {
            dir = x + "/panelist"
        } else if let home = env["HOME"], home.hasPrefix("/") {
            dir = home + "/.cache/panelist"
        } else {
            return nil
        }
        self.key = key
        self.count = count
        let hex = String(key, radix: 16)
        path = dir + "/hyperscan-" + String(repeating: "0", count: 16 - hex.count) + hex + ".db"
    }

    private static func owned(_ path: String, directory: Bool) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_uid == geteuid() else { return false }
        guard (st.st_mode & S_IFMT) == (directory ? S_IFDIR : S_IFREG) else { return false }
        return st.st_mode & (S_IWGRP | S_IWOTH) == 0
    }

    static func sampled(_ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        b.count <= 1 << 17 ? b : UnsafeRawBufferPointer(rebasing: b[..<(1 << 16)])
    }

    private static func le(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    func load() -> (modes: [HybridScanner.Mode], widths: [UInt32], database: HSDatabase)? {
        let dir = (path as NSString).deletingLastPathComponent
        guard HybridCache.owned(dir, directory: true), HybridCache.owned(path, directory: false),
              let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
        return data.withUnsafeBytes { (b: UnsafeRawBufferPointer) -> (modes: [HybridScanner.Mode], widths: [UInt32], database: HSDatabase)? in
            func read(_ at: Int) -> UInt64 { b.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian }
            let header = HybridCache.magic.count + 8 + 8 + 5 * count + 8 + 8
            guard b.count > header, b.prefix(8).elementsEqual(HybridCache.magic),
                  read(8) == key, read(16) == UInt64(count) else { return nil }
            var modes: [HybridScanner.Mode] = []
            modes.reserveCapacity(count)
            for m in b[24..<(24 + count)] {
                guard let mode = HybridScanner.Mode(rawValue: m) else { return nil }
                modes.append(mode)
            }
            let widths: [UInt32] = (0..<count).map { b.loadUnaligned(fromByteOffset: 24 + count + 4 * $0, as: UInt32.self).littleEndian }
            let length = read(24 + 5 * count), sum = read(32 + 5 * count)
            guard UInt64(b.count - header) == length else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: b[header...])
            // Hyperscan checks the database's own CRC-32 and refuses a damaged one; the
            // checksum here, over the first 64 KiB, catches a file cut short or mixed up
            // cheaply (reading all 8 MB again was a tenth of a lint of one draft).
            var check = FNV64()
            check.mix(words: HybridCache.sampled(body))
            guard check.value == sum, let db = HSDatabase.deserialize(body) else { return nil }
            return (modes, widths, db)
        }
    }

    func store(modes: [HybridScanner.Mode], widths: [UInt32], database: HSDatabase) {
        guard let body = database.serialized() else { return }
        let dir = (path as NSString).deletingLastPathComponent
        guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])) != nil,
              HybridCache.owned(dir, directory: true) else { return }
        var check = FNV64()
        body.withUnsafeBytes { check.mix(words: HybridCache.sampled($0)) }
        var out = HybridCache.magic + HybridCache.le(key) + HybridCache.le(UInt64(count)) + modes.map(\.rawValue)
        out += widths.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
        out += HybridCache.le(UInt64(body.count)) + HybridCache.le(check.value) + body
        // Written aside and renamed, so a reader never sees half a file.
        let temp = path + ".\(getpid()).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return }
        let written = out.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written == out.count { rename(temp, path) } else { unlink(temp) }
        HybridCache.prune(dir, keep: 8)
    }

    /// Keeps the most recently written databases (one per rule set in use), removes older ones.
    static func prune(_ dir: String, keep: Int) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else { return }
        let dated = names.filter { $0.hasPrefix("hyperscan-") && $0.hasSuffix(".db") }.compactMap { name -> (String, Date)? in
            guard let date = (try? fm.attributesOfItem(atPath: dir + "/" + name))?[.modificationDate] as? Date else { return nil }
            return (name, date)
        }
        for (name, _) in dated.sorted(by: { $0.1 > $1.1 }).dropFirst(keep) { unlink(dir + "/" + name) }
    }
}
