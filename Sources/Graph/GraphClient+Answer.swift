import AsyncHTTPClient
import CallModel
public import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import Tracing

extension GraphClient {
    /// Sends the redirect for `callID`; the same as ``answer(_:callID:tenantID:body:idempotencyKey:deadline:logger:)``
    /// with ``CallAnswer/redirect``.
    public func redirect(
        callID: String,
        tenantID: String,
        body: [UInt8],
        idempotencyKey: UUID,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async -> GraphRedirectResult {
        await answer(
            .redirect, callID: callID, tenantID: tenantID, body: body, idempotencyKey: idempotencyKey,
            deadline: deadline, logger: logger)
    }

    /// Answers the incoming call `callID` (redirect or reject), retrying as `configuration.retry` allows,
    /// with every attempt and every wait inside `deadline`.
    ///
    /// - Parameters:
    ///   - answer: Which call action: `POST …/redirect` or `POST …/reject`.
    ///   - callID: The call's id from the incoming notification.
    ///   - tenantID: The call's tenant; the token is fetched for it.
    ///   - body: The request body, JSON (a redirect body, or a reject body `{"reason":"busy"}`).
    ///   - idempotencyKey: The call's idempotency key; each attempt's `client-request-id` derives from it.
    ///   - deadline: When the call's window closes (minus any safety margin). No request is
    ///     sent that could not complete before it.
    ///   - logger: The logger for this call, carrying its metadata (`call.id`, …).
    /// - Returns: How the request ended and every attempt; never throws.
    public func answer(
        _ answer: CallAnswer,
        callID: String,
        tenantID: String,
        body: [UInt8],
        idempotencyKey: UUID,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async -> GraphRedirectResult {
        // The call's metadata is set where a line can be written, not up front: a logger's metadata
        // is a dictionary, copied and grown on every call, and the accepted path writes nothing above debug.
        func callLogger() -> Logger {
            var logger = logger
            logger[metadataKey: "call.id"] = .string(callID)
            logger[metadataKey: "graph.tenant"] = .string(tenantID)
            logger[metadataKey: "graph.action"] = .string(answer.rawValue)
            return logger
        }
        // AsyncHTTPClient logs each request at debug and trace only.
        let requestLogger = logger.logLevel <= .debug ? callLogger() : logger
        let url = callsURLPrefix + FormEncoding.escape(callID) + "/" + answer.pathComponent
        let policy = configuration.retry
        let start = ContinuousClock.now
        var attempts: [GraphAttempt] = []
        var delay = Duration.zero
        var tokenRefreshed = false
        var lastError: GraphError?
        // Each redirect is one round of attempts: its client-request-ids are unique, also when another
        // worker redirects the same call again.
        let round = IdempotencyKey.randomV4()
        var inDoubt = false

        var number = 0
        while true {
            number += 1
            // Wait out the backoff and the rate limit (at once, they overlap), both inside the deadline.
            let maximumWait = deadline - ContinuousClock.now - policy.minimumAttemptTime
            guard maximumWait >= delay else { return expired(lastError, attempts, callLogger()) }
            guard let rateWait = rateLimiter.reserve(tenant: tenantID, now: .now, maximumWait: maximumWait) else {
                let error = GraphError(
                    code: .rateLimited, message: "the client-side rate limit for tenant \(tenantID) is exhausted until after the deadline")
                return expired(lastError ?? error, attempts, callLogger())
            }
            if rateWait > .zero { metrics.recordRateLimitWait() }
            let waited = max(delay, rateWait)
            if waited > .zero {
                do {
                    try await Task.sleep(for: waited)
                } catch {
                    return cancelled(attempts, callLogger())
                }
            }

            let clientRequestID = IdempotencyKey.clientRequestID(key: idempotencyKey, round: round, attempt: number)
            let attemptStart = ContinuousClock.now
            guard deadline - attemptStart >= policy.minimumAttemptTime else { return expired(lastError, attempts, callLogger()) }
            let attemptDeadline = Self.attemptDeadline(
                start: attemptStart, deadline: deadline, timeout: configuration.attemptTimeout,
                minimumAttemptTime: policy.minimumAttemptTime, afterDoubt: inDoubt)
            if inDoubt { metrics.recordRepeat() }
            var outcome = await tracer.withSpan(answer.spanName, ofKind: .client) { span in
                let outcome = await attempt(
                    url: url, tenantID: tenantID, body: body, clientRequestID: clientRequestID,
                    deadline: attemptDeadline, logger: requestLogger)
                if span.isRecording {
                    Self.describe(outcome, number: number, waited: waited, clientRequestID: clientRequestID, on: span)
                }
                return outcome
            }
            let duration = ContinuousClock.now - attemptStart
            outcome.error?.clientRequestID = clientRequestID.lowercasedString
            attempts.append(
                GraphAttempt(
                    number: number, clientRequestID: clientRequestID, status: outcome.status, error: outcome.error,
                    startOffset: attemptStart - start, duration: duration, delayBefore: waited, isInDoubt: outcome.isInDoubt))
            inDoubt = inDoubt || outcome.isInDoubt
            metrics.recordAttempt(outcome: outcome.metricLabel, duration: duration)

            if let info = outcome.accepted {
                // Debug, not info: the worker logs the call's outcome (with Graph's request id and the
                // attempts) at info, so this would be a second line per call.
                requestLogger.debug(
                    "Graph accepted the call action",
                    metadata: [
                        "graph.request_id": "\(info.requestID ?? "")", "graph.client_request_id": "\(clientRequestID.lowercasedString)",
                        "graph.attempt": "\(number)",
                    ])
                return GraphRedirectResult(outcome: .accepted(info), attempts: attempts)
            }
            guard let error = outcome.error, let failure = outcome.failure else {
                preconditionFailure("an attempt that was not accepted has an error")
            }
            lastError = error
            if error.code == .cancelled { return cancelled(attempts, callLogger()) }
            callLogger().notice(
                "Graph call action attempt failed",
                metadata: [
                    "graph.attempt": "\(number)", "graph.client_request_id": "\(clientRequestID.lowercasedString)",
                    "graph.request_id": "\(error.requestID ?? "")", "http.status": "\(error.status.map(String.init) ?? "")",
                    "graph.error_code": "\(error.graphCode ?? "\(error.code)")", "error": "\(error.message)",
                ])

            let step = policy.nextStep(
                afterAttempt: number, failure: failure, retryAfter: outcome.retryAfter, tokenRefreshed: tokenRefreshed,
                remaining: deadline - ContinuousClock.now, unitRandom: Double.random(in: 0..<1))
            switch step {
            case .retry(let after, let refresh):
                // The 401 already dropped the rejected token, so the next attempt fetches a new one.
                delay = after
                if refresh { tokenRefreshed = true }
            case .stop:
                return GraphRedirectResult(outcome: .failed(error), attempts: attempts)
            case .expire:
                return expired(error, attempts, callLogger())
            }
        }
    }

    /// When one attempt gives up. A redirect is not idempotent, so one long attempt beats several short
    /// ones: an attempt takes the rest of the window when no retry could follow its timeout anyway, and
    /// every attempt after one that may have reached Graph takes the rest of the window, so a slow Graph
    /// sees the call at most twice.
    static func attemptDeadline(
        start: ContinuousClock.Instant,
        deadline: ContinuousClock.Instant,
        timeout: Duration,
        minimumAttemptTime: Duration,
        afterDoubt: Bool
    ) -> ContinuousClock.Instant {
        if afterDoubt || deadline - start < timeout + minimumAttemptTime { return deadline }
        return start + timeout
    }

    private func expired(_ lastError: GraphError?, _ attempts: [GraphAttempt], _ logger: Logger) -> GraphRedirectResult {
        logger.warning(
            "Graph call action expired before the call's deadline",
            metadata: ["graph.attempts": "\(attempts.count)", "error": "\(lastError.map { "\($0)" } ?? "none")"])
        return GraphRedirectResult(outcome: .expired(lastError: lastError), attempts: attempts)
    }

    private func cancelled(_ attempts: [GraphAttempt], _ logger: Logger) -> GraphRedirectResult {
        logger.notice("Graph call action cancelled", metadata: ["graph.attempts": "\(attempts.count)"])
        return GraphRedirectResult(
            outcome: .failed(GraphError(code: .cancelled, message: "the redirect was cancelled")), attempts: attempts)
    }
}
