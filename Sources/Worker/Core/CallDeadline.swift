import Foundation

/// When a call offered to the bot must have been redirected, from the earliest local evidence of
/// the offer: the time the ingress received the notification.
struct CallDeadline: Sendable, Hashable {
    /// When the ingress received the notification (or, without that header, when the record was written).
    let receivedAt: Date
    /// When Graph stops offering the call: `receivedAt` + window.
    let windowEnd: Date
    /// The last moment a redirect may still be sent: `receivedAt` + window − safety margin.
    let deadline: Date

    /// Computes the deadline of a notification.
    ///
    /// - Parameters:
    ///   - receivedAtHeader: The `switchboard-received-at` header: milliseconds since the epoch.
    ///   - recordTimestamp: The Kafka record's timestamp, used when the header is absent or unreadable,
    ///     or when it is earlier than the header: the ingress stamps both, the header first, so a later
    ///     header is a forged or broken one and must not stretch the call's window.
    ///   - window: How long Graph offers a call (15 s).
    ///   - safetyMargin: Time kept in hand for the request to reach Graph.
    /// - Returns: `nil` when neither the header nor the timestamp is available.
    init?(receivedAtHeader: String?, recordTimestamp: Date?, window: Duration, safetyMargin: Duration) {
        if let header = receivedAtHeader, let millis = Int64(header), millis > 0 {
            let stamped = Date(timeIntervalSince1970: Double(millis) / 1000)
            let earliest = recordTimestamp.map { min($0, stamped) } ?? stamped
            self.init(receivedAt: earliest, window: window, safetyMargin: safetyMargin)
        } else if let recordTimestamp {
            self.init(receivedAt: recordTimestamp, window: window, safetyMargin: safetyMargin)
        } else {
            return nil
        }
    }

    /// The deadline of a notification received at `receivedAt`.
    init(receivedAt: Date, window: Duration, safetyMargin: Duration) {
        self.receivedAt = receivedAt
        self.windowEnd = receivedAt.addingTimeInterval(window.timeInterval)
        self.deadline = receivedAt.addingTimeInterval((window - safetyMargin).timeInterval)
    }

    /// The deadline as this worker may trust it: a notification cannot have been received after the worker
    /// first saw it, so a `receivedAt` later than `seenAt` (the ingress's clock ahead of this host's) is
    /// taken as `seenAt`, and clock skew between hosts never stretches a call past Graph's window.
    ///
    /// - Returns: The capped deadline and the skew found (zero when the clocks agree or the ingress is behind).
    func capped(seenAt: Date, window: Duration, safetyMargin: Duration) -> (deadline: CallDeadline, skew: TimeInterval) {
        let skew = receivedAt.timeIntervalSince(seenAt)
        guard skew > 0 else { return (self, 0) }
        return (CallDeadline(receivedAt: seenAt, window: window, safetyMargin: safetyMargin), skew)
    }

    /// The time left before the deadline at `now`; negative once it has passed.
    func remaining(at now: Date) -> Duration {
        // Bounded to ±1,000 years before the conversion to Int64, which traps past 2^63: a record
        // without a timestamp can still carry any header value.
        let milliseconds = (deadline.timeIntervalSince(now) * 1000).rounded(.down)
        return .milliseconds(Int64(max(-Self.boundMilliseconds, min(Self.boundMilliseconds, milliseconds))))
    }

    private static let boundMilliseconds = 1000 * 365.25 * 86_400_000.0

    /// The deadline on the monotonic clock the Graph client measures with, given the wall-clock `now`
    /// read at `instant`.
    func instant(now: Date, at instant: ContinuousClock.Instant) -> ContinuousClock.Instant {
        instant.advanced(by: remaining(at: now))
    }
}
