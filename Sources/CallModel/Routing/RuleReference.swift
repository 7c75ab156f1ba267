/// Which rule decided: its name and position, or the file's default.
public struct RuleReference: Sendable, Hashable, Codable {
    /// The rule's `name`, or `"default"` for the default action.
    public var name: String
    /// The rule's position in `rules` (0-based); `nil` for the default action.
    public var index: Int?

    /// Creates a reference.
    public init(name: String, index: Int?) {
        self.name = name
        self.index = index
    }

    /// The reference to the file's `default` action.
    public static let `default` = RuleReference(name: "default", index: nil)

    /// Whether this is the default action rather than a rule.
    public var isDefault: Bool { index == nil }

    /// `rules[2] (vip-callers)` or `default`.
    public var label: String {
        guard let index else { return "default" }
        return "rules[\(index)] (\(name))"
    }
}
