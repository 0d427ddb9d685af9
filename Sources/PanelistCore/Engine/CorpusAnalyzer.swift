import Dispatch
import Foundation

public struct AnalyzeOptions: Sendable {
    public var slotPrior: Bool = true
    public var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Pages read and analysed per parallel batch; only one batch is held at a time.
    public var batchSize: Int = 256
    public init(slotPrior: Bool = true) { self.slotPrior = slotPrior }
}

/// Finds pages under paths, analyses them in parallel batches and folds the
/// results, in path order, into per-tool aggregates.
public enum CorpusAnalyzer {
    /// Files under `paths` with one of `extensions`, sorted; a missing path is a diagnostic.
    public static func inputFiles(_ paths: [String], extensions: Set<String> = ["txt"]) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                diagnostics.append(Diagnostic(.error, file: path, code: "input.missing", "no such file or directory: check the path"))
                continue
            }
            if !isDir.boolValue { files.append(path); continue }
            guard let walker = fm.enumerator(atPath: path) else {
                diagnostics.append(Diagnostic(.error, file: path, code: "input.unreadable", "cannot list the directory: check its permissions"))
                continue
            }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") { walker.skipDescendants(); continue }
                guard extensions.contains((name as NSString).pathExtension.lowercased()) else { continue }
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                var sub: ObjCBool = false
                if fm.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue { found.append(full) }
            }
            files += found.sorted()
        }
        var seen = Set<String>()
        return (files.filter { seen.insert($0).inserted }, diagnostics)
    }

    public static func run(paths: [String], rules: RuleSet, options: AnalyzeOptions = AnalyzeOptions()) -> Report {
        let (files, inputDiagnostics) = inputFiles(paths)
        var fold = ReportBuilder(rules: rules, options: options)
        let workers = max(1, options.workers)
        let analyzers = (0..<workers).map { _ in Analyzer(rules: rules) }
        var start = 0
        while start < files.count {
            let batch = Array(files[start..<min(files.count, start + options.batchSize)])
            let results = UnsafeResults<AnalyzedPage>(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = w
                while i < batch.count {
                    results[i] = analyze(page: PageReader.read(path: batch[i]), with: analyzers[w])
                    i += workers
                }
            }
            for page in results.values { fold.add(page) }
            start += options.batchSize
        }
        return fold.build(inputDiagnostics: inputDiagnostics, analyzer: analyzers[0])
    }

    /// A page and the analysis of each of its quotes, in scorecard order.
    public struct AnalyzedPage: Sendable {
        public var page: Page
        public var analyses: [QuoteAnalysis]
    }

    public static func analyze(page: Page, with analyzer: Analyzer) -> AnalyzedPage {
        var analyses: [QuoteAnalysis] = []
        for quote in page.quotes {
            let tool = quote.toolIndex < page.tools.count ? page.tools[quote.toolIndex] : nil
            analyses.append(analyzer.analyzeCached(quote.text, subject: tool))
        }
        return AnalyzedPage(page: page, analyses: analyses)
    }
}

/// Slots written by index from several threads, each slot by one thread only.
final class UnsafeResults<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
    private let count: Int
    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: count)
    }
    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
    subscript(i: Int) -> T? {
        get { storage[i] }
        set { storage[i] = newValue }
    }
    var values: [T] { (0..<count).compactMap { storage[$0] } }
}
