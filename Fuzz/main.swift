import Foundation
import PanelistCore

// libFuzzer's driver, from libclang_rt.fuzzer_no_main: SwiftPM gives every executable
// a main of its own (so -sanitize=fuzzer's main never runs), and this main hands over.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// What one input is run through, from $PANELIST_FUZZ_KIND: page (default), draft, jsonl or rules.
enum Fuzz {
    static let kinds: [String: FuzzTarget.Kind] = ["page": .page, "draft": .draft, "jsonl": .jsonLines, "rules": .rules]
    static let kind: FuzzTarget.Kind = {
        let name = ProcessInfo.processInfo.environment["PANELIST_FUZZ_KIND"] ?? "page"
        guard let kind = kinds[name] else {
            FileHandle.standardError.write(Data("panelist-fuzz: PANELIST_FUZZ_KIND=\(name): use page, draft, jsonl or rules\n".utf8))
            exit(2)
        }
        return kind
    }()
    static let rules: RuleSet = {
        do { return try RuleSet.builtIn() } catch {
            FileHandle.standardError.write(Data("panelist-fuzz: the rules do not load: \(error)\n".utf8))
            exit(2)
        }
    }()
    static let analyzer = Analyzer(rules: rules)

    /// A broken invariant is a crash, so libFuzzer keeps the input.
    static func one(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        do { try FuzzTarget.run(kind, bytes, rules: rules, analyzer: analyzer) } catch { fatalError("\(error)") }
        return 0
    }
}

_ = Fuzz.kind
_ = Fuzz.analyzer
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv) { data, size in Fuzz.one(data, size) })
