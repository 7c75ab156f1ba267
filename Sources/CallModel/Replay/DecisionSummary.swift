/// What one rule set decided for one call, reduced to what a comparison of rule sets needs:
/// the action as the caller experiences it and the rule that chose it.
///
/// Two decisions disagree when their ``action`` texts differ: a different verb, different redirect
/// targets or options, or a different reject reason. The `ignore` reason is not part of the action
/// (the caller hears the same either way).
public struct DecisionSummary: Sendable, Hashable, Comparable {
    /// `redirect to …` (the plan's summary), `reject (busy)`, `ignore`, or `no match`.
    public var action: String
    /// The deciding rule's name, `default`, or `none` when nothing matched and there is no default.
    public var rule: String

    /// Creates a summary from its parts.
    public init(action: String, rule: String) {
        self.action = action
        self.rule = rule
    }

    /// Summarises a decision.
    public init(_ decision: RoutingDecision) {
        switch decision.action {
        case let .redirect(plan): action = plan.summary
        case let .reject(reason): action = "reject (\(reason.rawValue))"
        case .ignore: action = "ignore"
        case .noMatch: action = "no match"
        }
        rule = decision.rule?.name ?? "none"
    }

    /// Whether the caller would be treated differently (the rule name alone does not count).
    public func disagrees(with other: DecisionSummary) -> Bool {
        action != other.action
    }

    /// Orders by action, then rule, so tables read the same on every run.
    public static func < (lhs: DecisionSummary, rhs: DecisionSummary) -> Bool {
        (lhs.action, lhs.rule) < (rhs.action, rhs.rule)
    }
}
