public import Foundation

/// One recorded notification record, as the ingress wrote it to the notifications topic: the
/// envelope's bytes and when the ingress received it.
public struct RecordedNotification: Sendable, Hashable {
    /// Where the record came from, for reports: `calls.notifications[3]@1200` or `line 17`.
    public var source: String
    /// The notification envelope (`{"value": [...]}`) exactly as Graph posted it.
    public var body: [UInt8]
    /// When the ingress received it (the `switchboard-received-at` header, else the record timestamp);
    /// `nil` when the record carries neither.
    public var receivedAt: Date?

    /// Creates a recorded notification.
    public init(source: String, body: [UInt8], receivedAt: Date?) {
        self.source = source
        self.body = body
        self.receivedAt = receivedAt
    }
}
