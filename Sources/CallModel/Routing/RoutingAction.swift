/// What a rule (or the default) does with a call.
public enum RoutingAction: Sendable, Hashable {
    /// Redirect the call with this plan.
    case redirect(RedirectPlan)
    /// Leave the call alone (it rings out at the bot); the reason goes into the outcome.
    case ignore(reason: String?)
    /// Refuse the call at once with Graph's `reject` (the caller hears busy or a refusal).
    case reject(RejectReason)

    /// One line for `rules check` and logs.
    public var summary: String {
        switch self {
        case let .redirect(plan): plan.summary
        case let .ignore(reason?): "ignore (\(reason))"
        case .ignore(nil): "ignore"
        case let .reject(reason): "reject (reason \(reason.rawValue))"
        }
    }
}
