import Crypto
import CryptoExtras
public import Foundation
import NIOPosix
import X509

/// A self-signed RSA certificate and its key, made on the spot: for `switchboard dev
/// --graph-auth certificate` and for tests of certificate credentials. Give `certificatePEM` to
/// the simulator (`SimulatorConfiguration.clientCertificatesPEM`) and both to the worker.
public struct SimulatedClientCertificate: Sendable {
    /// The certificate, PEM.
    public let certificatePEM: String
    /// The private key, PKCS#8 PEM (`PRIVATE KEY`).
    public let privateKeyPEM: String

    /// The certificate followed by its key, as one file.
    public var combinedPEM: String {
        certificatePEM + (certificatePEM.hasSuffix("\n") ? "" : "\n") + privateKeyPEM + "\n"
    }

    /// Makes a key pair (RSA-2048, on NIO's thread pool: generation can take a second) and a
    /// certificate for it.
    ///
    /// - Parameters:
    ///   - commonName: The certificate's subject and issuer CN.
    ///   - notValidBefore: Start of validity, default an hour ago.
    ///   - notValidAfter: End of validity, default 30 days from now.
    /// - Throws: when the key or certificate cannot be made.
    public static func make(
        commonName: String = "switchboard-dev",
        notValidBefore: Date = Date().addingTimeInterval(-3600),
        notValidAfter: Date = Date().addingTimeInterval(30 * 86_400)
    ) async throws -> SimulatedClientCertificate {
        let key = try await NIOThreadPool.singleton.runIfActive { try _RSA.Signing.PrivateKey(keySize: .bits2048) }
        let name = try DistinguishedName { CommonName(commonName) }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: notValidBefore,
            notValidAfter: notValidAfter,
            issuer: name,
            subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        return SimulatedClientCertificate(
            certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: key.pkcs8PEMRepresentation)
    }
}
