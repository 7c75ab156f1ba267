public import Foundation

/// How a redirect ended, and every attempt it took.
public struct GraphRedirectResult: Sendable {
    /// How a redirect ended.
    public enum Outcome: Sendable {
        /// Graph accepted the redirect (202).
        case accepted(GraphResponseInfo)
        /// Graph refused it with a final status, or the retries ran out; the last error.
        case failed(GraphError)
        /// The call's deadline left no room for (another) attempt; the last error seen, if any.
        case expired(lastError: GraphError?)
    }

    /// How the redirect ended.
    public var outcome: Outcome
    /// Every attempt, in order; empty when the deadline had passed before the first.
    public var attempts: [GraphAttempt]

    /// Creates a result.
    public init(outcome: Outcome, attempts: [GraphAttempt]) {
        self.outcome = outcome
        self.attempts = attempts
    }

    /// Whether an attempt ended in doubt (see ``GraphAttempt/isInDoubt``): Graph may have redirected the
    /// call even though no attempt was seen accepted.
    public var mayHaveRedirected: Bool {
        attempts.contains(where: \.isInDoubt)
    }

    /// Whether Graph accepted the redirect.
    public var isAccepted: Bool {
        if case .accepted = outcome { return true }
        return false
    }

    /// The error the redirect ended with, for failed and expired outcomes.
    public var error: GraphError? {
        switch outcome {
        case .accepted: nil
        case .failed(let error): error
        case .expired(let lastError): lastError
        }
    }
}

/// One try at sending a redirect.
public struct GraphAttempt: Sendable {
    /// 1 for the first try.
    public var number: Int
    /// The `client-request-id` this attempt sent.
    public var clientRequestID: UUID
    /// The HTTP status Graph answered with, if it answered.
    public var status: Int?
    /// Why the attempt failed; `nil` when it succeeded.
    public var error: GraphError?
    /// When the attempt started, measured from the start of `redirect`.
    public var startOffset: Duration
    /// How long the attempt took, including waiting for a token.
    public var duration: Duration
    /// How long the client waited before this attempt (backoff, `Retry-After`, rate limit).
    public var delayBefore: Duration
    /// Whether the attempt ended without an answer that settles it, so Graph may or may not have redirected
    /// the call: no answer after the request may have been sent (the attempt timed out, the connection
    /// broke), or 500, 502 or 504. A redirect is not idempotent, so such an attempt makes a later refusal
    /// ("no longer incoming") inconclusive.
    public var isInDoubt: Bool

    /// Creates an attempt record.
    public init(
        number: Int,
        clientRequestID: UUID,
        status: Int?,
        error: GraphError?,
        startOffset: Duration,
        duration: Duration,
        delayBefore: Duration,
        isInDoubt: Bool = false
    ) {
        self.number = number
        self.clientRequestID = clientRequestID
        self.status = status
        self.error = error
        self.startOffset = startOffset
        self.duration = duration
        self.delayBefore = delayBefore
        self.isInDoubt = isInDoubt
    }
}
