/// The topics Switchboard uses, by the part they play.
public enum TopicRole: String, Sendable, Hashable, CaseIterable {
    /// Raw Graph notifications written by the ingress.
    case notifications
    /// CloudEvents describing what happened to each call.
    case outcomes
    /// Records a worker could not process.
    case deadLetters = "dlq"

    /// The name the repository's `topics/` declarations give the role's topic, and so the default of
    /// every setting naming it (the ingress's, the worker's, the developer tooling's); the topology
    /// tests check the declarations still use it.
    public var defaultName: String {
        switch self {
        case .notifications: "calls.notifications"
        case .outcomes: "calls.redirect-outcomes"
        case .deadLetters: "calls.notifications.dlq"
        }
    }
}
