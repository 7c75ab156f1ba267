public import Foundation

/// When things happened to a call, for latency dashboards and deadline alerts.
public struct OutcomeTimings: Sendable, Hashable {
    /// When the ingress received the notification (its `switchboard-received-at` header).
    public var receivedAt: Date?
    /// When the rules decided.
    public var decidedAt: Date?
    /// When the outcome was settled (Graph answered, gave up, or the call ended).
    public var finishedAt: Date
    /// `finishedAt - receivedAt`, in milliseconds.
    public var latencyMilliseconds: Int?
    /// Time left in the call's window when Graph accepted or refused, in milliseconds; negative if late.
    public var deadlineSlackMilliseconds: Int?

    /// Creates timings; the latency and slack are computed from the given instants.
    ///
    /// Instants are rounded to whole milliseconds, the precision of the encoded event, so an event
    /// read back from Kafka compares equal to the one written.
    public init(receivedAt: Date?, decidedAt: Date? = nil, finishedAt: Date, deadline: Date? = nil) {
        self.receivedAt = receivedAt.map(OutcomeTimestamp.rounded)
        self.decidedAt = decidedAt.map(OutcomeTimestamp.rounded)
        self.finishedAt = OutcomeTimestamp.rounded(finishedAt)
        let finished = OutcomeTimestamp.milliseconds(finishedAt)
        self.latencyMilliseconds = receivedAt.map { Int(finished - OutcomeTimestamp.milliseconds($0)) }
        self.deadlineSlackMilliseconds = deadline.map { Int(OutcomeTimestamp.milliseconds($0) - finished) }
    }
}
