import Foundation

/// A gitignore-style glob: `*` and `?` stay within a path component, `**` crosses them,
/// a pattern without a slash matches a name at any depth, a leading or inner slash anchors it
/// to its base directory, a trailing slash matches directories only, `!` re-includes.
public struct Glob: Sendable, CustomStringConvertible {
    public let pattern: String
    public let negated: Bool
    public let directoryOnly: Bool
    private let regex: NSRegularExpression?

    public var description: String { pattern }

    /// nil for blank lines and `#` comments.
    public init?(_ text: String) {
        var p = text.trimmingCharacters(in: .whitespaces)
        guard !p.isEmpty, !p.hasPrefix("#") else { return nil }
        pattern = p
        negated = p.hasPrefix("!")
        if negated { p.removeFirst() }
        if p.hasPrefix("\\") { p.removeFirst() }
        directoryOnly = p.hasSuffix("/")
        while p.hasSuffix("/") { p.removeLast() }
        guard !p.isEmpty else { return nil }
        let anchored = p.dropLast().contains("/")
        while p.hasPrefix("/") { p.removeFirst() }
        if p.hasPrefix("./") { p.removeFirst(2) }
        regex = try? NSRegularExpression(pattern: (anchored ? "^" : "^(?:.*/)?") + Glob.translate(p) + "$")
    }

    static func translate(_ glob: String) -> String {
        var out = ""
        let chars = Array(glob.unicodeScalars)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "*":
                if i + 1 < chars.count, chars[i + 1] == "*" {
                    let atStart = i == 0 || chars[i - 1] == "/"
                    let slashAfter = i + 2 < chars.count && chars[i + 2] == "/"
                    if atStart && slashAfter { out += "(?:.*/)?"; i += 3; continue }
                    out += ".*"; i += 2; continue
                }
                out += "[^/]*"
            case "?": out += "[^/]"
            case "[":
                if let close = chars[(i + 1)...].firstIndex(of: "]"), close > i + 1 {
                    var body = String(String.UnicodeScalarView(chars[(i + 1)..<close]))
                    if body.hasPrefix("!") { body = "^" + body.dropFirst() }
                    out += "[" + body.replacingOccurrences(of: "\\", with: "\\\\") + "]"
                    i = close
                } else {
                    out += "\\["
                }
            default:
                out += NSRegularExpression.escapedPattern(for: String(c))
            }
            i += 1
        }
        return out
    }

    /// Whether `relative` (a path below the glob's base, with `/` separators) matches.
    public func matches(_ relative: String, isDirectory: Bool) -> Bool {
        guard let regex, !directoryOnly || isDirectory else { return false }
        return regex.firstMatch(in: relative, range: NSRange(relative.startIndex..., in: relative)) != nil
    }

    /// Whether the path or one of its parent directories (below the base) matches.
    public func matchesPathOrParent(_ relative: String, isDirectory: Bool) -> Bool {
        let parts = relative.split(separator: "/")
        for k in 1...max(parts.count, 1) where k <= parts.count {
            let prefix = parts[0..<k].joined(separator: "/")
            if matches(prefix, isDirectory: k < parts.count || isDirectory) { return true }
        }
        return false
    }
}

/// The globs of one ignore file, relative to the directory that holds it. The last matching glob wins.
public struct IgnoreList: Sendable {
    public var base: String
    public var globs: [Glob]

    public init(base: String, globs: [Glob]) {
        self.base = base
        self.globs = globs
    }

    public init(base: String, text: String) {
        self.init(base: base, globs: text.split(whereSeparator: \.isNewline).compactMap { Glob(String($0)) })
    }

    /// true: ignored, false: re-included with `!`, nil: no glob speaks to the path.
    public func verdict(_ path: String, isDirectory: Bool) -> Bool? {
        guard let relative = InputWalk.relative(path, to: base) else { return nil }
        var verdict: Bool? = nil
        for glob in globs where glob.matches(relative, isDirectory: isDirectory) { verdict = !glob.negated }
        return verdict
    }
}

/// How directories are walked for inputs: `--glob`, `--exclude`, `.panelistignore`, hidden files.
public struct InputWalk: Sendable {
    /// A file found under a directory must match one of these (when any), relative to that directory.
    public var include: [Glob] = []
    /// Files and directories matching one of these are left out.
    public var exclude: [Glob] = []
    /// Read `.panelistignore` files (gitignore syntax) in each walked directory and its parents.
    public var ignoreFiles = true
    /// Walk into hidden files and directories (names starting with '.').
    public var hidden = false
    /// Further lists to honour (a lint config's `ignore:` globs): given a walked directory's absolute
    /// path and whether it is where the walk starts, the lists that begin to apply there.
    public var extraIgnores: (@Sendable (_ directory: String, _ isRoot: Bool) -> [IgnoreList])? = nil

    public static let ignoreFileName = ".panelistignore"

    public init(include: [String] = [], exclude: [String] = [], ignoreFiles: Bool = true, hidden: Bool = false) {
        self.include = include.compactMap(Glob.init)
        self.exclude = exclude.compactMap(Glob.init)
        self.ignoreFiles = ignoreFiles
        self.hidden = hidden
    }

    /// `path` relative to `base`, or nil when it is not below it.
    static func relative(_ path: String, to base: String) -> String? {
        let p = normalize(path), b = normalize(base)
        if b == "." { return p.hasPrefix("../") || p.hasPrefix("/") ? nil : p }
        guard p.hasPrefix(b + "/") else { return nil }
        return String(p.dropFirst(b.count + 1))
    }

    /// Absolute-or-relative path with `./`, `//` and trailing slashes removed.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// The ignore lists that apply inside `directory`: its own `.panelistignore` and its parents'.
    func ignoreLists(parentsOf directory: String) -> [IgnoreList] {
        guard ignoreFiles else { return [] }
        var lists: [IgnoreList] = []
        var dir = URL(fileURLWithPath: directory).standardizedFileURL
        for _ in 0..<64 {
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
            let file = dir.appendingPathComponent(Self.ignoreFileName).path
            if let data = FileManager.default.contents(atPath: file) {
                lists.insert(IgnoreList(base: dir.path, text: String(decoding: data, as: UTF8.self)), at: 0)
            }
        }
        return lists
    }

    /// Files under `paths` with one of `extensions`, each directory's files sorted; explicit files are kept
    /// whatever their name. A missing path is a diagnostic; `-` or the standard input's name is standard input.
    public func files(_ paths: [String], extensions: Set<String>) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default
        for path in paths {
            if StandardInput.name == path { files.append(path); continue }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                diagnostics.append(Diagnostic(.error, file: path, code: "input.missing", "no such file or directory: check the path"))
                continue
            }
            if !isDir.boolValue { files.append(path); continue }
            let absoluteRoot = URL(fileURLWithPath: path).standardizedFileURL.path
            var inherited = ignoreLists(parentsOf: absoluteRoot)
            inherited += extraIgnores?(absoluteRoot, true) ?? []
            guard fm.isReadableFile(atPath: path) else {
                diagnostics.append(Diagnostic(.error, file: path, code: "input.unreadable", "cannot list the directory: check its permissions"))
                continue
            }
            var found: [(relative: String, full: String)] = []
            walk(directory: path, absolute: absoluteRoot, relative: "", lists: inherited, extensions: extensions, into: &found)
            // Sorted by the whole relative path, so a directory's files and its subdirectories' interleave by name.
            files += found.sorted { $0.relative < $1.relative }.map(\.full)
        }
        var seen = Set<String>()
        return (files.filter { seen.insert($0).inserted }, diagnostics)
    }

    private func walk(directory: String, absolute: String, relative: String, lists: [IgnoreList],
                      extensions: Set<String>, into files: inout [(relative: String, full: String)]) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return }
        var lists = lists
        if ignoreFiles, let data = fm.contents(atPath: (directory as NSString).appendingPathComponent(Self.ignoreFileName)) {
            lists.append(IgnoreList(base: absolute, text: String(decoding: data, as: UTF8.self)))
        }
        if !relative.isEmpty, let extra = extraIgnores?(absolute, false) { lists += extra }
        for name in names.sorted() {
            if !hidden, name.hasPrefix(".") { continue }
            let full = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let abs = absolute == "/" ? "/" + name : absolute + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDir) else { continue }
            if exclude.contains(where: { $0.matches(rel, isDirectory: isDir.boolValue) }) { continue }
            var ignored = false
            for list in lists { if let v = list.verdict(abs, isDirectory: isDir.boolValue) { ignored = v } }
            if ignored { continue }
            if isDir.boolValue {
                walk(directory: full, absolute: abs, relative: rel, lists: lists, extensions: extensions, into: &files)
            } else {
                guard extensions.contains((name as NSString).pathExtension.lowercased()) else { continue }
                if !include.isEmpty, !include.contains(where: { $0.matches(rel, isDirectory: false) }) { continue }
                files.append((rel, full))
            }
        }
    }
}

/// Standard input as one named input: `-` on the command line, shown as `--stdin-name` (default `<stdin>`).
public enum StandardInput {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var stored: (name: String, data: Data, complete: Bool)?

    /// The name standard input goes by, once it has been read.
    public static var name: String? { lock.withLock { stored?.name } }

    /// `complete` is false when reading stopped past the file limit: the input is then refused, not analysed in part.
    public static func set(name: String, data: Data, complete: Bool = true) { lock.withLock { stored = (name, data, complete) } }

    /// The bytes of `path`: standard input's when the path is its name, else the file's.
    public static func contents(atPath path: String) -> Data? {
        if case .data(let data) = read(atPath: path) { return data }
        return nil
    }

    /// `contents`, bounded by `InputLimits.active.maxFileBytes`: a bigger input is refused, not read whole.
    public static func read(atPath path: String) -> InputLimits.ReadResult {
        if let s = lock.withLock({ stored }), s.name == path {
            guard s.complete, s.data.count <= InputLimits.active.maxFileBytes else { return .tooBig(size: s.complete ? s.data.count : nil) }
            return .data(s.data)
        }
        return InputLimits.read(path: path)
    }
}
