import Synchronization

/// The per-tenant token buckets of one client.
final class GraphRateLimiter: Sendable {
    private let limit: GraphRateLimit
    private let buckets = Mutex<[String: TokenBucket]>([:])

    init(limit: GraphRateLimit) {
        self.limit = limit
    }

    /// Reserves one request for `tenant`; the wait before sending, or `nil` when it exceeds `maximumWait`.
    func reserve(tenant: String, now: ContinuousClock.Instant, maximumWait: Duration) -> Duration? {
        buckets.withLock { buckets in
            var bucket = buckets[tenant] ?? TokenBucket(limit: limit, now: now)
            let wait = bucket.reserve(now: now, maximumWait: maximumWait)
            buckets[tenant] = bucket
            return wait
        }
    }
}
