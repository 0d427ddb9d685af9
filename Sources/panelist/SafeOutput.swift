import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PanelistCore

/// Where `--output` goes, decided once for every command and format:
/// - a path that is one of the inputs is refused (exit 2), never overwritten;
/// - a regular file (or a new one) is written to a temporary file beside it and
///   renamed over it at the end, so an interrupted run leaves the old file whole;
///   through a symlink, the file it points at is replaced and the link kept;
/// - anything else (a device such as /dev/null or /dev/stdout, a FIFO, a socket,
///   or a symlink to one) is opened and written in place, never replaced.
struct SafeOutput {
    let fd: Int32
    /// The temporary file to rename over `destination`, when writing a regular file.
    let temporary: String?
    let destination: String
    let shown: String

    /// Refuses an output that is one of the inputs: the same file (device and inode), whatever the spelling.
    static func refuseInput(_ output: String?, inputs: [String], extensions: Set<String>) throws {
        guard let output else { return }
        var target = stat()
        guard stat(output, &target) == 0, (target.st_mode & S_IFMT) == S_IFREG else { return }
        let inputs = inputs.isEmpty ? ["corpus"] : inputs // the commands' default
        let (files, _) = CorpusAnalyzer.inputFiles(inputs, extensions: extensions)
        for file in Set(files + inputs) {
            var s = stat()
            if stat(file, &s) == 0, s.st_dev == target.st_dev, s.st_ino == target.st_ino {
                CLI.error("\(output): --output names an input (\(file)), which would be overwritten: write the output somewhere else")
                throw ExitCode(2)
            }
        }
    }

    static func open(_ path: String) throws -> SafeOutput {
        var s = stat()
        if stat(path, &s) == 0, (s.st_mode & S_IFMT) != S_IFREG {
            if (s.st_mode & S_IFMT) == S_IFDIR {
                CLI.error("\(path): --output names a directory: give a file name")
                throw ExitCode(1)
            }
            // A device, FIFO or socket (or a link to one): written in place, never replaced.
            let fd = Glibc.open(path, O_WRONLY)
            guard fd >= 0 else {
                CLI.error("\(path): cannot open the output for writing: \(String(cString: strerror(errno)))")
                throw ExitCode(1)
            }
            return SafeOutput(fd: fd, temporary: nil, destination: path, shown: path)
        }
        // A symlink to a regular file: replace the file it points at, keep the link.
        let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { link in
            link.hasPrefix("/") ? link : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
        } ?? path
        let dir = (destination as NSString).deletingLastPathComponent
        let temp = (dir.isEmpty ? "." : dir) + "/.\((destination as NSString).lastPathComponent).\(getpid()).tmp"
        let existed = stat(destination, &s) == 0
        let fd = Glibc.open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, existed ? s.st_mode & 0o7777 : 0o644)
        guard fd >= 0 else {
            CLI.error("\(path): cannot write the output file: check the directory exists and is writable")
            throw ExitCode(1)
        }
        if existed { fchmod(fd, s.st_mode & 0o7777) } // the umask must not narrow an existing file's mode
        return SafeOutput(fd: fd, temporary: temp, destination: destination, shown: path)
    }

    /// Renames the temporary file into place when the writing went well; removes it otherwise.
    func finish(ok: Bool) throws {
        guard let temporary else {
            if !ok { CLI.error("\(shown): write failed"); throw ExitCode(1) }
            return
        }
        guard ok, rename(temporary, destination) == 0 else {
            unlink(temporary)
            CLI.error("\(shown): cannot write the output file: check the disk has room and the directory is writable")
            throw ExitCode(1)
        }
    }

    /// Writes all of `text` and finishes.
    static func write(_ text: String, to path: String) throws {
        let out = try open(path)
        var ok = true
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(out.fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { ok = false; return }
                done += n
            }
        }
        if close(out.fd) != 0 { ok = false }
        try out.finish(ok: ok)
    }
}
