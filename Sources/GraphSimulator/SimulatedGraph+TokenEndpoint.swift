import CallModel
import Foundation
import Hummingbird

extension SimulatedGraph {
    /// `POST /{tenant}/oauth2/v2.0/token`: the client-credentials grant, authenticated by a client
    /// secret, a certificate-signed client assertion or a federated token (see `ClientAuthenticator`).
    func handleToken(_ request: Request, _ context: SimulatorRequestContext) async throws -> Response {
        let (sequence, body) = try await record(request, callID: nil)
        let tenant = context.parameters.get("first") ?? ""
        let response: Response
        switch issueToken(tenant: tenant, form: Self.parseForm(body), tokenURLs: tokenURLs(tenant: tenant, request: request)) {
        case .success(let token): response = token
        case .failure(let refusal):
            state.withLock { $0.refuseToken(code: refusal.code) }
            logger.info(
                "Token request refused",
                metadata: ["simulator.tenant": "\(tenant)", "error": "\(refusal.error)", "aadsts": "\(refusal.code)"])
            response = refusal.response()
        }
        state.withLock { $0.complete(sequence: sequence, status: response.status.code, isRedirect: false) }
        return response
    }

    /// The token endpoint's URL as a client may name it in an assertion's `aud`: under the public
    /// base URL, and under the scheme and host the request came to.
    private func tokenURLs(tenant: String, request: Request) -> [String] {
        let path = "/\(tenant)/oauth2/v2.0/token"
        var urls = [publicBaseURL + path]
        if let host = request.head.authority {
            urls.append((certificate == nil ? "http://" : "https://") + host + path)
        }
        return urls
    }

    private func issueToken(tenant: String, form: [String: String], tokenURLs: [String]) -> Result<Response, SimulatedEntraError> {
        guard form["grant_type"] == "client_credentials" else {
            return .failure(SimulatedEntraError(
                error: "unsupported_grant_type", code: 70003, message: "The simulator supports only grant_type=client_credentials."))
        }
        guard let clientID = form["client_id"], !clientID.isEmpty,
            configuration.clientID == nil || configuration.clientID == clientID
        else {
            return .failure(SimulatedEntraError(
                error: "unauthorized_client", code: 700016,
                message: "Application with identifier '\(form["client_id"] ?? "")' was not found in the directory '\(tenant)'."))
        }
        let accepted: ClientAuthenticator.Accepted
        switch authenticator.authenticate(form: form, clientID: clientID, tokenURLs: tokenURLs, now: Date()) {
        case .success(let value): accepted = value
        case .failure(let refusal): return .failure(refusal)
        }
        guard let scope = form["scope"], scope.hasSuffix("/.default") else {
            return .failure(SimulatedEntraError(
                error: "invalid_scope", code: 1002012, message: "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."))
        }
        let lifetime = configuration.tokenLifetime
        let issued: String? = state.withLock { state in
            if let assertion = accepted.assertionID, !state.useAssertionID(assertion.id, until: assertion.until, now: Date()) {
                return nil
            }
            return state.issueToken(tenant: tenant, credential: accepted.kind.rawValue, lifetime: lifetime, now: .now)
        }
        guard let token = issued else {
            return .failure(.invalidClient(50013, "Assertion failed: the client assertion's jti was already used (replay)."))
        }
        let seconds = max(Int(lifetime.seconds.rounded()), 1)
        return .success(SimulatorHTTP.json(
            JSONValue.object([
                "token_type": .string("Bearer"), "expires_in": .number(Double(seconds)),
                "ext_expires_in": .number(Double(seconds)), "access_token": .string(token),
            ]).jsonBytes()))
    }
}
