import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// A throwaway certificate authority and a server certificate it signed, made at start.
///
/// Clients trust `authorityPEM` (for the Graph client: `additionalTrustRootsPEM`); the server
/// certificate names `localhost`, `127.0.0.1`, `::1` and the configured host.
struct SimulatorCertificate: Sendable {
    /// The authority's certificate, PEM.
    let authorityPEM: String
    /// The server certificate, PEM.
    let serverPEM: String
    /// The server's private key, PEM.
    let serverKeyPEM: String

    /// Makes the authority and the server certificate.
    ///
    /// - Throws: when swift-certificates cannot build or serialise them.
    init(host: String) throws {
        let now = Date()
        let authorityKey = P256.Signing.PrivateKey()
        let authorityName = try DistinguishedName {
            OrganizationName("Switchboard")
            CommonName("Switchboard Graph simulator CA")
        }
        let authority = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(authorityKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(30 * 86_400),
            issuer: authorityName,
            subject: authorityName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(authorityKey)
        )

        let serverKey = P256.Signing.PrivateKey()
        var names: [GeneralName] = [
            .dnsName("localhost"),
            .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
            .ipAddress(ASN1OctetString(contentBytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
        ]
        let octets = host.split(separator: ".").compactMap { UInt8($0) }
        if octets.count == 4 {
            if octets != [127, 0, 0, 1] { names.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets)))) }
        } else if host != "localhost", !host.contains(":") {
            names.append(.dnsName(host))
        }
        let server = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(serverKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(30 * 86_400),
            issuer: authorityName,
            subject: try DistinguishedName { CommonName("localhost") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: Certificate.PrivateKey(authorityKey)
        )
        authorityPEM = try authority.serializeAsPEM().pemString
        serverPEM = try server.serializeAsPEM().pemString
        serverKeyPEM = serverKey.pemRepresentation
    }

    /// The server side of TLS: the server certificate and its chain.
    func serverTLSConfiguration() throws -> TLSConfiguration {
        TLSConfiguration.makeServerConfiguration(
            certificateChain: [
                .certificate(try NIOSSLCertificate(bytes: Array(serverPEM.utf8), format: .pem)),
                .certificate(try NIOSSLCertificate(bytes: Array(authorityPEM.utf8), format: .pem)),
            ],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(serverKeyPEM.utf8), format: .pem))
        )
    }
}
