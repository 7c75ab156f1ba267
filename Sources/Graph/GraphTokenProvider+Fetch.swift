import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension GraphTokenProvider {
    /// `POST {authority}/{tenant}/oauth2/v2.0/token` with the client-credentials grant,
    /// authenticated by the configured credential.
    func fetch(tenant: String) async throws(GraphError) -> GraphAccessToken {
        let url = "\(configuration.endpoint.authority)/\(FormEncoding.escape(tenant))/oauth2/v2.0/token"
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        let authentication: [(String, String)]
        do {
            authentication = try await configuration.credential.tokenRequestFields(clientID: configuration.clientID, tokenURL: url)
        } catch {
            logger.error(
                "No client credential for the access token request",
                metadata: ["graph.tenant": "\(tenant)", "graph.auth": "\(configuration.credential.mode)", "error": "\(error.message)"])
            throw error
        }
        let form = FormEncoding.encode(
            [("grant_type", "client_credentials"), ("client_id", configuration.clientID)]
                + authentication
                + [("scope", configuration.scope)])
        request.body = .bytes(ByteBuffer(string: form))
        let started = ContinuousClock.now
        let status: Int
        let body: ByteBuffer
        do {
            let response = try await httpClient.execute(
                request, deadline: .now() + TimeAmount(configuration.tokenTimeout), logger: logger)
            status = Int(response.status.code)
            body = try await response.body.collect(upTo: 1 << 20)
        } catch {
            logger.warning(
                "Access token request failed",
                metadata: ["graph.tenant": "\(tenant)", "error": "\(error)"])
            throw GraphError(code: .token, message: "access token request for tenant \(tenant) failed: \(error)")
        }
        guard status == 200 else {
            let detail = TokenErrorResponse(body)
            let message = detail?.summary ?? String(buffer: body)
            logger.warning(
                "Access token request refused",
                metadata: [
                    "graph.tenant": "\(tenant)", "graph.auth": "\(configuration.credential.mode)", "http.status": "\(status)",
                    "error": "\(message)",
                ])
            throw GraphError(
                code: .token, status: status, graphCode: detail?.error,
                message: "the identity platform refused a token for tenant \(tenant): \(message)",
                rawBody: detail == nil ? String(buffer: body) : nil)
        }
        guard let decoded = TokenResponse(body), decoded.expiresIn > 0 else {
            throw GraphError(
                code: .token, status: status,
                message: "the token response for tenant \(tenant) has no access_token or expires_in",
                rawBody: String(buffer: body))
        }
        let lifetime = Duration.seconds(decoded.expiresIn)
        logger.debug("Fetched access token", metadata: ["graph.tenant": "\(tenant)", "expires_in": "\(decoded.expiresIn)"])
        return GraphAccessToken(
            value: decoded.accessToken,
            tenant: tenant,
            refreshAt: started + lifetime * configuration.tokenRefreshFraction,
            expiresAt: started + lifetime
        )
    }
}

/// `application/x-www-form-urlencoded` bodies and URL path segments.
enum FormEncoding {
    /// RFC 3986 unreserved characters; everything else is percent-encoded.
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func escape(_ value: String) -> String {
        // Graph's ids (GUIDs) need no escaping: skip Foundation's character-set walk and copy for them. The bytes
        // are checked in place, not through the string's iterator.
        var bytes = value
        if bytes.withUTF8({ $0.allSatisfy(isUnreserved) }) { return value }
        return value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// Whether `byte` is an RFC 3986 unreserved character (the same set as `unreserved`).
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }
}

extension TimeAmount {
    /// The same span as a NIO time amount.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
