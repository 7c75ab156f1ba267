/// The outcome of evaluating the rules for one call at one instant.
public struct RoutingDecision: Sendable, Hashable {
    /// What to do with the call.
    public enum Action: Sendable, Hashable {
        /// Redirect with this plan.
        case redirect(RedirectPlan)
        /// Leave the call alone, for this reason (from the rule's `ignore.reason`).
        case ignore(reason: String?)
        /// Refuse the call with Graph's `reject`, for this reason.
        case reject(RejectReason)
        /// No rule matched and the file has no default.
        case noMatch
    }

    /// The rule that decided; `nil` when nothing matched and there is no default.
    public var rule: RuleReference?
    /// What to do.
    public var action: Action
    /// Why, for logs and outcomes: the conditions that matched, or why each rule did not.
    public var explanation: String

    /// Creates a decision.
    public init(rule: RuleReference?, action: Action, explanation: String) {
        self.rule = rule
        self.action = action
        self.explanation = explanation
    }

    /// The plan when the decision is to redirect.
    public var redirectPlan: RedirectPlan? {
        if case let .redirect(plan) = action { return plan }
        return nil
    }
}
