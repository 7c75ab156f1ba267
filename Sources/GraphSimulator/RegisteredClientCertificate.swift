import Crypto
import CryptoExtras
import Foundation
import SwiftASN1
import X509

/// A certificate registered on the simulated app registration: assertions whose `x5t#S256` (or
/// `x5t`) names it must be signed by its key.
struct RegisteredClientCertificate: Sendable {
    /// base64url SHA-256 of the DER encoding.
    let thumbprintSHA256: String
    /// base64url SHA-1 of the DER encoding (the older `x5t` header).
    let thumbprintSHA1: String
    let publicKey: _RSA.Signing.PublicKey

    /// Every certificate in `pem` (one or more `CERTIFICATE` blocks; other blocks are ignored).
    ///
    /// - Throws: `SimulatorConfigurationError` when the text holds no RSA certificate.
    static func parse(_ pem: String) throws -> [RegisteredClientCertificate] {
        let blocks = try PEMDocument.parseMultiple(pemString: pem).filter { $0.discriminator == "CERTIFICATE" }
        let registered = try blocks.map { block in
            let certificate = try Certificate(derEncoded: block.derBytes)
            guard let key = _RSA.Signing.PublicKey(certificate.publicKey) else {
                throw SimulatorConfigurationError("the client certificate \(certificate.subject) has no RSA key; Entra accepts RSA certificates")
            }
            return RegisteredClientCertificate(
                thumbprintSHA256: JWTText.base64URL(Data(SHA256.hash(data: block.derBytes))),
                thumbprintSHA1: JWTText.base64URL(Data(Insecure.SHA1.hash(data: block.derBytes))),
                publicKey: key)
        }
        guard !registered.isEmpty else { throw SimulatorConfigurationError("the client certificate PEM holds no CERTIFICATE block") }
        return registered
    }
}
