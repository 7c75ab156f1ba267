import AsyncHTTPClient
import CallModel
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// What one attempt came to.
struct GraphAttemptOutcome: Sendable {
    /// Set when Graph accepted the redirect.
    var accepted: GraphResponseInfo?
    /// The HTTP status, if Graph answered.
    var status: Int?
    /// Why the attempt failed.
    var error: GraphError?
    /// The failure as the retry policy sees it.
    var failure: GraphRetryPolicy.Failure?
    /// Graph's `Retry-After`, if it sent one.
    var retryAfter: Duration?
    /// Whether the request may have reached Graph without an answer that settles it (see ``GraphAttempt/isInDoubt``).
    var isInDoubt = false

    /// The `status` dimension of the attempts metric.
    var metricLabel: String {
        if let status { return String(status) }
        switch failure {
        case .timeout: return "timeout"
        case .token, .credential: return "token"
        default: return error?.code == .cancelled ? "cancelled" : "connection"
        }
    }

    static func failed(_ error: GraphError, _ failure: GraphRetryPolicy.Failure) -> GraphAttemptOutcome {
        GraphAttemptOutcome(status: nil, error: error, failure: failure)
    }
}

extension GraphClient {
    /// The largest response body read; Graph's error bodies are a few hundred bytes.
    private static let maximumBodySize = 64 * 1024

    /// One `POST …/redirect`: a token, the request, and the answer classified.
    func attempt(
        url: String,
        tenantID: String,
        body: [UInt8],
        clientRequestID: UUID,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async -> GraphAttemptOutcome {
        let token: GraphAccessToken
        do {
            token = try await tokens.token(tenant: tenantID, deadline: deadline)
        } catch {
            switch error.code {
            case .cancelled: return .failed(error, .connection)
            case .timeout: return .failed(error, .timeout)
            case .credential: return .failed(error, .credential)
            default: return .failed(error, .token(status: error.status))
            }
        }

        var requestHeaders = HTTPHeaders()
        requestHeaders.reserveCapacity(5)
        requestHeaders.add(name: "Authorization", value: token.authorization)
        requestHeaders.add(name: "Content-Type", value: "application/json")
        requestHeaders.add(name: "Accept", value: "application/json")
        requestHeaders.add(name: "client-request-id", value: clientRequestID.lowercasedString)
        requestHeaders.add(name: "return-client-request-id", value: "true")
        let collector = GraphResponseCollector(maximumBodySize: Self.maximumBodySize)

        let response: GraphResponseCollector.Response
        do {
            let request = try HTTPClient.Request(url: url, method: .POST, headers: requestHeaders, body: .bytes(body))
            response = try await pools.withLeastLoaded { client in
                try await execute(request, on: client, collector: collector, deadline: deadline, logger: logger)
            }
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            // In doubt only if the request left: a deadline that passed while connecting sent nothing.
            let sent = collector.hasSentRequestHead
            var outcome = GraphAttemptOutcome.failed(
                GraphError(
                    code: .timeout,
                    message: sent
                        ? "Graph did not answer within the attempt timeout"
                        : "no connection to Graph within the attempt timeout; the request was not sent"),
                .timeout)
            outcome.isInDoubt = sent
            return outcome
        } catch {
            var outcome = Self.transportFailure(error)
            outcome.isInDoubt = collector.hasSentRequestHead && Self.mayHaveBeenSent(error)
            return outcome
        }

        let headers = response.headers
        if (200..<300).contains(response.status) {
            return GraphAttemptOutcome(
                accepted: GraphResponseInfo(
                    status: response.status,
                    requestID: headers.first(name: "request-id"),
                    clientRequestID: headers.first(name: "client-request-id"),
                    date: headers.first(name: "Date"),
                    diagnostic: headers.first(name: "x-ms-ags-diagnostic"),
                    httpVersion: "HTTP/\(response.version.major).\(response.version.minor)"
                ),
                status: response.status
            )
        }
        if response.status == 401 {
            tokens.invalidate(token)
        }
        let error = GraphError.fromResponse(status: response.status, headers: headers, body: response.body)
        return GraphAttemptOutcome(
            status: response.status,
            error: error,
            failure: .status(response.status),
            retryAfter: headers.first(name: "Retry-After").flatMap { GraphRetryPolicy.retryAfter($0, now: Date()) },
            // A gateway or server error says nothing of whether the redirect behind it was carried out;
            // 429 and 503 are refusals before any work.
            isInDoubt: [500, 502, 504].contains(response.status)
        )
    }

    /// Whether a transport error may have come after the request left: everything except failing to get
    /// a connection at all.
    private static func mayHaveBeenSent(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        if let clientError = error as? HTTPClientError,
            [.connectTimeout, .getConnectionFromPoolTimeout].contains(clientError)
        {
            return false
        }
        if error is NIOConnectionError { return false }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError { return false }
        return true
    }

    /// Runs the request, reading the whole body, and gives up at `deadline` whatever phase it is in.
    ///
    /// The event-loop API keeps AsyncHTTPClient's deadline (an event-loop timer) until the body has
    /// ended, so a head followed by a stalled body also ends at the deadline, with no timer of ours. The
    /// task's cancellation cancels the request.
    private func execute(
        _ request: HTTPClient.Request,
        on client: HTTPClient,
        collector: GraphResponseCollector,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws -> GraphResponseCollector.Response {
        let task = client.execute(
            request: request, delegate: collector, eventLoop: .indifferent,
            deadline: .now() + TimeAmount(deadline - ContinuousClock.now), logger: logger)
        return try await withTaskCancellationHandler {
            try await task.futureResult.get()
        } onCancel: {
            task.cancel()
        }
    }

    private static func transportFailure(_ error: any Error) -> GraphAttemptOutcome {
        if error is CancellationError || Task.isCancelled {
            return .failed(GraphError(code: .cancelled, message: "the redirect was cancelled"), .connection)
        }
        if let clientError = error as? HTTPClientError,
            [.deadlineExceeded, .readTimeout, .connectTimeout, .getConnectionFromPoolTimeout].contains(clientError)
        {
            return .failed(GraphError(code: .timeout, message: "Graph did not answer in time: \(clientError)"), .timeout)
        }
        return .failed(GraphError(code: .connection, message: "the connection to Graph failed: \(error)"), .connection)
    }
}
