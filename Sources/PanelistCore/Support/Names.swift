/// Names compare without case and with runs of white space folded, so
/// "Cursor", "cursor" and "Cursor " are one tool.
public enum Names {
    public static func key(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
