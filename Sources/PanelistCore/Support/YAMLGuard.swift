import CYaml

/// Bounds on a YAML document, checked before Yams builds its tree: Yams
/// composes recursively (5,000 levels overflow the stack) and expands every
/// alias (a "billion laughs" document grows without limit).
public struct YAMLLimits: Sendable, Equatable {
    /// Largest document in bytes.
    public var maxBytes: Int
    /// Deepest nesting of sequences and mappings.
    public var maxDepth: Int
    /// Most aliases (`*name`).
    public var maxAliases: Int
    /// Most nodes once every alias is expanded.
    public var maxNodes: Int

    public init(maxBytes: Int = 4 << 20, maxDepth: Int = 64, maxAliases: Int = 256, maxNodes: Int = 1_000_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAliases = maxAliases
        self.maxNodes = maxNodes
    }

    /// Rule files and `.panelist.yml`: 4 MiB, depth 64, 256 aliases, a million nodes.
    public static let rules = YAMLLimits()
    /// A draft's front matter is a handful of fields: 64 KiB, depth 16, no more than 16 aliases.
    public static let frontMatter = YAMLLimits(maxBytes: 64 << 10, maxDepth: 16, maxAliases: 16, maxNodes: 10_000)
}

/// Walks a YAML document's events with libyaml (iterative, no tree) and says
/// which limit it breaks, if any, and where.
public enum YAMLGuard {
    public struct Violation: Error, Sendable, Equatable, CustomStringConvertible {
        /// 1-based line and column of the event that broke the limit.
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { message }
    }

    /// nil when the document is within the limits, or when it is not valid
    /// YAML before any limit is reached (Yams then reports the syntax error).
    public static func check(_ text: String, limits: YAMLLimits) -> Violation? {
        let count = text.utf8.count
        if count > limits.maxBytes {
            return Violation(line: 1, column: 1, message: "the YAML is \(count) bytes, over the limit of \(limits.maxBytes)")
        }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> Violation? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var depth = 0
            var aliases = 0
            var nodes = 0
            // Node count at each open collection's start, and its anchor.
            var open: [(start: Int, anchor: String?)] = []
            var sizes: [String: Int] = [:]
            func anchorName(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                p.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                func violation(_ message: String) -> Violation {
                    Violation(line: Int(mark.line) + 1, column: Int(mark.column) + 1, message: message)
                }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    nodes += 1
                    if let a = anchorName(event.data.scalar.anchor) { sizes[a] = 1 }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    nodes += 1
                    depth += 1
                    if depth > limits.maxDepth {
                        return violation("the YAML nests deeper than \(limits.maxDepth) levels")
                    }
                    let anchor = event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                    open.append((nodes, anchorName(anchor)))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                    if let (start, anchor) = open.popLast(), let anchor { sizes[anchor] = nodes - start + 1 }
                case YAML_ALIAS_EVENT:
                    aliases += 1
                    if aliases > limits.maxAliases {
                        return violation("the YAML has more than \(limits.maxAliases) aliases")
                    }
                    let size = anchorName(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1
                    nodes += size
                default:
                    break
                }
                if nodes > limits.maxNodes {
                    return violation("the YAML expands to more than \(limits.maxNodes) nodes (aliases included)")
                }
            }
        }
    }
}
