/// One rule of a rules file: a name, conditions and an action.
public struct RoutingRule: Sendable, Hashable {
    /// The rule's unique name (letters, digits, `.`, `_`, `-`), used in logs, outcomes and metrics.
    public var name: String
    /// The rule's position in the file's `rules`, 0-based.
    public var index: Int
    /// When the rule applies.
    public var conditions: RuleConditions
    /// What it does.
    public var action: RoutingAction

    /// Creates a rule.
    public init(name: String, index: Int, conditions: RuleConditions, action: RoutingAction) {
        self.name = name
        self.index = index
        self.conditions = conditions
        self.action = action
    }

    /// The rule's reference for decisions and outcomes.
    public var reference: RuleReference {
        RuleReference(name: name, index: index)
    }

    /// `rules[0] pstn-line: when calledApplicationInstanceIds [..] → redirect to phone +12345678901`.
    public var summary: String {
        "rules[\(index)] \(name): when \(conditions.summary) → \(action.summary)"
    }
}
