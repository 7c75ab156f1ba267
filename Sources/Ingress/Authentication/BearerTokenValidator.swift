import CallModel
import Foundation
import JWTKit

/// Checks the bearer token Microsoft sends with each notification.
///
/// RS256 only, signature first, then `exp`/`nbf` (with leeway, and a lifetime of at most 24 hours),
/// `iss`, exactly one `aud` equal to the bot's app id, and `tid` (a GUID, compared in lowercase, and
/// one the bot serves, when they are listed). Any other
/// algorithm (`none`, `HS256`, …) is refused before a key is looked at, so a public key can never be
/// used as an HMAC secret.
struct BearerTokenValidator: Sendable {
    let configuration: TokenValidationConfiguration
    let keys: SigningKeyStore
    let verified: VerifiedTokenCache

    init(configuration: TokenValidationConfiguration, keys: SigningKeyStore, verified: VerifiedTokenCache = VerifiedTokenCache()) {
        self.configuration = configuration
        self.keys = keys
        self.verified = verified
    }

    /// The caller the token in `authorization` proves, checked at `now`.
    ///
    /// - Throws: ``AuthenticationFailure`` naming what is wrong.
    func validate(authorization: String?, now: Date) async throws(AuthenticationFailure) -> VerifiedCaller {
        let token = try Self.bearerToken(in: authorization)
        // Read before the key lookup, so a result is never filed under a newer key set than it used.
        let keyGeneration = keys.generation
        let tokenText = String(token)
        if let keyGeneration, let claims = verified.claims(for: tokenText, keyGeneration: keyGeneration) {
            return try check(claims, now: now)
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw AuthenticationFailure(.malformedToken, "the bearer token is not a JWS in compact form (three dot-separated parts)")
        }
        let header = try TokenHeader(Self.decodePart(parts[0], name: "header"))
        guard header.alg == "RS256" else {
            throw AuthenticationFailure(
                .unsupportedAlgorithm,
                "the token is signed with \(header.alg.map { "\"\($0)\"" } ?? "no algorithm"); only RS256 is accepted"
            )
        }
        guard let kid = header.kid, !kid.isEmpty else {
            throw AuthenticationFailure(.missingKeyID, "the token header has no kid naming its signing key")
        }
        let verifier: any JWTAlgorithm
        switch await keys.verifier(for: kid) {
        case .found(let found):
            verifier = found
        case .unknown:
            throw AuthenticationFailure(.unknownKey, "the token is signed with key \"\(kid)\", which the issuer does not publish")
        case .unavailable:
            throw AuthenticationFailure(.keysUnavailable, "the issuer's signing keys could not be fetched yet")
        }
        guard let signature = Base64URL.decode(parts[2]) else {
            throw AuthenticationFailure(.malformedToken, "the token signature is not base64url")
        }
        let signingInput = Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        let signatureIsValid = (try? verifier.verify(signature, signs: signingInput)) ?? false
        guard signatureIsValid else {
            throw AuthenticationFailure(.invalidSignature, "the token signature does not verify with key \"\(kid)\"")
        }
        let claims = try TokenClaims(Self.decodePart(parts[1], name: "payload"))
        if let keyGeneration { verified.insert(tokenText, claims: claims, keyGeneration: keyGeneration) }
        return try check(claims, now: now)
    }

    /// Checks the claims of a token whose signature verified.
    func check(_ claims: TokenClaims, now: Date) throws(AuthenticationFailure) -> VerifiedCaller {
        let nowSeconds = now.timeIntervalSince1970
        let leeway = Double(configuration.clockLeeway.components.seconds)
            + Double(configuration.clockLeeway.components.attoseconds) / 1e18
        guard let exp = claims.exp else {
            throw AuthenticationFailure(.expired, "the token has no exp claim; tokens without an expiry are refused")
        }
        guard nowSeconds <= exp + leeway else {
            throw AuthenticationFailure(.expired, "the token expired at \(Self.format(exp))")
        }
        guard let nbf = claims.nbf else {
            throw AuthenticationFailure(.lifetimeTooLong, "the token has no nbf claim, so its lifetime is unbounded")
        }
        if nowSeconds < nbf - leeway {
            throw AuthenticationFailure(.notYetValid, "the token is not valid before \(Self.format(nbf))")
        }
        guard exp - nbf <= Self.maxLifetimeSeconds else {
            throw AuthenticationFailure(
                .lifetimeTooLong,
                "the token is valid for \(Int(exp - nbf)) s; at most 24 hours (\(Int(Self.maxLifetimeSeconds)) s) is accepted"
            )
        }
        guard let issuer = claims.iss, configuration.allowedIssuers.contains(issuer) else {
            throw AuthenticationFailure(
                .wrongIssuer,
                "the token issuer \(claims.iss.map { "\"\($0)\"" } ?? "(none)") is not an allowed issuer"
            )
        }
        // Exactly one audience, this bot: a token also meant for another service is not ours to accept.
        guard let audience = claims.aud, audience == [configuration.botAppID] else {
            throw AuthenticationFailure(.wrongAudience, "the token audience is not exactly this bot's app id")
        }
        guard let tid = claims.tid, !tid.isEmpty else {
            throw AuthenticationFailure(.missingTenant, "the token has no tid (tenant id) claim")
        }
        guard let tenant = TenantID.normalized(tid) else {
            throw AuthenticationFailure(.invalidTenant, "the token's tid is not a tenant id (a GUID)")
        }
        guard configuration.allowedTenants.isEmpty
            || configuration.allowedTenants.contains(where: { TenantID.normalized($0) == tenant })
        else {
            throw AuthenticationFailure(.tenantNotAllowed, "tenant \(tenant) is not among the tenants this bot serves")
        }
        return VerifiedCaller(tenantID: tenant)
    }

    /// The longest token lifetime (`exp − nbf`) accepted: 24 hours. Microsoft's tokens live 5 minutes.
    static let maxLifetimeSeconds: Double = 24 * 3600

    /// The token after `Bearer ` (any letter case, spaces around allowed).
    ///
    /// Works on UTF-8 bytes: counting the `Character`s of a ~1 KiB token cost more than the whole
    /// cached validation.
    private static func bearerToken(in authorization: String?) throws(AuthenticationFailure) -> Substring {
        guard let authorization else {
            throw AuthenticationFailure(.missingToken, "the request has no Authorization header with a bearer token")
        }
        let utf8 = authorization.utf8
        let space = UInt8(ascii: " ")
        guard let schemeStart = utf8.firstIndex(where: { $0 != space }),
            let schemeEnd = utf8.index(schemeStart, offsetBy: 7, limitedBy: utf8.endIndex),
            utf8[schemeStart..<schemeEnd].elementsEqual("bearer ".utf8, by: { asciiLowercased($0) == $1 })
        else {
            throw AuthenticationFailure(.missingToken, "the Authorization header does not use the Bearer scheme")
        }
        guard let tokenStart = utf8[schemeEnd...].firstIndex(where: { $0 != space }) else {
            throw AuthenticationFailure(.missingToken, "the Authorization header has an empty bearer token")
        }
        // Only ASCII bytes were skipped, so `tokenStart` is on a character boundary.
        return authorization[tokenStart...]
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// A token part's JSON object, read with the strict reader (which also refuses duplicate members, so
    /// no claim can be read two ways).
    private static func decodePart(_ part: Substring, name: String) throws(AuthenticationFailure) -> JSONObject {
        guard let bytes = Base64URL.decode(part) else {
            throw AuthenticationFailure(.malformedToken, "the token \(name) is not base64url")
        }
        guard let document = try? JSONValue.parse(bytes) else {
            throw AuthenticationFailure(.malformedToken, "the token \(name) is not JSON")
        }
        guard case let .object(object) = document else {
            throw AuthenticationFailure(.malformedToken, "the token \(name) is \(document.kindDescription), not a JSON object")
        }
        return object
    }

    private static func format(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).formatted(.iso8601)
    }
}
