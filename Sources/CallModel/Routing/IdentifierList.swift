/// A list of ids or names from a rules file, matched ignoring ASCII letter case.
public struct IdentifierList: Sendable, Hashable {
    /// The values as written in the file, for display.
    public let values: [String]
    private let keys: Set<String>

    /// Up to this many values are compared one by one, which beats hashing for short lists.
    private static let linearSearchLimit = 8

    /// Creates a list.
    public init(_ values: [String]) {
        self.values = values
        self.keys = Set(values.map(asciiLowercased))
    }

    /// Whether `value` is in the list, ignoring letter case.
    public func contains(_ value: String) -> Bool {
        if values.count <= Self.linearSearchLimit {
            return values.contains { $0 == value || asciiCaseInsensitiveEquals($0, value) }
        }
        return keys.contains(asciiLowercased(value))
    }

    /// `[a, b, c]`, shortened after a few values.
    var summary: String {
        let shown = values.prefix(3).joined(separator: ", ")
        return values.count > 3 ? "[\(shown), … \(values.count - 3) more]" : "[\(shown)]"
    }
}
