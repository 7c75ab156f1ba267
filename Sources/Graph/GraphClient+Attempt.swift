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

/// The timer of an attempt fired first.
private struct AttemptTimedOut: Error {}

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

        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: token.authorization)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "client-request-id", value: clientRequestID.lowercasedString)
        request.headers.add(name: "return-client-request-id", value: "true")
        let sending = ObservedRequestBody.Progress()
        request.body = .bytes(ObservedRequestBody(bytes: body, progress: sending), length: .known(Int64(body.count)))

        let response: (status: Int, headers: HTTPHeaders, body: ByteBuffer, version: HTTPVersion)
        do {
            response = try await execute(request, deadline: deadline, logger: logger)
        } catch is AttemptTimedOut {
            // In doubt only if the request left: a deadline that passed while connecting sent nothing.
            let sent = sending.hasStarted
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
            outcome.isInDoubt = sending.hasStarted && Self.mayHaveBeenSent(error)
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
    /// AsyncHTTPClient's own deadline (a timer on the event loop) covers the request until the response
    /// head. Over HTTP/1.1 a head with `Content-Length: 0` (Graph's 202) ends the message, so the empty body
    /// is read at once without the timer that any other body gets; a task group with a sleeping child per
    /// attempt cost two tasks and a dispatch timer per call. HTTP/2 may end the stream in a frame of its own,
    /// which a broken peer could withhold, so the timer stays there. (Not reading that body at all resets the
    /// stream when its end has not arrived yet; HTTP/2 servers limit such resets against the "rapid reset"
    /// attack and close the connection with the calls on it, which made a benchmark call `unconfirmed`.)
    private func execute(
        _ request: HTTPClientRequest,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws -> (status: Int, headers: HTTPHeaders, body: ByteBuffer, version: HTTPVersion) {
        let httpClient = redirectClient(for: request.url)
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, deadline: .now() + TimeAmount(deadline - ContinuousClock.now), logger: logger)
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw AttemptTimedOut()
        }
        let status = Int(response.status.code)
        if response.version.major == 1, response.headers.first(name: "content-length") == "0" {
            return (status, response.headers, try await response.body.collect(upTo: 0), response.version)
        }
        let body = try await withThrowingTaskGroup(of: ByteBuffer.self) { group in
            group.addTask { try await response.body.collect(upTo: Self.maximumBodySize) }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                throw AttemptTimedOut()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else {
                preconditionFailure("a group with two children yields a first result")
            }
            return first
        }
        return (status, response.headers, body, response.version)
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
