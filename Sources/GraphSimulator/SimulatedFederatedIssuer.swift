import Crypto
import CryptoExtras
public import Foundation
import JWTKit
import NIOPosix
import Synchronization

/// An external token issuer the simulated Entra trusts for workload identity federation, as a
/// cluster's OIDC issuer is trusted through a federated identity credential: it signs RS256 tokens
/// whose `iss`, `sub` and `aud` the token endpoint then checks.
///
/// `SimulatedGraph.federatedIssuer` is the one the simulator trusts; another made with ``make(issuer:)``
/// (same `iss`, another key) is what a forged token looks like.
public struct SimulatedFederatedIssuer: Sendable {
    /// The `iss` of the simulator's own issuer.
    public static let defaultIssuer = "https://oidc.simulator.switchboard.invalid/"
    /// The audience Entra expects in federated tokens (global cloud).
    public static let tokenExchangeAudience = "api://AzureADTokenExchange"
    /// The subject tokens get when none is named: what the AKS webhook's service account token carries.
    public static let defaultSubject = "system:serviceaccount:switchboard:switchboard-worker"

    /// The `iss` of the tokens.
    public let issuer: String
    let keyID: String
    let publicKey: _RSA.Signing.PublicKey
    private let keys: JWTKeyCollection

    private struct Claims: JWTPayload {
        var iss: IssuerClaim
        var sub: SubjectClaim
        var aud: AudienceClaim
        var jti: IDClaim
        var iat: IssuedAtClaim
        var nbf: NotBeforeClaim
        var exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// The issuer every simulator of this process trusts, made on first use (an RSA key takes up to
    /// a second to generate; tests start many simulators).
    private static let sharedIssuer = Mutex<Task<SimulatedFederatedIssuer, any Error>?>(nil)

    static func processIssuer() async throws -> SimulatedFederatedIssuer {
        let task = sharedIssuer.withLock { task in
            if let task { return task }
            let making = Task { try await make() }
            task = making
            return making
        }
        return try await task.value
    }

    /// Makes an issuer with a fresh RSA-2048 key (on NIO's thread pool).
    ///
    /// - Throws: when the key cannot be generated.
    public static func make(issuer: String = defaultIssuer) async throws -> SimulatedFederatedIssuer {
        let key = try await NIOThreadPool.singleton.runIfActive { try _RSA.Signing.PrivateKey(keySize: .bits2048) }
        let keyID = "fed-" + String(SHA256.hash(data: Array(key.publicKey.derRepresentation)).description.suffix(12))
        let keys = await JWTKeyCollection().add(
            rsa: try JWTKit.Insecure.RSA.PrivateKey(backing: key), digestAlgorithm: .sha256, kid: JWKIdentifier(string: keyID))
        return SimulatedFederatedIssuer(issuer: issuer, keyID: keyID, publicKey: key.publicKey, keys: keys)
    }

    private init(issuer: String, keyID: String, publicKey: _RSA.Signing.PublicKey, keys: JWTKeyCollection) {
        self.issuer = issuer
        self.keyID = keyID
        self.publicKey = publicKey
        self.keys = keys
    }

    /// A signed token, as the kubelet projects into `AZURE_FEDERATED_TOKEN_FILE`.
    ///
    /// - Parameters:
    ///   - subject: The `sub` claim, default ``defaultSubject``.
    ///   - audience: The `aud` claim, default ``tokenExchangeAudience``.
    ///   - lifetime: From `now` to `exp`, default one hour as AKS projects it.
    ///   - now: The `iat` and `nbf`.
    /// - Throws: when signing fails.
    public func token(
        subject: String = defaultSubject,
        audience: String = tokenExchangeAudience,
        lifetime: TimeInterval = 3600,
        now: Date = Date()
    ) async throws -> String {
        let claims = Claims(
            iss: IssuerClaim(value: issuer), sub: SubjectClaim(value: subject), aud: AudienceClaim(value: audience),
            jti: IDClaim(value: UUID().uuidString.lowercased()), iat: IssuedAtClaim(value: now), nbf: NotBeforeClaim(value: now),
            exp: ExpirationClaim(value: now.addingTimeInterval(lifetime)))
        return try await keys.sign(claims, kid: JWKIdentifier(string: keyID))
    }
}
