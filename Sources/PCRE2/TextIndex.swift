/// A 1-based line and column; the column counts Unicode scalars, not bytes.
public struct TextPosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public static func < (a: TextPosition, b: TextPosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
    public var description: String { "\(line):\(column)" }
}

/// Turns UTF-8 byte offsets into line:column and scalar offsets.
/// Built once per text; each lookup is a binary search plus a short scan.
public struct TextIndex: Sendable {
    private let bytes: [UInt8]
    private let lineStarts: [Int]
    /// Position of byte 0, so a quote's index can report positions in its file.
    public let origin: TextPosition

    public init(_ text: String, origin: TextPosition = TextPosition(line: 1, column: 1)) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        lineStarts = starts
        self.origin = origin
    }

    public func position(ofByte offset: Int) -> TextPosition {
        let clamped = min(max(offset, 0), bytes.count)
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
        }
        let column = scalarCount(from: lineStarts[lo], to: clamped) + 1
        if lo == 0 {
            return TextPosition(line: origin.line, column: origin.column + column - 1)
        }
        return TextPosition(line: origin.line + lo, column: column)
    }

    /// Unicode scalar offset of a byte offset from the start of the text.
    public func scalarOffset(ofByte offset: Int) -> Int {
        scalarCount(from: 0, to: min(max(offset, 0), bytes.count))
    }

    private func scalarCount(from start: Int, to end: Int) -> Int {
        var count = 0
        var i = start
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { count += 1 }
            i += 1
        }
        return count
    }
}
