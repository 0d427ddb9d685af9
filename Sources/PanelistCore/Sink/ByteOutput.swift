import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A buffered byte writer on a file descriptor: output goes out in 256 KiB
/// writes as it is produced, never held whole in memory.
public final class ByteOutput {
    public private(set) var buffer: [UInt8] = []
    private let fd: Int32
    private let closeWhenDone: Bool
    private let limit: Int
    /// The first write error (errno), after which nothing more is written.
    public private(set) var failure: Int32?

    public init(fd: Int32, closeWhenDone: Bool = false, bufferSize: Int = 256 * 1024) {
        self.fd = fd
        self.closeWhenDone = closeWhenDone
        limit = bufferSize
        buffer.reserveCapacity(bufferSize + 4096)
    }

    /// Standard output.
    public static func standardOutput() -> ByteOutput { ByteOutput(fd: 1) }

    @inline(__always) public func append(_ byte: UInt8) {
        buffer.append(byte)
    }

    @inline(__always) public func append(_ s: StaticString) {
        s.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    public func append(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
    }

    public func append<S: Sequence>(contentsOf bytes: S) where S.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// Writes the buffer out once it is past its size; call between records.
    @inline(__always) public func flushIfFull() {
        if buffer.count >= limit { flush() }
    }

    public func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil, !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
    }

    /// Flushes and, for a file this output opened, closes it. Returns false on a write error.
    @discardableResult public func finish() -> Bool {
        flush()
        if closeWhenDone, close(fd) != 0, failure == nil { failure = errno }
        return failure == nil
    }
}

/// Writes JSON straight to bytes: no value tree, no intermediate String.
/// Numbers and escapes match `JSON.serialized`.
public struct JSONBytes {
    @inline(__always) public static func string(_ s: String, into out: ByteOutput) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                var escape: StaticString? = nil
                var width = 1
                switch b {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0xE2 where i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    escape = bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                // C1 controls (C2 80–9F), bidi marks and overrides: escaped as JSON.escape does.
                case 0xC2 where i + 1 < n && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F,
                     0xD8 where i + 1 < n && bytes[i + 1] == 0x9C,
                     0xE2 where i + 2 < n && ((bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x8E || bytes[i + 2] == 0x8F || (bytes[i + 2] >= 0xAA && bytes[i + 2] <= 0xAE)))
                                              || (bytes[i + 1] == 0x81 && bytes[i + 2] >= 0xA6 && bytes[i + 2] <= 0xA9)):
                    if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                    let w = b == 0xE2 ? 3 : 2
                    let scalar = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<(i + w)]), as: UTF8.self).unicodeScalars.first!.value
                    let hex = String(scalar, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                    i += w
                    start = i
                    continue
                default:
                    if b < 0x20 || b == 0x7F {
                        if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                        let hex = String(b, radix: 16)
                        out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                        i += 1
                        start = i
                        continue
                    }
                }
                if let escape {
                    if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                    out.append(escape)
                    i += width
                    start = i
                } else {
                    i += 1
                }
            }
            if n > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<n])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    @inline(__always) public static func int(_ i: Int, into out: ByteOutput) {
        if i >= 0 && i < 10 { out.append(UInt8(ascii: "0") + UInt8(i)); return }
        out.append(String(i))
    }

    public static func double(_ d: Double, into out: ByteOutput) { out.append(JSON.number(d)) }

    /// Writes a value tree compactly (for the small parts that are built as trees).
    public static func value(_ v: JSON, into out: ByteOutput) {
        switch v {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): int(i, into: out)
        case .double(let d): double(d, into: out)
        case .string(let s): string(s, into: out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                value(item, into: out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (i, (key, item)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                string(key, into: out)
                out.append(UInt8(ascii: ":"))
                value(item, into: out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
