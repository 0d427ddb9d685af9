import Dispatch
import Foundation

public struct AnalyzeOptions: Sendable {
    public var slotPrior: Bool = true
    public var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Pages read and analysed per parallel batch; only one batch is held at a time.
    public var batchSize: Int = 256
    /// How directories are walked: globs, ignore files, hidden files.
    public var walk = InputWalk()
    /// Called after each batch with pages done and pages in all (for a progress line).
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    public init(slotPrior: Bool = true) { self.slotPrior = slotPrior }
}

/// Finds pages under paths, analyses them in parallel batches and folds the
/// results, in path order, into per-tool aggregates.
public enum CorpusAnalyzer {
    /// Files under `paths` with one of `extensions`, sorted; a missing path is a diagnostic.
    public static func inputFiles(_ paths: [String], extensions: Set<String> = ["txt"], walk: InputWalk = InputWalk()) -> (files: [String], diagnostics: [Diagnostic]) {
        walk.files(paths, extensions: extensions)
    }

    public static func run(paths: [String], rules: RuleSet, options: AnalyzeOptions = AnalyzeOptions()) -> Report {
        var fold = ReportBuilder(rules: rules, options: options)
        let (inputDiagnostics, analyzer) = stream(paths: paths, rules: rules, options: options) { fold.add($0) }
        return fold.build(inputDiagnostics: inputDiagnostics, analyzer: analyzer)
    }

    /// Reads and analyses the pages under `paths` in parallel batches and hands
    /// each analysed page to `receive` on the calling thread, in path order, as
    /// soon as its batch is done. While one batch is received the next is
    /// analysed, so at most two batches are held. Returns the input diagnostics
    /// (missing paths) and an analyzer for deciding labels afterwards.
    @discardableResult
    public static func stream(paths: [String], rules: RuleSet, options: AnalyzeOptions = AnalyzeOptions(),
                              receive: (AnalyzedPage) -> Void) -> (inputDiagnostics: [Diagnostic], analyzer: Analyzer) {
        let (files, inputDiagnostics) = inputFiles(paths, walk: options.walk)
        stream(files: files, rules: rules, options: options, receive: receive)
        return (inputDiagnostics, Analyzer(rules: rules))
    }

    public static func stream(files: [String], rules: RuleSet, options: AnalyzeOptions = AnalyzeOptions(),
                              receive: (AnalyzedPage) -> Void) {
        let workers = max(1, options.workers)
        let batchSize = max(1, options.batchSize)
        let analyzers = Analyzers((0..<workers).map { _ in Analyzer(rules: rules) })
        @Sendable func analyzeBatch(_ start: Int) -> UnsafeResults<AnalyzedPage> {
            let batch = Array(files[start..<min(files.count, start + batchSize)])
            let results = UnsafeResults<AnalyzedPage>(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = w
                while i < batch.count {
                    results[i] = analyze(page: PageReader.read(path: batch[i], vocabulary: rules.layout), with: analyzers.each[w])
                    i += workers
                }
            }
            return results
        }
        guard !files.isEmpty else { return }
        var current = analyzeBatch(0)
        var start = 0
        while true {
            let nextStart = start + batchSize
            let next = nextStart < files.count ? Pending() : nil
            if let next {
                DispatchQueue.global().async {
                    next.results = analyzeBatch(nextStart)
                    next.done.signal()
                }
            }
            for i in 0..<current.count { if let page = current[i] { receive(page) } }
            options.progress?(min(start + batchSize, files.count), files.count)
            guard let next else { break }
            next.done.wait()
            current = next.results!
            start = nextStart
        }
    }

    /// One analyzer per worker; worker w only ever touches `each[w]`.
    private final class Analyzers: @unchecked Sendable {
        let each: [Analyzer]
        init(_ each: [Analyzer]) { self.each = each }
    }

    /// A batch being analysed on other threads.
    private final class Pending: @unchecked Sendable {
        var results: UnsafeResults<AnalyzedPage>?
        let done = DispatchSemaphore(value: 0)
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
    let count: Int
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
