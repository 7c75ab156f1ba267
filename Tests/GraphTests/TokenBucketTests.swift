@testable import Graph
import Testing

/// The per-tenant rate limit queues a burst behind the refill instead of refusing it.
@Suite struct TokenBucketTests {
    @Test("A full bucket admits its burst at once, then queues at the refill rate")
    func burstThenQueue() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(limit: GraphRateLimit(requests: 10, interval: .seconds(1)), now: start)
        for _ in 0..<10 {
            #expect(bucket.reserve(now: start, maximumWait: .seconds(1)) == .zero)
        }
        // 10 per second: the 11th waits 100 ms, the 12th 200 ms.
        #expect(bucket.reserve(now: start, maximumWait: .seconds(1)) == .milliseconds(100))
        #expect(bucket.reserve(now: start, maximumWait: .seconds(1)) == .milliseconds(200))
    }

    @Test("A wait beyond the caller's limit is refused and reserves nothing")
    func refusesBeyondDeadline() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(limit: GraphRateLimit(requests: 1, interval: .seconds(1)), now: start)
        #expect(bucket.reserve(now: start, maximumWait: .zero) == .zero)
        #expect(bucket.reserve(now: start, maximumWait: .milliseconds(500)) == nil)
        #expect(bucket.reserve(now: start, maximumWait: .seconds(2)) == .seconds(1))
    }

    @Test("Tokens come back with time, up to the burst size")
    func refills() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(limit: GraphRateLimit(requests: 4, interval: .seconds(1)), now: start)
        for _ in 0..<4 { _ = bucket.reserve(now: start, maximumWait: .zero) }
        #expect(bucket.reserve(now: start, maximumWait: .zero) == nil)
        #expect(bucket.reserve(now: start + .milliseconds(250), maximumWait: .zero) == .zero)
        let later = start + .seconds(60)
        for _ in 0..<4 { #expect(bucket.reserve(now: later, maximumWait: .zero) == .zero) }
        #expect(bucket.reserve(now: later, maximumWait: .zero) == nil)
    }
}

/// Per-tenant state is bounded, so a stream of odd tenants cannot grow memory.
@Suite struct TenantTableTests {
    @Test("past its capacity the least recently used tenants go; a used one stays")
    func leastRecentlyUsedGoFirst() {
        var table = TenantTable<Int>(capacity: 10)
        for index in 0..<10 { table.update("t\(index)", make: { index }) { _ in } }
        table.update("t0", make: { -1 }) { _ in }  // t0 used again: now the most recent
        table.update("t10", make: { 10 }) { _ in }
        #expect(table.count == 10)
        #expect(table["t0"] == 0, "recently used")
        #expect(table["t1"] == nil, "least recently used")
        #expect(table["t10"] == 10)
    }

    @Test("the rate limiter keeps at most its tenant bound however many tenants come")
    func rateLimiterBounded() {
        let limiter = GraphRateLimiter(limit: GraphRateLimit(requests: 100, interval: .seconds(15)), maxTenants: 50)
        let now = ContinuousClock.now
        for index in 0..<1_000 {
            _ = limiter.reserve(tenant: "tenant-\(index)", now: now, maximumWait: .seconds(1))
        }
        #expect(limiter.tenantCount <= 50)
    }
}
