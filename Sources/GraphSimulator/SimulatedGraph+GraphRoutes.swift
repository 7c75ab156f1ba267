import CallModel
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix

extension SimulatedGraph {
    /// The largest request body read.
    static let maximumBodySize = 1 << 20

    func makeRouter() -> Router<SimulatorRequestContext> {
        let router = Router(context: SimulatorRequestContext.self)
        // Hummingbird needs one parameter name per position: the first segment is the tenant for
        // the token endpoint and the API version for Graph.
        router.post("/:first/oauth2/v2.0/token") { request, context in
            try await self.handleToken(request, context)
        }
        router.post("/:first/communications/calls/:callID/redirect") { request, context in
            try await self.handleCallAction(.redirect, request, context)
        }
        router.post("/:first/communications/calls/:callID/reject") { request, context in
            try await self.handleCallAction(.reject, request, context)
        }
        router.get("/v1/.well-known/OpenIdConfiguration") { _, _ in self.openIDMetadata() }
        router.get("/.well-known/openid-configuration") { _, _ in self.openIDMetadata() }
        router.get("/v1/keys") { _, _ in SimulatorHTTP.json(self.signer.jwks) }
        addControlRoutes(to: router)
        return router
    }

    private func openIDMetadata() -> Response {
        SimulatorHTTP.json(NotificationSigner.openIDMetadata(jwksURL: "\(publicBaseURL)/v1/keys"))
    }

    /// Records the request; returns its sequence number and body.
    func record(_ request: Request, callID: String?) async throws -> (Int, [UInt8]) {
        let body = Array(buffer: try await request.body.collect(upTo: Self.maximumBodySize))
        let headers = request.headers.map { RecordedRequest.Header(name: $0.name.rawName, value: $0.value) }
        let sequence = state.withLock { state in
            state.record(
                method: request.method.rawValue, path: request.uri.description, headers: headers,
                body: String(decoding: body, as: UTF8.self), callID: callID, now: .now, startedAt: startedAt)
        }
        return (sequence, body)
    }

    static func parseForm(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    // MARK: Redirect and reject endpoints

    /// The call actions the simulator answers; both share faults, latency, token checks and the call's lifecycle.
    enum CallAction: Sendable {
        case redirect
        case reject
    }

    private func handleCallAction(
        _ action: CallAction, _ request: Request, _ context: SimulatorRequestContext
    ) async throws -> Response {
        let callID = context.parameters.get("callID") ?? ""
        let (sequence, body) = try await record(request, callID: callID)
        var status: Int?
        defer { state.withLock { state in state.complete(sequence: sequence, status: status, isRedirect: true) } }

        let requestID = UUID().uuidString.lowercased()
        let clientRequestID = request.headers[.clientRequestID]
        let (fault, latency) = state.withLock { ($0.nextFault(unitRandom: Double.random(in: 0..<1)), $0.latency) }
        try await Task.sleep(for: latency.sample())

        func error(_ code: Int, _ graphCode: String, _ message: String, retryAfter: Int? = nil) -> Response {
            status = code
            return SimulatorHTTP.graphError(
                status: code, code: graphCode, message: message, requestID: requestID,
                clientRequestID: clientRequestID, retryAfter: retryAfter)
        }

        switch fault {
        case .throttle(let retryAfter)?:
            return error(429, "activityLimitReached", "The request has been throttled", retryAfter: retryAfter)
        case .unavailable(let retryAfter)?:
            return error(503, "serviceNotAvailable", "The service is temporarily unavailable.", retryAfter: retryAfter)
        case .serverError(let code)?:
            return error(code, "generalException", "An internal server error occurred (simulated).")
        case .unauthorized?:
            return error(401, "InvalidAuthenticationToken", "Access token validation failure (simulated revocation).")
        case .reset?:
            try await Self.reset(context.channel)
            throw SimulatedReset()
        case .slow(let delay)?:
            try await Task.sleep(for: delay)
        case .lostAnswer?, nil:
            break
        }

        switch state.withLock({ $0.checkToken(authorization: request.headers[.authorization], now: .now) }) {
        case .missing:
            return error(401, "InvalidAuthenticationToken", "Access token is empty.")
        case .invalid:
            return error(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience or unknown token.")
        case .expired:
            return error(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.")
        case .valid(let tenant):
            guard let version = GraphAPIVersion(rawValue: context.parameters.get("first") ?? "") else {
                return error(400, "BadRequest", "Invalid version: use v1.0 or beta.")
            }
            let admission: SimulatorState.RedirectAdmission
            let callbackURI: String?
            do {
                switch action {
                case .redirect:
                    let document = try RedirectValidator(version: version).validate(body)
                    callbackURI = document["callbackUri"]?.stringValue
                    admission = state.withLock {
                        $0.admitRedirect(callID: callID, tokenTenant: tenant, callbackURI: callbackURI, now: .now)
                    }
                case .reject:
                    let reject = try RejectValidator(version: version).validate(body)
                    callbackURI = reject.callbackURI
                    admission = state.withLock {
                        $0.admitReject(
                            callID: callID, tokenTenant: tenant, reason: reject.reason, callbackURI: callbackURI, now: .now)
                    }
                }
            } catch let invalid {
                return error(400, "invalidRequest", invalid.message)
            }
            switch admission {
            case .unknownCall, .windowClosed, .alreadyRedirected:
                return error(404, "8522", "Call not found.")
            case .tenantMismatch:
                return error(403, "7505", "Request authorization tenant mismatch.")
            case .accepted(let call):
                scheduleTermination(
                    of: call, callbackURI: callbackURI ?? call.callbackURI,
                    termination: action == .reject
                        ? .rejected
                        : state.withLock {
                            $0.nextTermination(configuration.terminationMix ?? SimulatedTerminationMix(configuration.termination))
                        })
                status = 202
                if case .lostAnswer(let delay)? = fault {
                    guard let delay else {
                        try await Self.reset(context.channel)
                        throw SimulatedReset()
                    }
                    try await Task.sleep(for: delay)
                }
                return Response(
                    status: .accepted,
                    headers: SimulatorHTTP.graphHeaders(requestID: requestID, clientRequestID: clientRequestID))
            }
        }
    }

    /// Closes the connection under a request: an RST on HTTP/1.1 (linger 0), a stream reset on HTTP/2.
    private static func reset(_ channel: any Channel) async throws {
        if let socket = channel as? any SocketOptionProvider {
            try? await socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close()
    }
}

/// Thrown after a `reset` fault closed the connection, so no answer is written.
struct SimulatedReset: Error {}
