import Crypto
import CryptoExtras
public import Foundation
import JWTKit
import SwiftASN1
import X509

/// The bot's certificate and private key, checked when loaded: the key is an RSA key of at least
/// 2048 bits, it is the certificate's key, and the certificate is valid now.
///
/// Token requests then carry a client assertion signed with the key (see
/// `assertion(clientID:audience:now:)`). The key stays inside this value: its description names the
/// certificate's subject, SHA-256 thumbprint and expiry, never the key.
public struct GraphClientCertificate: Sendable, CustomStringConvertible {
    /// How long an assertion is valid: 5 minutes, enough for one token request and clock skew.
    public static let assertionLifetime: TimeInterval = 300

    /// The certificate's subject, for messages.
    public let subject: String
    /// The start of the certificate's validity.
    public let notValidBefore: Date
    /// The end of the certificate's validity; no assertion is signed after it.
    public let notValidAfter: Date
    /// The base64url SHA-256 thumbprint of the certificate's DER encoding: the assertion's `x5t#S256`.
    public let thumbprintSHA256: String
    let key: JWTKit.Insecure.RSA.PrivateKey

    /// Loads a certificate and its key from PEM text.
    ///
    /// - Parameters:
    ///   - certificatePEM: One or more `CERTIFICATE` blocks (a chain may follow the certificate), and
    ///     the private key too when `privateKeyPEM` is `nil`.
    ///   - privateKeyPEM: The private key (`PRIVATE KEY` or `RSA PRIVATE KEY`), when it is kept apart.
    ///   - now: The time the certificate must be valid at.
    /// - Throws: `GraphCredentialError` when the PEM is bad, the key is missing, encrypted, not RSA
    ///   or shorter than 2048 bits, no certificate carries the key, or the certificate is not valid `now`.
    public init(certificatePEM: String, privateKeyPEM: String? = nil, now: Date = Date()) throws(GraphCredentialError) {
        let certificateBlocks = try Self.blocks(certificatePEM, what: "the certificate")
        let keyBlocks = try privateKeyPEM.map { text throws(GraphCredentialError) in try Self.blocks(text, what: "the private key") }
            ?? certificateBlocks
        let rsaKey = try Self.privateKey(in: keyBlocks, separateFile: privateKeyPEM != nil)

        let certificates = certificateBlocks.filter { $0.discriminator == "CERTIFICATE" }
        guard !certificates.isEmpty else {
            throw GraphCredentialError(code: .missingCertificate, message: "the certificate file holds no CERTIFICATE block")
        }
        var parsed: [(certificate: Certificate, der: [UInt8])] = []
        for block in certificates {
            do {
                parsed.append((try Certificate(derEncoded: block.derBytes), block.derBytes))
            } catch {
                throw GraphCredentialError(code: .invalidPEM, message: "a CERTIFICATE block of the certificate file is not an X.509 certificate: \(error)")
            }
        }
        let publicKey = rsaKey.publicKey.derRepresentation
        guard let match = parsed.first(where: { _RSA.Signing.PublicKey($0.certificate.publicKey)?.derRepresentation == publicKey }) else {
            let subjects = parsed.map { "\($0.certificate.subject)" }.joined(separator: "; ")
            throw GraphCredentialError(
                code: .keyMismatch,
                message: "the private key does not belong to the certificate (\(subjects)); use the key the certificate was issued for")
        }
        let certificate = match.certificate
        subject = "\(certificate.subject)"
        notValidBefore = certificate.notValidBefore
        notValidAfter = certificate.notValidAfter
        thumbprintSHA256 = Base64URL.encode(SHA256.hash(data: match.der))
        guard now <= certificate.notValidAfter else {
            throw GraphCredentialError(
                code: .certificateExpired,
                message: "the client certificate \(subject) expired at \(Self.format(certificate.notValidAfter)); upload a renewed certificate to the app registration and install it")
        }
        guard now >= certificate.notValidBefore else {
            throw GraphCredentialError(
                code: .certificateNotYetValid,
                message: "the client certificate \(subject) is valid only from \(Self.format(certificate.notValidBefore)); check the clock or the certificate")
        }
        do {
            key = try JWTKit.Insecure.RSA.PrivateKey(backing: rsaKey)
        } catch {
            throw GraphCredentialError(code: .unsupportedKey, message: "the private key cannot sign assertions: \(error)")
        }
    }

    /// Loads the certificate file and, when given, the separate key file.
    ///
    /// - Throws: `GraphCredentialError` naming the file that cannot be read, or what `init` throws.
    public static func load(certificateFile: String, keyFile: String? = nil, now: Date = Date()) throws(GraphCredentialError) -> GraphClientCertificate {
        func read(_ path: String, _ what: String) throws(GraphCredentialError) -> String {
            do {
                return try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw GraphCredentialError(code: .unreadableFile, message: "cannot read the \(what) file \(path): \(error.localizedDescription)")
            }
        }
        let certificatePEM = try read(certificateFile, "client certificate")
        let keyPEM = try keyFile.map { path throws(GraphCredentialError) in try read(path, "client key") }
        do {
            return try GraphClientCertificate(certificatePEM: certificatePEM, privateKeyPEM: keyPEM, now: now)
        } catch {
            let files = "certificate file \(certificateFile)" + (keyFile.map { ", key file \($0)" } ?? "")
            throw GraphCredentialError(code: error.code, message: "\(error.message) (\(files))")
        }
    }

    public var description: String {
        "\(subject) (x5t#S256 \(thumbprintSHA256), valid until \(Self.format(notValidAfter)))"
    }

    // MARK: Parsing

    private static func blocks(_ text: String, what: String) throws(GraphCredentialError) -> [PEMDocument] {
        let blocks: [PEMDocument]
        do {
            blocks = try PEMDocument.parseMultiple(pemString: text)
        } catch {
            throw GraphCredentialError(code: .invalidPEM, message: "\(what) file is not PEM: \(error)")
        }
        guard !blocks.isEmpty else {
            throw GraphCredentialError(code: .invalidPEM, message: "\(what) file holds no PEM block (-----BEGIN …-----)")
        }
        return blocks
    }

    /// The one private key among `blocks`, as an RSA key of at least 2048 bits.
    private static func privateKey(in blocks: [PEMDocument], separateFile: Bool) throws(GraphCredentialError) -> _RSA.Signing.PrivateKey {
        let where_ = separateFile ? "the key file" : "the certificate file (or give --graph-client-key-file)"
        if blocks.contains(where: { $0.discriminator == "ENCRYPTED PRIVATE KEY" }) {
            throw GraphCredentialError(
                code: .encryptedPrivateKey,
                message: "the private key in \(where_) is encrypted; store it unencrypted in a file only the worker can read (a Kubernetes Secret volume)")
        }
        let keys = blocks.filter { $0.discriminator.hasSuffix("PRIVATE KEY") }
        guard let block = keys.first else {
            throw GraphCredentialError(code: .missingPrivateKey, message: "no private key in \(where_)")
        }
        guard keys.count == 1 else {
            throw GraphCredentialError(code: .invalidPEM, message: "\(where_) holds \(keys.count) private keys; keep only the certificate's")
        }
        if let key = try? _RSA.Signing.PrivateKey(pemRepresentation: block.pemString) {
            return key
        }
        if let weak = try? _RSA.Signing.PrivateKey(unsafePEMRepresentation: block.pemString) {
            throw GraphCredentialError(
                code: .unsupportedKey,
                message: "the private key is RSA-\(weak.keySizeInBits); Microsoft Entra needs at least 2048 bits")
        }
        if (try? Certificate.PrivateKey(pemDocument: block)) != nil {
            throw GraphCredentialError(
                code: .unsupportedKey,
                message: "the private key is not an RSA key; Microsoft Entra accepts client certificates with RSA keys")
        }
        throw GraphCredentialError(code: .invalidPEM, message: "the \(block.discriminator) block in \(where_) is not a valid private key")
    }

    static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
