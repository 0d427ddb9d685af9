import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A temporary file without a name: made in `$TMPDIR` (else /tmp) and unlinked at
/// once, so the system removes it when its descriptor closes, on every exit path
/// (normal end, error, signal or crash). Appends are buffered; reads see them.
final class SpillFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let fd: Int32
    let directory: String
    private var buffer: [UInt8] = []
    private var flushed = 0
    private let bufferSize: Int
    /// The first write or read error, after which nothing more is written.
    private(set) var failure: String?

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
        buffer.reserveCapacity(bufferSize + 4096)
    }

    deinit { close(fd) }

    /// Bytes appended so far: where the next append starts.
    var size: Int { flushed + buffer.count }

    /// Appends the UTF-8 of `s`; returns where it starts and its length.
    @discardableResult
    func append(_ s: String) -> (offset: Int, length: Int) {
        let start = size
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= bufferSize { flush() }
        return (start, size - start)
    }

    @discardableResult
    func append(bytes: UnsafeRawBufferPointer) -> (offset: Int, length: Int) {
        let start = size
        buffer.append(contentsOf: bytes)
        if buffer.count >= bufferSize { flush() }
        return (start, size - start)
    }

    private func flush() {
        defer {
            flushed += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
        guard failure == nil, !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(flushed + done))
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    failure = "cannot write a temporary file in \(directory): \(String(cString: strerror(n < 0 ? errno : ENOSPC)))"
                        + "; set TMPDIR to a folder with room (the spilled report takes about as much as the report)"
                    return
                }
                done += n
            }
        }
    }

    /// Reads `length` bytes at `offset` (appended earlier) into `into`, replacing its contents.
    func read(offset: Int, length: Int, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        guard length > 0 else { return }
        if offset + length > flushed { flush() }
        bytes.reserveCapacity(length)
        bytes.append(contentsOf: repeatElement(0, count: length))
        guard failure == nil else { return }
        bytes.withUnsafeMutableBytes { raw in
            var done = 0
            while done < length {
                let n = pread(fd, raw.baseAddress! + done, length - done, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    failure = "cannot read back a temporary file in \(directory): \(n < 0 ? String(cString: strerror(errno)) : "it is shorter than written")"
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
