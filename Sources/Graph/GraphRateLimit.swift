/// A client-side request budget per tenant: a token bucket refilled evenly over an interval.
///
/// Graph publishes 50,000 requests per 15 seconds per application per tenant for calls; staying
/// under that locally turns a burst into a short queue instead of a wave of 429s.
public struct GraphRateLimit: Sendable, Hashable {
    /// Requests allowed per `interval` (also the burst size), default 50,000.
    public var requests: Int
    /// The interval the budget refills over, default 15 s.
    public var interval: Duration

    /// Creates a limit; the defaults are Graph's published limit for the calls API.
    public init(requests: Int = 50_000, interval: Duration = .seconds(15)) {
        precondition(requests >= 1 && interval > .zero, "a rate limit needs a positive budget and interval")
        self.requests = requests
        self.interval = interval
    }
}

/// One tenant's bucket. Requests reserve a token; when none is left they queue behind the refill,
/// so the balance may go negative by the number of queued requests.
struct TokenBucket: Sendable, Hashable {
    private(set) var tokens: Double
    private(set) var updatedAt: ContinuousClock.Instant
    let limit: GraphRateLimit

    init(limit: GraphRateLimit, now: ContinuousClock.Instant) {
        self.limit = limit
        self.tokens = Double(limit.requests)
        self.updatedAt = now
    }

    private var tokensPerSecond: Double {
        let seconds = Double(limit.interval.components.seconds) + Double(limit.interval.components.attoseconds) / 1e18
        return Double(limit.requests) / seconds
    }

    /// Reserves one request and returns how long to wait before sending it, or `nil` (and no
    /// reservation) when that wait would exceed `maximumWait`.
    mutating func reserve(now: ContinuousClock.Instant, maximumWait: Duration) -> Duration? {
        if now > updatedAt {
            let elapsed = now - updatedAt
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(Double(limit.requests), tokens + seconds * tokensPerSecond)
            updatedAt = now
        }
        let balance = tokens - 1
        let wait: Duration = balance >= 0 ? .zero : .nanoseconds(Int64((-balance / tokensPerSecond * 1e9).rounded(.up)))
        guard wait <= maximumWait else { return nil }
        tokens = balance
        return wait
    }
}
