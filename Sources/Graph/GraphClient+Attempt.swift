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

        var headers = HTTPHeaders()
        headers.reserveCapacity(5)
        headers.add(name: "Authorization", value: token.authorization)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Accept", value: "application/json")
        headers.add(name: "client-request-id", value: clientRequestID.lowercasedString)
        headers.add(name: "return-client-request-id", value: "true")

        let response: HTTPClient.Response
        do {
            let request = try HTTPClient.Request(url: url, method: .POST, headers: headers, body: .bytes(body))
            response = try await execute(request, pool: redirectClient(for: url), deadline: deadline, logger: logger)
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            var outcome = GraphAttemptOutcome.failed(
                GraphError(code: .timeout, message: "Graph did not answer within the attempt timeout"), .timeout)
            outcome.isInDoubt = true
            return outcome
        } catch {
            var outcome = Self.transportFailure(error)
            outcome.isInDoubt = Self.mayHaveBeenSent(error)
            return outcome
        }

        let status = Int(response.status.code)
        let responseHeaders = response.headers
        if (200..<300).contains(status) {
            return GraphAttemptOutcome(
                accepted: GraphResponseInfo(
                    status: status,
                    requestID: responseHeaders.first(name: "request-id"),
                    clientRequestID: responseHeaders.first(name: "client-request-id"),
                    date: responseHeaders.first(name: "Date"),
                    diagnostic: responseHeaders.first(name: "x-ms-ags-diagnostic"),
                    httpVersion: Self.versionText(response.version)
                ),
                status: status
            )
        }
        if status == 401 {
            tokens.invalidate(token)
        }
        let error = GraphError.fromResponse(status: status, headers: responseHeaders, body: response.body ?? ByteBuffer())
        return GraphAttemptOutcome(
            status: status,
            error: error,
            failure: .status(status),
            retryAfter: responseHeaders.first(name: "Retry-After").flatMap { GraphRetryPolicy.retryAfter($0, now: Date()) },
            // A gateway or server error says nothing of whether the redirect behind it was carried out;
            // 429 and 503 are refusals before any work.
            isInDoubt: [500, 502, 504].contains(status)
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
    /// AsyncHTTPClient's future-based `execute` applies its deadline until the response is complete (body
    /// included; the accumulator reads the body to the end, so the connection goes back to the pool or is
    /// closed, never left with an unread stream). One continuation per attempt: no task group, no timer task,
    /// and none of the async API's per-request task and actor hop.
    private func execute(
        _ request: HTTPClient.Request,
        pool httpClient: HTTPClient,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws -> HTTPClient.Response {
        let remaining = deadline - ContinuousClock.now
        let accumulator = ResponseAccumulator(request: request, maxBodySize: Self.maximumBodySize)
        let task = httpClient.execute(
            request: request, delegate: accumulator, deadline: .now() + TimeAmount(remaining), logger: logger)
        return try await withTaskCancellationHandler {
            try await task.futureResult.get()
        } onCancel: {
            task.cancel()
        }
    }

    /// `HTTP/1.1` or `HTTP/2.0`, without formatting for the common versions.
    static func versionText(_ version: HTTPVersion) -> String {
        switch (version.major, version.minor) {
        case (1, 1): "HTTP/1.1"
        case (2, 0): "HTTP/2.0"
        default: "HTTP/\(version.major).\(version.minor)"
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

extension GraphClient {
    /// The connection pool for a redirect URL: the same call always uses the same pool.
    func redirectClient(for url: String) -> HTTPClient {
        guard redirectClients.count > 1 else { return httpClient }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: stable across processes, unlike `hashValue`
        for byte in url.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return redirectClients[Int(hash % UInt64(redirectClients.count))]
    }
}
