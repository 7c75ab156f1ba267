import Crypto
import CryptoExtras
import Foundation

/// Checks the client credential of a token request as Microsoft Entra does: a client secret, a
/// client assertion signed by a registered certificate (RFC 7523), or a federated token from a
/// trusted issuer. Refusals carry the `AADSTS` code Entra documents for the failure.
///
/// Codes: 7000215 wrong secret, 7000218 no credential, 50027 malformed assertion (and a federated
/// token whose signature fails), 700027 unknown certificate or bad signature, 700021 `iss`/`sub`
/// not the client id, 700023 wrong `aud`, 700024 outside `nbf`…`exp`, 700211/700212/700213 no
/// federated credential for the token's issuer/audience/subject. A replayed `jti` is refused with
/// 50013 (Entra's code for it is not documented; see the README).
struct ClientAuthenticator: Sendable {
    /// What authenticated a request.
    enum Kind: String, Sendable {
        case secret, certificate, federated
    }

    /// An accepted credential; a certificate assertion's `jti` must still be unused.
    struct Accepted: Sendable {
        var kind: Kind
        /// The assertion's `jti` and until when to remember it (certificate assertions only:
        /// a federated token is used for many requests until it is rotated).
        var assertionID: (id: String, until: Date)?
    }

    /// How far `nbf` and `exp` may be off the simulator's clock.
    static let clockSkew: TimeInterval = 60

    let clientSecret: String?
    let certificates: [RegisteredClientCertificate]
    let trustedIssuers: [SimulatedFederatedIssuer]
    let federatedSubject: String?

    /// Checks the credential in `form` of a request by `clientID`, whose assertion must be addressed
    /// to one of `tokenURLs` (the token endpoint as the client may spell it).
    func authenticate(form: [String: String], clientID: String, tokenURLs: [String], now: Date) -> Result<Accepted, SimulatedEntraError> {
        if let assertion = form["client_assertion"], !assertion.isEmpty {
            guard form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" else {
                return .failure(SimulatedEntraError(
                    error: "invalid_request", code: 50027,
                    message: "Invalid JWT token. client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer."))
            }
            guard let jwt = JWTText(assertion) else {
                return .failure(.invalidClient(50027, "JWT token is invalid or malformed."))
            }
            // An assertion the application signed itself names the application as its issuer (or,
            // malformed, at least a certificate and no trusted issuer); anything else is a federated token.
            let issuer = jwt.string("iss")
            let namesCertificate = jwt.headerString("x5t#S256") != nil || jwt.headerString("x5t") != nil
            if issuer == clientID || (namesCertificate && !trustedIssuers.contains { $0.issuer == issuer }) {
                return checkCertificateAssertion(jwt, clientID: clientID, tokenURLs: tokenURLs, now: now)
            }
            return checkFederatedToken(jwt, now: now)
        }
        if let secret = form["client_secret"], !secret.isEmpty {
            guard clientSecret == nil || clientSecret == secret else {
                return .failure(.invalidClient(7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(clientID)'."))
            }
            return .success(Accepted(kind: .secret))
        }
        return .failure(.invalidClient(7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."))
    }

    private func checkCertificateAssertion(_ jwt: JWTText, clientID: String, tokenURLs: [String], now: Date) -> Result<Accepted, SimulatedEntraError> {
        let sha256 = jwt.headerString("x5t#S256")
        let sha1 = jwt.headerString("x5t")
        guard let certificate = certificates.first(where: { $0.thumbprintSHA256 == sha256 || (sha1 != nil && $0.thumbprintSHA1 == sha1) }) else {
            return .failure(.invalidClient(700027, "Client assertion failed signature validation. The certificate with identifier used to sign the client assertion ('\(sha256 ?? sha1 ?? "none")') is not registered on application '\(clientID)'."))
        }
        let padding: _RSA.Signing.Padding
        switch jwt.headerString("alg") {
        case "PS256": padding = .PSS
        case "RS256": padding = .insecurePKCS1v1_5
        default:
            return .failure(.invalidClient(700027, "Client assertion failed signature validation: algorithm '\(jwt.headerString("alg") ?? "none")' is not PS256 or RS256."))
        }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: jwt.signature)
        guard certificate.publicKey.isValidSignature(signature, for: SHA256.hash(data: jwt.signingInput), padding: padding) else {
            return .failure(.invalidClient(700027, "Client assertion contains an invalid signature."))
        }
        guard jwt.string("iss") == clientID, jwt.string("sub") == clientID else {
            return .failure(.invalidClient(700021, "Client assertion application identifier doesn't match 'client_id' parameter."))
        }
        guard !Set(jwt.audiences).isDisjoint(with: tokenURLs) else {
            return .failure(.invalidClient(700023, "Client assertion audience claim does not match Realm issuer. Expected '\(tokenURLs.first ?? "")', got '\(jwt.audiences.joined(separator: ", "))'."))
        }
        if let problem = timeProblem(jwt, now: now) { return .failure(problem) }
        guard let jti = jwt.string("jti"), !jti.isEmpty, let expiry = jwt.date("exp") else {
            return .failure(.invalidClient(50027, "JWT token is invalid or malformed: the client assertion has no jti."))
        }
        return .success(Accepted(kind: .certificate, assertionID: (jti, expiry.addingTimeInterval(Self.clockSkew))))
    }

    private func checkFederatedToken(_ jwt: JWTText, now: Date) -> Result<Accepted, SimulatedEntraError> {
        let issuer = jwt.string("iss") ?? ""
        let candidates = trustedIssuers.filter { $0.issuer == issuer }
        guard !candidates.isEmpty else {
            return .failure(.invalidClient(700211, "No matching federated identity record found for presented assertion issuer '\(issuer)'."))
        }
        guard jwt.headerString("alg") == "RS256" else {
            return .failure(.invalidClient(50027, "Invalid JWT token: the federated token is not signed with RS256."))
        }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: jwt.signature)
        let digest = SHA256.hash(data: jwt.signingInput)
        let keyID = jwt.headerString("kid")
        let keys = candidates.filter { keyID == nil || $0.keyID == keyID }
        guard keys.contains(where: { $0.publicKey.isValidSignature(signature, for: digest, padding: .insecurePKCS1v1_5) }) else {
            return .failure(.invalidClient(50027, "Invalid JWT token. External ID token from issuer '\(issuer)' failed signature verification."))
        }
        guard jwt.audiences.contains(SimulatedFederatedIssuer.tokenExchangeAudience) else {
            return .failure(.invalidClient(700212, "No matching federated identity record found for presented assertion audience '\(jwt.audiences.joined(separator: ", "))'."))
        }
        let subject = jwt.string("sub") ?? ""
        guard federatedSubject == nil || federatedSubject == subject else {
            return .failure(.invalidClient(700213, "No matching federated identity record found for presented assertion subject '\(subject)'."))
        }
        if let problem = timeProblem(jwt, now: now) { return .failure(problem) }
        return .success(Accepted(kind: .federated))
    }

    private func timeProblem(_ jwt: JWTText, now: Date) -> SimulatedEntraError? {
        guard let expiry = jwt.date("exp"), now < expiry.addingTimeInterval(Self.clockSkew),
            (jwt.date("nbf") ?? .distantPast) <= now.addingTimeInterval(Self.clockSkew)
        else {
            let window = "nbf \(jwt.date("nbf").map { "\($0)" } ?? "none"), exp \(jwt.date("exp").map { "\($0)" } ?? "none")"
            return .invalidClient(700024, "Client assertion is not within its valid time range. Current time: \(now), assertion \(window).")
        }
        return nil
    }
}
