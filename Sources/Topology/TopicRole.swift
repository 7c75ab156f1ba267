/// The topics Switchboard uses, by the part they play.
public enum TopicRole: String, Sendable, Hashable, CaseIterable {
    /// Raw Graph notifications written by the ingress.
    case notifications
    /// CloudEvents describing what happened to each call.
    case outcomes
    /// Records a worker could not process.
    case deadLetters = "dlq"
}
