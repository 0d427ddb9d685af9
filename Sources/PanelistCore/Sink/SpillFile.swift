import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A temporary file without a name: made in `$TMPDIR` (else /tmp) and unlinked at
/// once, so the system removes it when its descriptor closes, on every exit path
/// (normal end, error, signal or crash). Bytes are appended through `out` (buffered;
/// call `settle()` between records) and read back at any time with `read`.
final class SpillFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let fd: Int32
    let directory: String
    /// Where appends go. Only `settle()` and `read` flush it, so `size` stays exact.
    let out: ByteOutput
    private var flushed = 0
    private let bufferSize: Int
    private var readFailure: String?

    init(prefix: String = "panelist", bufferSize: Int = 256 * 1024) throws {
        let env = ProcessInfo.processInfo.environment["TMPDIR"] ?? ""
        directory = env.isEmpty ? "/tmp" : (env.hasSuffix("/") && env.count > 1 ? String(env.dropLast()) : env)
        var template = Array("\(directory)/\(prefix)-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw Failure(description: "cannot make a temporary file in \(directory): \(String(cString: strerror(errno))); set TMPDIR to a writable folder")
        }
        unlink(String(cString: template))
        self.fd = fd
        self.bufferSize = bufferSize
        out = ByteOutput(fd: fd, bufferSize: bufferSize)
    }

    deinit { close(fd) }

    /// Bytes appended so far: where the next append starts.
    var size: Int { flushed + out.buffer.count }

    /// Writes the buffer out once it is past its size.
    func settle() {
        if out.buffer.count >= bufferSize { flush() }
    }

    private func flush() {
        flushed += out.buffer.count
        out.flush()
    }

    /// The first write or read error, as a one-line message.
    var failure: String? {
        if let errno = out.failure {
            return "cannot write a temporary file in \(directory): \(String(cString: strerror(errno)))"
                + "; set TMPDIR to a folder with room (the spilled report takes about as much as the report)"
        }
        return readFailure
    }

    /// Reads `length` bytes at `offset` (appended earlier) into `bytes`, replacing its contents.
    func read(offset: Int, length: Int, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        guard length > 0 else { return }
        if offset + length > flushed { flush() }
        bytes.append(contentsOf: repeatElement(0, count: length))
        guard failure == nil else { return }
        bytes.withUnsafeMutableBytes { raw in
            var done = 0
            while done < length {
                let n = pread(fd, raw.baseAddress! + done, length - done, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    readFailure = "cannot read back a temporary file in \(directory): \(n < 0 ? String(cString: strerror(errno)) : "it is shorter than written")"
                    return
                }
                done += n
            }
        }
    }

    /// Whether the bytes at `offset` are `expected`.
    func matches(offset: Int, _ expected: [UInt8], scratch: inout [UInt8]) -> Bool {
        read(offset: offset, length: expected.count, into: &scratch)
        return failure == nil && scratch == expected
    }
}

extension JSONBytes {
    /// `value` as `JSON.serialized` lays it out at nesting depth `indent` (without the
    /// first line's indent), straight to bytes.
    static func pretty(_ value: JSON, indent: Int, into out: ByteOutput) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): int(i, into: out)
        case .double(let d): double(d, into: out)
        case .string(let s): string(s, into: out)
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            out.append("[\n")
            for (i, item) in items.enumerated() {
                pad(indent + 1, into: out)
                pretty(item, indent: indent + 1, into: out)
                out.append(i + 1 < items.count ? ",\n" : "\n")
            }
            pad(indent, into: out)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            if pairs.isEmpty { out.append("{}"); return }
            out.append("{\n")
            for (i, (key, item)) in pairs.enumerated() {
                pad(indent + 1, into: out)
                string(key, into: out)
                out.append(": ")
                pretty(item, indent: indent + 1, into: out)
                out.append(i + 1 < pairs.count ? ",\n" : "\n")
            }
            pad(indent, into: out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Two spaces per level.
    @inline(__always) static func pad(_ depth: Int, into out: ByteOutput) {
        for _ in 0..<max(depth, 0) { out.append("  ") }
    }
}
