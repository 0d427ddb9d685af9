public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A problem tied to a place in a file: `file:line:col: severity: message [code]`.
public struct Diagnostic: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public var severity: Severity
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// A rule id or a reader code such as `reader.truncated`.
    public var code: String

    public init(_ severity: Severity, file: String, line: Int = 1, column: Int = 1, code: String, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.message = message
    }

    public var description: String {
        "\(Sanitize.visible(file)):\(line):\(column): \(severity.rawValue): \(Sanitize.oneLine(message)) [\(Sanitize.visible(code))]"
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.file, a.line, a.column, a.code, a.message) < (b.file, b.line, b.column, b.code, b.message)
    }
}
