import CallModel
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Tracing

/// `POST /api/calls[/…]`: checks a notification and answers 202 once Kafka holds it.
///
/// Order of checks: token (401), `Content-Type` (415), capacity (503), size (413, while reading),
/// read deadline (408), shape (400; 204 for the legacy format), call ids (400), items and calls per
/// body (413), storage within the budget (503). Cheap checks come first, and no body byte is read
/// for a request that is refused before it.
struct NotificationEndpoint: Sendable {
    /// Checks tokens; `nil` when authentication is off.
    let validator: BearerTokenValidator?
    let handoff: NotificationHandoff
    let limiter: InFlightLimiter
    let maxBodyBytes: Int
    /// The time a request body may take to arrive.
    let bodyTimeout: Duration
    let metrics: IngressMetrics

    /// Answers 202 (or 204 for the legacy format); every refusal is thrown as an ``IngressRejection``,
    /// counted and logged here, which the router turns into its problem response (`HTTPResponseError`).
    func handle(_ request: Request, context: some RequestContext) async throws(IngressRejection) -> Response {
        let receivedAt = Date()
        let result: Result<Response, IngressRejection> = await withSpan(
            IngressTracing.requestSpan, context: IngressTracing.context(of: request.headers), ofKind: .server
        ) { span in
            let result: Result<Response, IngressRejection>
            do {
                result = .success(try await accept(request, receivedAt: receivedAt, logger: context.logger))
            } catch let rejection as IngressRejection {
                result = .failure(recorded(rejection, logger: context.logger))
            } catch {
                // The connection failed while the body was read; the client is gone or sent garbage.
                result = .failure(
                    recorded(
                        IngressRejection.malformed("the request body could not be read"),
                        logger: context.logger,
                        cause: String(describing: error)
                    ))
            }
            if span.isRecording {
                let status: HTTPResponse.Status
                switch result {
                case .success(let response): status = response.status
                case .failure(let rejection):
                    status = rejection.status
                    span.attributes["switchboard.rejection"] = rejection.code
                }
                span.attributes["http.request.method"] = "POST"
                span.attributes["http.response.status_code"] = Int(status.code)
                if status.code >= 500 { span.setStatus(SpanStatus(code: .error)) }
            }
            return result
        }
        return try result.get()
    }

    private func accept(_ request: Request, receivedAt: Date, logger: Logger) async throws -> Response {
        let caller = try await authenticate(request, at: receivedAt)
        guard JSONMediaType.accepts(request.headers[.contentType]) else {
            throw IngressRejection.unsupportedMediaType(request.headers[.contentType])
        }
        guard limiter.tryAcquire() else {
            throw IngressRejection.unavailable(
                code: "over-capacity",
                "the ingress holds \(limiter.limit) notifications already; retry"
            )
        }
        metrics.inFlight.record(limiter.current)
        defer {
            limiter.release()
            metrics.inFlight.record(limiter.current)
        }
        let body = try await BoundedBodyReader.read(request, limit: maxBodyBytes, timeout: bodyTimeout)
        let envelopes: [NotificationEnvelopeSplitter.Envelope]
        switch try handoff.read(body) {
        case .notifications(let read):
            envelopes = read
        case .legacyFormat:
            // Microsoft's calling docs: a notification may first come in the legacy (Skype) format;
            // the bot answers 204 No Content and receives it again in the Graph format.
            metrics.countRequest(status: 204)
            logger.notice("Answered a legacy-format notification with 204; Graph sends it again in its own format")
            return Response(status: .noContent)
        }
        let metadata = NotificationMetadata(
            receivedAt: receivedAt,
            tenantID: caller.tenantID,
            scenarioID: request.headers[Self.scenarioID],
            chainID: request.headers[Self.chainID],
            messageID: request.headers[Self.messageID],
            traceparent: TraceParent.propagatingOrStarting(request.headers[Self.traceparent])
        )
        let started = ContinuousClock.now
        let stored = try await withSpan(IngressTracing.produceSpan, ofKind: .producer) { span in
            // Traced, the record carries the produce span's context (sampled or not), so the worker's span is
            // its child; untraced, no instrument writes one and the record keeps the propagated or new one.
            guard let traceparent = IngressTracing.traceparent(of: span.context) else {
                return try await handoff.store(envelopes, metadata: metadata)
            }
            var traced = metadata
            traced.traceparent = traceparent
            if span.isRecording {
                span.attributes["messaging.system"] = "kafka"
                span.attributes["messaging.batch.message_count"] = envelopes.count
            }
            return try await handoff.store(envelopes, metadata: traced)
        }
        metrics.produceDuration.recordNanoseconds(Self.nanoseconds(started.duration(to: .now)))
        metrics.records.increment(by: stored.count)
        metrics.countRequest(status: 202)
        if logger.logLevel <= .info { log(stored, metadata: metadata, logger: logger) }
        return Response(status: .accepted)
    }

    private func log(_ stored: [NotificationHandoff.Stored], metadata: NotificationMetadata, logger: Logger) {
        var common: Logger.Metadata = [:]
        if let tenantID = metadata.tenantID { common["tenant.id"] = "\(tenantID)" }
        if let messageID = metadata.messageID { common["graph.message_id"] = "\(messageID)" }
        if let scenarioID = metadata.scenarioID { common["graph.scenario_id"] = "\(scenarioID)" }
        for record in stored {
            var recordMetadata = common
            recordMetadata["call.id"] = "\(record.callID)"
            recordMetadata["kafka.partition"] = "\(record.position.partition)"
            recordMetadata["kafka.offset"] = "\(record.position.offset)"
            logger.info("Stored a notification", metadata: recordMetadata)
        }
    }

    private func authenticate(_ request: Request, at now: Date) async throws(IngressRejection) -> VerifiedCaller {
        guard let validator else { return VerifiedCaller(tenantID: nil) }
        do {
            return try await validator.validate(authorization: request.headers[.authorization], now: now)
        } catch {
            metrics.countAuthFailure(error.code)
            throw IngressRejection.unauthenticated(error)
        }
    }

    /// Counts and logs a refusal, and gives it back to be thrown.
    private func recorded(_ rejection: IngressRejection, logger: Logger, cause: String? = nil) -> IngressRejection {
        metrics.countRequest(status: rejection.status.code)
        var metadata: Logger.Metadata = [
            "http.status": "\(rejection.status.code)",
            "ingress.rejection": "\(rejection.code)",
            "ingress.detail": "\(rejection.detail)",
        ]
        if let reason = rejection.authenticationReason { metadata["auth.reason"] = "\(reason)" }
        if let cause = cause ?? rejection.cause { metadata["error"] = "\(cause)" }
        if rejection.status == .serviceUnavailable {
            logger.warning("Refused a notification; the sender will retry", metadata: metadata)
        } else {
            logger.notice("Refused a notification", metadata: metadata)
        }
        return rejection
    }

    // These names are RFC 9110 tokens, so `HTTPField.Name.init` cannot return nil for them.
    static let scenarioID = HTTPField.Name(NotificationHeaders.scenarioID)!
    static let chainID = HTTPField.Name(NotificationHeaders.chainID)!
    static let messageID = HTTPField.Name(NotificationHeaders.messageID)!
    static let traceparent = HTTPField.Name(NotificationHeaders.traceparent)!

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
