/// What happened to a call, as published on the outcomes topic.
public enum OutcomeType: String, Sendable, Hashable, CaseIterable {
    /// Graph accepted the redirect (202).
    case redirected
    /// Graph accepted the reject (202): the caller was refused at once, with ``CallOutcome/rejectReason``.
    case rejected
    /// Graph refused the redirect or every attempt failed.
    case failed
    /// The call's 15-second window passed before a redirect could be sent.
    case expired
    /// A rule (or the default) said to ignore the call, or no rule matched.
    case ignored
    /// A repeated notification for a call that already has, or is getting, an outcome.
    case duplicate
    /// The call ended (Graph's `terminated` notification), with its `resultInfo`; it settles any earlier outcome.
    case completed
    /// Written ahead of a call's first Graph attempt (and acknowledged by the brokers before the attempt):
    /// not a decision, but a marker that tells the partition's next owner Graph may have acted on the call.
    case attempting
    /// Graph may have redirected (or rejected) the call but nobody can know yet: an attempt may have reached Graph
    /// (a timeout or 5xx after sending, or a previous owner's attempt) and no later answer settled it.
    /// The call's `completed` outcome settles it.
    case unconfirmed

    /// The CloudEvents `type`: `com.switchboard.call.redirected`, ….
    public var cloudEventType: String {
        OutcomeType.cloudEventTypePrefix + rawValue
    }

    /// Whether this is the call's one final decision outcome (its event id is the call's key).
    public var isFinal: Bool {
        switch self {
        case .redirected, .rejected, .failed, .expired, .ignored, .unconfirmed: true
        case .duplicate, .completed, .attempting: false
        }
    }

    /// The type for a CloudEvents `type` attribute; `nil` when it is not one of ours.
    public init?(cloudEventType: String) {
        guard cloudEventType.hasPrefix(Self.cloudEventTypePrefix) else { return nil }
        self.init(rawValue: String(cloudEventType.dropFirst(Self.cloudEventTypePrefix.count)))
    }

    static let cloudEventTypePrefix = "com.switchboard.call."
}
