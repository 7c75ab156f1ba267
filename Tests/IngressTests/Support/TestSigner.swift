import CryptoExtras
import Foundation
import JWTKit

@testable import Ingress

/// Claims of a notification token as Microsoft sends them.
struct NotificationClaims: JWTPayload {
    var iss: String?
    var aud: String?
    var exp: Double?
    var nbf: Double?
    var tid: String?
    var appid: String? = "26a18ebc-cdf7-4a6a-91cb-beb352805e81"

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// An RSA signing key of a test issuer, with its public half as a published key.
struct TestSigningKey: Sendable {
    let kid: String
    let privateKey: JWTKit.Insecure.RSA.PrivateKey

    init(kid: String) throws {
        self.kid = kid
        self.privateKey = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    /// The key as a JWKS entry.
    var published: PublishedKey {
        // A key made from a private key always has its primitives.
        let primitives = try! privateKey.publicKey.getKeyPrimitives()
        return PublishedKey(
            kty: "RSA", kid: kid, use: "sig", alg: nil,
            n: Base64URL.encode(primitives.modulus), e: Base64URL.encode(primitives.publicExponent), x5c: nil
        )
    }

    /// The JWKS JSON member for this key.
    var jwksEntry: [String: String] {
        let key = published
        return ["kty": "RSA", "kid": kid, "use": "sig", "n": key.n ?? "", "e": key.e ?? "", "x5t": kid]
    }

    /// A signed token; `header` members beyond `alg` and `kid` can be added (Microsoft adds `"cty":"JWT"`).
    func sign(_ claims: NotificationClaims, kid: String? = nil, cty: String? = "JWT") async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(rsa: privateKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid ?? self.kid))
        var header = JWTHeader()
        header.typ = "JWT"
        header.cty = cty
        header.x5t = kid ?? self.kid
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid ?? self.kid), header: header)
    }
}

/// Shared test keys: generating RSA keys is slow, so each process makes these once.
enum TestKeys {
    static let botAppID = "0efc74f7-4bfc-4fe3-a2cb-cb3e9a8d1a6f"
    static let tenantID = "1fdd12d0-4620-44ed-baec-459b611f84b2"
    static let issuer = "https://api.botframework.com"

    // Generating a 2048-bit key cannot fail except when the machine is out of entropy or memory.
    static let primary = try! TestSigningKey(kid: "key-1")
    static let rotated = try! TestSigningKey(kid: "key-2")

    /// Claims that pass every check at `now`.
    static func validClaims(now: Date = Date()) -> NotificationClaims {
        NotificationClaims(
            iss: issuer,
            aud: botAppID,
            exp: now.timeIntervalSince1970 + 240,
            nbf: now.timeIntervalSince1970 - 60,
            tid: tenantID
        )
    }

    /// A token with an arbitrary JOSE header and payload and the given signature bytes (for `alg: none`).
    static func unsignedToken(header: String, claims: NotificationClaims, signature: [UInt8] = []) throws -> String {
        let payload = try JSONEncoder().encode(claims)
        return Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(payload) + "." + Base64URL.encode(signature)
    }

    /// An HS256 token whose "secret" is the string `secret`, naming `kid`.
    static func hmacToken(secret: String, kid: String, claims: NotificationClaims) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }
}
