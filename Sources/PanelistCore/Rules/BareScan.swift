import Foundation

/// A yardstick for `analyze`: one bare pass of every rule over whole files, read
/// as bytes, with no page reading, no confirmation and no decisions. With
/// Hyperscan it is one database pass per file reporting every match of every
/// rule (prefiltered rules as flagged); with PCRE2 it is the grouped scans.
public enum BareScan {
    public struct Result: Sendable {
        public var engine: ScannerPath
        public var files = 0
        public var bytes = 0
        public var matches = 0
        /// Time spent scanning only (files are read before the clock runs).
        public var seconds = 0.0
        public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
    }

    /// nil when Hyperscan was asked for and cannot be had.
    public static func run(files: [String], rules: RuleSet, engine: ScannerPath) -> Result? {
        var result = Result(engine: engine)
        let scanners = [rules.persona, rules.stance, rules.stanceModifiers, rules.risk, rules.horizon, rules.competitor, rules.section]
        var hs: (HybridScanner, HSDatabase, HSScanState)? = nil
        if engine == .hyperscan {
            guard let hybrid = rules.persona.hybrid?.buildNow(), let db = hybrid.database,
                  let state = HSScanState(db, limit: Int.max) else { return nil }
            hs = (hybrid, db, state)
        }
        let session = ScanSession(path: .pcre2)
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            result.files += 1
            result.bytes += data.count
            if let (_, db, state) = hs {
                let started = DispatchTime.now().uptimeNanoseconds
                _ = data.withUnsafeBytes { state.scan(db, $0.bindMemory(to: UInt8.self)) }
                result.seconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                result.matches += state.hits.count
            } else {
                let text = String(decoding: data, as: UTF8.self)
                let started = DispatchTime.now().uptimeNanoseconds
                for scanner in scanners { result.matches += session.pcre2Scan(scanner, text).hits.count }
                result.seconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            }
        }
        return result
    }
}
