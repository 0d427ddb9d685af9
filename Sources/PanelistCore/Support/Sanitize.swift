/// Making untrusted review text safe for each place it is printed.
public enum Sanitize {
    /// Drops C0/C1 control characters (escape sequences included) except tab and newline.
    public static func terminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isControl(scalar) { out.append(scalar) }
        return String(out)
    }

    /// Terminal-safe and on one line.
    public static func oneLine(_ text: String) -> String {
        terminal(text).split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// A name (a file name above all) for one line of text: control characters,
    /// newlines and bidi overrides shown as escapes (`\x1b`, `\n`, `\u{202e}`), so
    /// the name stays recognisable and nothing acts on the terminal.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) || $0 == "\n" || $0 == "\t" || isLineBreak($0) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if isControl(scalar) || isLineBreak(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    out += scalar.value < 0x100 ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u{\(hex)}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    private static func isLineBreak(_ s: Unicode.Scalar) -> Bool { s == "\u{2028}" || s == "\u{2029}" }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\n" || s == "\t" { return false }
        return s.value < 0x20 || (0x7F...0x9F).contains(s.value)
            || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value) // bidi overrides
            || s.value == 0x200E || s.value == 0x200F || s.value == 0x061C // bidi marks
    }

    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in terminal(text) {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A CSV field: quoted when needed, and defused when a spreadsheet would read it as a formula.
    public static func csvField(_ text: String) -> String {
        var value = terminal(text)
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    /// Review text inside Markdown (a table cell, a heading, a list item): one
    /// line, every character that could start a link, image, emphasis, code,
    /// heading or autolink backslash-escaped, then HTML-escaped, so renderers
    /// show the text and nothing in it acts (no live link, no remote image).
    public static func markdownCell(_ text: String) -> String {
        var escaped = ""
        let line = oneLine(text)
        escaped.reserveCapacity(line.utf8.count)
        var previous: [Character] = []
        for ch in line {
            if markdownSpecials.contains(ch) { escaped += "\\" }
            // www.example.com autolinks without a scheme.
            if ch == ".", previous.count == 3, String(previous).lowercased() == "www" { escaped += "\\" }
            escaped.append(ch)
            previous.append(ch)
            if previous.count > 3 { previous.removeFirst() }
        }
        // Backslash escapes, not HTML entities: `\<` reads as `<` and opens no tag.
        return escaped
    }

    /// `:` and `@` break autolinks (`https://…`, `a@b.example`); the rest are Markdown syntax.
    static let markdownSpecials: Set<Character> = ["\\", "`", "*", "_", "[", "]", "(", ")", "#", "!", "|", "~", ":", "@", "{", "}", "<", ">", "&"]
}
