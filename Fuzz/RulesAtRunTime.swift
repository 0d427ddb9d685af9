import Foundation

/// The fuzz build's stand-in for what the embed-rules plugin generates: the rule
/// files are read from $PANELIST_FUZZ_RULES (default: rules/) when the fuzzer starts.
enum DefaultRules {
    static let files: [(name: String, text: String)] = {
        let dir = ProcessInfo.processInfo.environment["PANELIST_FUZZ_RULES"] ?? "rules"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        guard !names.isEmpty else {
            FileHandle.standardError.write(Data("panelist-fuzz: no rule files in \(dir): run from the repository, or set PANELIST_FUZZ_RULES\n".utf8))
            exit(2)
        }
        return names.map { name in
            guard let text = try? String(contentsOfFile: dir + "/" + name, encoding: .utf8) else {
                FileHandle.standardError.write(Data("panelist-fuzz: cannot read \(dir)/\(name)\n".utf8))
                exit(2)
            }
            return ("rules/" + name, text)
        }
    }()
}
