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

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\n" || s == "\t" { return false }
        return s.value < 0x20 || (0x7F...0x9F).contains(s.value)
            || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value) // bidi overrides
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

    /// Markdown table cell: no pipes or newlines, HTML-escaped so renderers show text.
    public static func markdownCell(_ text: String) -> String {
        html(oneLine(text)).replacingOccurrences(of: "|", with: "\\|")
    }
}
