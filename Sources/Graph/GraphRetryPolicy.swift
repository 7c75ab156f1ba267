/// When and how long to wait before retrying a redirect: a pure value, no clock and no I/O.
///
/// Retried: 429, 500, 502, 503, 504, connection failures and timeouts; `Retry-After` is honoured
/// when Graph sends it, otherwise the wait is exponential backoff with full jitter
/// (uniform in `0 ... min(maxDelay, baseDelay × 2^(attempt−1))`). A 401 is retried once, at once,
/// with a fresh token. Every other status is final. A retry is only scheduled when its wait plus
/// `minimumAttemptTime` still fits in the time left before the call's deadline; otherwise the
/// redirect has expired.
public struct GraphRetryPolicy: Sendable, Hashable {
    /// The backoff cap for the first retry, default 100 ms.
    public var baseDelay: Duration
    /// The largest backoff (not `Retry-After`, which is always honoured), default 2 s.
    public var maxDelay: Duration
    /// The most attempts for one redirect, the first included, default 10.
    ///
    /// The deadline is what really bounds retries; the cap only stops a fast-failing Graph from being
    /// hammered. With the default backoff, ten attempts span a 15-second window, so a few seconds of
    /// 503s do not end a call that still has time.
    public var maxAttempts: Int
    /// The shortest time an attempt is worth sending with, default 250 ms: a request that could not
    /// reach Graph and come back in that time would only arrive after the call is gone.
    public var minimumAttemptTime: Duration

    /// Creates a policy; the defaults fit several retries into Graph's 15-second redirect window.
    public init(
        baseDelay: Duration = .milliseconds(100),
        maxDelay: Duration = .seconds(2),
        maxAttempts: Int = 10,
        minimumAttemptTime: Duration = .milliseconds(250)
    ) {
        precondition(maxAttempts >= 1, "a retry policy needs at least one attempt")
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxAttempts = maxAttempts
        self.minimumAttemptTime = minimumAttemptTime
    }

    /// Why an attempt failed, as far as retrying is concerned.
    public enum Failure: Sendable, Hashable {
        /// Graph answered with this status.
        case status(Int)
        /// The connection could not be made or broke.
        case connection
        /// No answer within the attempt timeout.
        case timeout
        /// The access token could not be fetched; `status` is the token endpoint's answer, if any.
        case token(status: Int?)
        /// No token request could be made: the credential is unusable (an expired certificate, an
        /// unreadable or expired federated token file). Final: it does not heal within a call's window.
        case credential
    }

    /// What to do after a failed attempt.
    public enum Step: Sendable, Hashable {
        /// Try again after waiting this long; `refreshToken` asks for a new access token first.
        case retry(after: Duration, refreshToken: Bool)
        /// Stop: the failure is final or the attempts are used up.
        case stop
        /// Stop: the next attempt cannot fit before the deadline.
        case expire
    }

    /// Whether a failure is worth retrying.
    public static func isRetryable(_ failure: Failure) -> Bool {
        switch failure {
        case .status(let status): [429, 500, 502, 503, 504].contains(status)
        case .connection, .timeout: true
        // The identity platform's own 4xx (bad secret, unknown tenant) will not heal in seconds.
        case .token(let status): status.map { $0 == 429 || $0 >= 500 } ?? true
        case .credential: false
        }
    }

    /// The full-jitter backoff before the attempt after `attempt`.
    ///
    /// - Parameters:
    ///   - attempt: The attempt that just failed, 1 for the first.
    ///   - unitRandom: A random number in `0 ..< 1`.
    public func backoff(afterAttempt attempt: Int, unitRandom: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        return ceiling * min(max(unitRandom, 0), 1)
    }

    /// The next step after a failed attempt.
    ///
    /// - Parameters:
    ///   - attempt: The attempt that just failed, 1 for the first.
    ///   - failure: Why it failed.
    ///   - retryAfter: The wait Graph asked for in `Retry-After`, if any.
    ///   - tokenRefreshed: Whether this redirect already refreshed its token after a 401.
    ///   - remaining: The time left before the call's deadline.
    ///   - unitRandom: A random number in `0 ..< 1` for the jitter.
    public func nextStep(
        afterAttempt attempt: Int,
        failure: Failure,
        retryAfter: Duration?,
        tokenRefreshed: Bool,
        remaining: Duration,
        unitRandom: Double
    ) -> Step {
        guard attempt < maxAttempts else { return .stop }
        let delay: Duration
        let refresh: Bool
        if failure == .status(401) {
            guard !tokenRefreshed else { return .stop }
            delay = .zero
            refresh = true
        } else if Self.isRetryable(failure) {
            delay = retryAfter ?? backoff(afterAttempt: attempt, unitRandom: unitRandom)
            refresh = false
        } else {
            return .stop
        }
        guard delay + minimumAttemptTime <= remaining else { return .expire }
        return .retry(after: delay, refreshToken: refresh)
    }
}
