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
    /// Scalars before every `stride`-th byte, so any offset's scalar count is a
    /// lookup plus a scan of fewer than `stride` bytes: linear in the text
    /// however many offsets are asked for, never recounted from byte 0.
    private let checkpoints: [Int]
    private static let stride = 64
    /// Position of byte 0, so a quote's index can report positions in its file.
    public let origin: TextPosition

    public init(_ text: String, origin: TextPosition = TextPosition(line: 1, column: 1)) {
        bytes = Array(text.utf8)
        var starts = [0]
        var marks: [Int] = []
        marks.reserveCapacity(bytes.count / Self.stride + 1)
        var scalars = 0
        for (i, b) in bytes.enumerated() {
            if i % Self.stride == 0 { marks.append(scalars) }
            if b & 0xC0 != 0x80 { scalars += 1 }
            if b == 0x0A { starts.append(i + 1) }
        }
        if bytes.count % Self.stride == 0 { marks.append(scalars) }
        lineStarts = starts
        checkpoints = marks
        self.origin = origin
    }

    public func position(ofByte offset: Int) -> TextPosition {
        let clamped = min(max(offset, 0), bytes.count)
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
        }
        let column = scalarOffset(ofByte: clamped) - scalarOffset(ofByte: lineStarts[lo]) + 1
        if lo == 0 {
            return TextPosition(line: origin.line, column: origin.column + column - 1)
        }
        return TextPosition(line: origin.line + lo, column: column)
    }

    /// Unicode scalar offset of a byte offset from the start of the text.
    public func scalarOffset(ofByte offset: Int) -> Int {
        let clamped = min(max(offset, 0), bytes.count)
        let k = clamped / Self.stride
        var count = checkpoints[k]
        var i = k * Self.stride
        while i < clamped {
            if bytes[i] & 0xC0 != 0x80 { count += 1 }
            i += 1
        }
        return count
    }
}
