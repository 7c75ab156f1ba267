import Foundation
import Graph
import Testing

/// The retry policy on its own: what is retried, how long it waits, and that it never plans past the deadline.
@Suite struct GraphRetryPolicyTests {
    let policy = GraphRetryPolicy(
        baseDelay: .milliseconds(100), maxDelay: .seconds(2), maxAttempts: 6, minimumAttemptTime: .milliseconds(250))

    @Test("Throttling, server errors and transport failures are retried", arguments: [
        GraphRetryPolicy.Failure.status(429), .status(500), .status(502), .status(503), .status(504), .connection, .timeout,
    ])
    func retryable(_ failure: GraphRetryPolicy.Failure) {
        let step = policy.nextStep(
            afterAttempt: 1, failure: failure, retryAfter: nil, tokenRefreshed: false, remaining: .seconds(10), unitRandom: 0.5)
        #expect(step == .retry(after: .milliseconds(50), refreshToken: false))
    }

    @Test("Client errors are final", arguments: [400, 403, 404, 405, 409, 410, 413, 422, 501])
    func final(_ status: Int) {
        let step = policy.nextStep(
            afterAttempt: 1, failure: .status(status), retryAfter: nil, tokenRefreshed: false, remaining: .seconds(10), unitRandom: 0.5)
        #expect(step == .stop)
    }

    @Test("A 401 refreshes the token and retries at once, but only once")
    func unauthorizedOnce() {
        let first = policy.nextStep(
            afterAttempt: 1, failure: .status(401), retryAfter: nil, tokenRefreshed: false, remaining: .seconds(10), unitRandom: 0.9)
        #expect(first == .retry(after: .zero, refreshToken: true))
        let second = policy.nextStep(
            afterAttempt: 2, failure: .status(401), retryAfter: nil, tokenRefreshed: true, remaining: .seconds(10), unitRandom: 0.9)
        #expect(second == .stop)
    }

    @Test("Backoff is full jitter under an exponentially growing cap, bounded by maxDelay")
    func backoff() {
        #expect(policy.backoff(afterAttempt: 1, unitRandom: 0) == .zero)
        #expect(policy.backoff(afterAttempt: 1, unitRandom: 1) == .milliseconds(100))
        #expect(policy.backoff(afterAttempt: 2, unitRandom: 1) == .milliseconds(200))
        #expect(policy.backoff(afterAttempt: 3, unitRandom: 0.5) == .milliseconds(200))
        #expect(policy.backoff(afterAttempt: 5, unitRandom: 1) == .milliseconds(1600))
        #expect(policy.backoff(afterAttempt: 6, unitRandom: 1) == .seconds(2))
        #expect(policy.backoff(afterAttempt: 60, unitRandom: 1) == .seconds(2))
        let samples = (0..<1000).map { _ in policy.backoff(afterAttempt: 4, unitRandom: Double.random(in: 0..<1)) }
        #expect(samples.allSatisfy { $0 >= .zero && $0 <= .milliseconds(800) })
        #expect(Set(samples).count > 900)
    }

    @Test("Retry-After is honoured over the backoff, even beyond maxDelay")
    func retryAfterWins() {
        let step = policy.nextStep(
            afterAttempt: 1, failure: .status(429), retryAfter: .seconds(3), tokenRefreshed: false, remaining: .seconds(10),
            unitRandom: 0.5)
        #expect(step == .retry(after: .seconds(3), refreshToken: false))
    }

    @Test("A wait that leaves no room for a useful attempt before the deadline expires the redirect")
    func neverPastDeadline() {
        let tooLong = policy.nextStep(
            afterAttempt: 1, failure: .status(503), retryAfter: .seconds(5), tokenRefreshed: false, remaining: .seconds(5),
            unitRandom: 0.5)
        #expect(tooLong == .expire)
        let justFits = policy.nextStep(
            afterAttempt: 1, failure: .status(503), retryAfter: .milliseconds(4750), tokenRefreshed: false,
            remaining: .seconds(5), unitRandom: 0.5)
        #expect(justFits == .retry(after: .milliseconds(4750), refreshToken: false))
        let noTime = policy.nextStep(
            afterAttempt: 1, failure: .timeout, retryAfter: nil, tokenRefreshed: false, remaining: .milliseconds(200),
            unitRandom: 0)
        #expect(noTime == .expire)
    }

    @Test("The attempts run out")
    func maxAttempts() {
        let step = policy.nextStep(
            afterAttempt: 6, failure: .status(503), retryAfter: nil, tokenRefreshed: false, remaining: .seconds(10), unitRandom: 0)
        #expect(step == .stop)
    }

    @Test("Token failures are retried unless the identity platform refused the credentials or none could be presented")
    func tokenFailures() {
        #expect(GraphRetryPolicy.isRetryable(.token(status: nil)))
        #expect(GraphRetryPolicy.isRetryable(.token(status: 503)))
        #expect(!GraphRetryPolicy.isRetryable(.token(status: 401)))
        #expect(!GraphRetryPolicy.isRetryable(.token(status: 400)))
        #expect(!GraphRetryPolicy.isRetryable(.credential))
    }

    @Test("Retry-After as delta-seconds or an HTTP date")
    func retryAfterParsing() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(GraphRetryPolicy.retryAfter("41", now: now) == .seconds(41))
        #expect(GraphRetryPolicy.retryAfter(" 0 ", now: now) == .zero)
        #expect(GraphRetryPolicy.retryAfter("Tue, 14 Nov 2023 22:13:25 GMT", now: now) == .seconds(5))
        #expect(GraphRetryPolicy.retryAfter("Tuesday, 14-Nov-23 22:13:30 GMT", now: now) == .seconds(10))
        #expect(GraphRetryPolicy.retryAfter("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == .zero)
        #expect(GraphRetryPolicy.retryAfter("soon", now: now) == nil)
        // Far-future dates are capped, never a trap; the deadline check then ends the redirect.
        #expect(GraphRetryPolicy.retryAfter("Fri, 31 Dec 9999 23:59:59 GMT", now: now) == .seconds(86_400))
        #expect(GraphRetryPolicy.retryAfter("Mon Jan 1 00:00:00 999999999999", now: now).map { $0 <= .seconds(86_400) } ?? true)
    }
}

@Suite struct GraphRetryDefaultsTests {
    @Test("the default policy allows 10 attempts (the deadline remains the real bound), as the README says")
    func tenAttemptsByDefault() {
        #expect(GraphRetryPolicy().maxAttempts == 10)
        #expect(GraphClientConfiguration(clientID: "app", credential: .clientSecret("s")).retry.maxAttempts == 10)
    }
}
