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
