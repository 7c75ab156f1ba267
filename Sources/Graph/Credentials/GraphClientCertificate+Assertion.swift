import Foundation
import JWTKit

extension GraphClientCertificate {
    /// The claims of a client assertion (Microsoft identity platform, "certificate credentials").
    private struct AssertionClaims: JWTPayload {
        var aud: AudienceClaim
        var iss: IssuerClaim
        var sub: SubjectClaim
        var jti: IDClaim
        var nbf: NotBeforeClaim
        var iat: IssuedAtClaim
        var exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// A fresh client assertion for one token request: PS256, `x5t#S256` the certificate's
    /// thumbprint, `aud` the token endpoint, `iss` = `sub` = the client id, a unique `jti`, and
    /// `exp` ``assertionLifetime`` from now.
    ///
    /// - Throws: `GraphError` with code `credential` when the certificate has expired since it was
    ///   loaded, or the assertion cannot be signed.
    func assertion(clientID: String, audience: String, now: Date = Date()) async throws(GraphError) -> String {
        guard now <= notValidAfter else {
            throw GraphError(
                code: .credential,
                message: "the client certificate \(subject) expired at \(Self.format(notValidAfter)); install a renewed certificate and restart")
        }
        let claims = AssertionClaims(
            aud: AudienceClaim(value: audience),
            iss: IssuerClaim(value: clientID),
            sub: SubjectClaim(value: clientID),
            jti: IDClaim(value: UUID().uuidString.lowercased()),
            nbf: NotBeforeClaim(value: now),
            iat: IssuedAtClaim(value: now),
            exp: ExpirationClaim(value: now.addingTimeInterval(Self.assertionLifetime))
        )
        var header = JWTHeader()
        header.typ = "JWT"
        header.x5tS256 = thumbprintSHA256
        do {
            let keys = await JWTKeyCollection().add(pss: key, digestAlgorithm: .sha256)
            return try await keys.sign(claims, header: header)
        } catch {
            throw GraphError(code: .credential, message: "cannot sign the client assertion: \(error)")
        }
    }
}
