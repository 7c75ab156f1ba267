/// How the bot answers an incoming call through Graph: each is one `POST /communications/calls/{id}/…`
/// sent with the same deadline, retries and idempotency (see `GraphClient.answer`).
public enum CallAnswer: String, Sendable, Hashable, CaseIterable {
    /// `POST …/redirect`: ring other targets.
    case redirect
    /// `POST …/reject`: refuse the call (busy, forbidden or no reason).
    case reject

    /// The last segment of the request path.
    public var pathComponent: String { rawValue }
}
