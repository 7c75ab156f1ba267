import CallModel
import Crypto
import CryptoExtras
import Foundation
import JWTKit
import NIOPosix
import Synchronization

/// Signs notification tokens the way Microsoft signs calling notifications, and publishes the keys.
///
/// An RSA-2048 key made at start; tokens are RS256 JWTs with a `kid`, `iss`
/// `https://api.botframework.com`, `aud` the bot's app id, `tid` the call's tenant, and a
/// 5-minute lifetime (`nbf`…`exp`), as observed on Microsoft's calling callbacks.
struct NotificationSigner: Sendable {
    /// The issuer Microsoft's calling notifications carry.
    static let issuer = "https://api.botframework.com"
    /// The lifetime Microsoft's notification tokens have.
    static let lifetime: TimeInterval = 300

    let keyID: String
    private let keys: JWTKeyCollection
    /// The public key as a JWKS document.
    let jwks: [UInt8]

    private struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var tid: TenantIDClaim
        var appid: String
        var iat: IssuedAtClaim
        var nbf: NotBeforeClaim
        var exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// The process's signing key: generating an RSA-2048 key takes from tens of milliseconds to a
    /// second, so it is made once, on NIO's thread pool (not the cooperative pool), and shared by
    /// every simulator in the process.
    private static let sharedKey = Mutex<Task<_RSA.Signing.PrivateKey, any Error>?>(nil)

    private static func processKey() async throws -> _RSA.Signing.PrivateKey {
        let task = sharedKey.withLock { task in
            if let task { return task }
            let generation = Task {
                try await NIOThreadPool.singleton.runIfActive { try _RSA.Signing.PrivateKey(keySize: .bits2048) }
            }
            task = generation
            return generation
        }
        return try await task.value
    }

    /// Loads the process's key pair (making it on first use).
    ///
    /// - Throws: when the platform cannot generate an RSA key.
    init() async throws {
        let backing = try await Self.processKey()
        let privateKey = try JWTKit.Insecure.RSA.PrivateKey(backing: backing)
        keyID = "sim-" + String(SHA256.hash(data: Array(backing.publicKey.derRepresentation)).description.suffix(12))
        keys = await JWTKeyCollection().add(rsa: privateKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: keyID))
        let primitives = try privateKey.publicKey.getKeyPrimitives()
        let jwk: JSONValue = .object([
            "kty": .string("RSA"),
            "use": .string("sig"),
            "alg": .string("RS256"),
            "kid": .string(keyID),
            "n": .string(Self.base64URL(primitives.modulus)),
            "e": .string(Self.base64URL(primitives.publicExponent)),
        ])
        jwks = JSONValue.object(["keys": .array([jwk])]).jsonBytes()
    }

    /// A signed notification token for `tenant`, addressed to `audience`.
    func token(tenant: String, audience: String, now: Date = Date()) async throws -> String {
        let claims = Claims(
            iss: IssuerClaim(value: Self.issuer),
            aud: AudienceClaim(value: audience),
            tid: TenantIDClaim(value: tenant),
            appid: SimulatorDefaults.skypeServiceAppID,
            iat: IssuedAtClaim(value: now),
            nbf: NotBeforeClaim(value: now),
            exp: ExpirationClaim(value: now.addingTimeInterval(Self.lifetime))
        )
        return try await keys.sign(claims, kid: JWKIdentifier(string: keyID))
    }

    /// The OpenID metadata document, pointing at `jwksURL`.
    static func openIDMetadata(jwksURL: String) -> [UInt8] {
        JSONValue.object([
            "issuer": .string(issuer),
            "jwks_uri": .string(jwksURL),
            "id_token_signing_alg_values_supported": .array([.string("RS256")]),
            "token_endpoint_auth_methods_supported": .array([.string("private_key_jwt")]),
        ]).jsonBytes()
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
