import Synchronization

/// The per-tenant token buckets of one client, for at most `maxTenants` tenants (least recently used go first).
final class GraphRateLimiter: Sendable {
    private let limit: GraphRateLimit
    private let buckets: Mutex<TenantTable<TokenBucket>>

    init(limit: GraphRateLimit, maxTenants: Int = GraphRateLimiter.defaultMaxTenants) {
        self.limit = limit
        self.buckets = Mutex(TenantTable(capacity: maxTenants))
    }

    /// Tenants one client keeps state for: far more than a bot serves, few enough to bound memory.
    static let defaultMaxTenants = 10_000

    /// How many tenants have a bucket.
    var tenantCount: Int { buckets.withLock { $0.count } }

    /// Reserves one request for `tenant`; the wait before sending, or `nil` when it exceeds `maximumWait`.
    func reserve(tenant: String, now: ContinuousClock.Instant, maximumWait: Duration) -> Duration? {
        buckets.withLock { buckets in
            buckets.update(tenant, make: { TokenBucket(limit: limit, now: now) }) { bucket in
                bucket.reserve(now: now, maximumWait: maximumWait)
            }
        }
    }
}
