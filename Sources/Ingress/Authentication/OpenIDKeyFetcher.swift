import AsyncHTTPClient
import CallModel
import Foundation
import JWTKit
import Logging
import NIOCore

/// Fetches the signing keys named by an OpenID metadata document (`jwks_uri`).
///
/// Microsoft publishes the keys of calling notifications at
/// `https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration`. Keys that are not RSA signing keys
/// are skipped (and logged), so one unexpected entry does not take the others down. Both documents
/// must be `https` (``SecureURL``: `http` only on loopback), and redirects are not followed: a
/// redirect could lead from Microsoft's host to anyone's.
struct OpenIDKeyFetcher: SigningKeyFetching {
    /// The metadata document.
    var metadataURL: String
    /// The client the documents are fetched with; `nil` (production): a client that follows no
    /// redirects, made for each fetch and shut down after it (fetches are hourly), so no client
    /// outlives the ingress whether or not it ran.
    var httpClient: HTTPClient?
    /// The timeout of each of the two requests.
    var timeout: Duration
    var logger: Logger

    /// The largest document accepted; real key sets are a few KiB.
    static let maxDocumentBytes = 1024 * 1024

    /// A client for key documents: follows no redirects (a 3xx is an error like any non-200).
    static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func fetchKeys() async throws -> SigningKeySet {
        if let httpClient { return try await fetchKeys(with: httpClient) }
        let client = Self.makeHTTPClient()
        do {
            let keys = try await fetchKeys(with: client)
            try? await client.shutdown()
            return keys
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func fetchKeys(with httpClient: HTTPClient) async throws -> SigningKeySet {
        let metadata = try OpenIDMetadata(try await fetch(metadataURL, with: httpClient), url: metadataURL)
        guard let jwksURI = metadata.jwksURI, !jwksURI.isEmpty else {
            throw SigningKeyFetchError(url: metadataURL, reason: "the document has no jwks_uri")
        }
        guard SecureURL.isAllowed(jwksURI) else {
            throw SigningKeyFetchError(url: metadataURL, reason: "its jwks_uri \"\(jwksURI)\" is not https")
        }
        let keySet = try PublishedKeySet(try await fetch(jwksURI, with: httpClient), url: jwksURI)
        var verifiers: [String: any JWTAlgorithm] = [:]
        for key in keySet.keys {
            do throws(SigningKeyFetchError) {
                if let (kid, verifier) = try await Self.verifier(for: key, url: jwksURI) {
                    verifiers[kid] = verifier
                }
            } catch {
                logger.warning(
                    "Skipping a published signing key",
                    metadata: ["jwks.kid": "\(key.kid ?? "")", "error": "\(error.reason)"]
                )
            }
        }
        guard !verifiers.isEmpty else {
            throw SigningKeyFetchError(url: jwksURI, reason: "the key set has no RSA signing key with a kid")
        }
        return SigningKeySet(verifiers: verifiers)
    }

    /// The JSON document at `url`, read with the strict reader.
    private func fetch(_ url: String, with httpClient: HTTPClient) async throws -> JSONValue {
        guard SecureURL.isAllowed(url) else {
            throw SigningKeyFetchError(url: url, reason: "not an https URL")
        }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let body: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: .init(timeout))
            guard response.status == .ok else {
                throw SigningKeyFetchError(url: url, reason: "HTTP \(response.status.code)")
            }
            body = try await response.body.collect(upTo: Self.maxDocumentBytes)
        } catch let error as SigningKeyFetchError {
            throw error
        } catch {
            throw SigningKeyFetchError(url: url, reason: String(describing: error))
        }
        do {
            return try JSONValue.parse(Array(body.readableBytesView))
        } catch {
            throw SigningKeyFetchError(url: url, reason: "not JSON: \(error)")
        }
    }

    /// An RS256 verifier for one published key, or `nil` when the key is not meant for RS256 signatures.
    static func verifier(
        for key: PublishedKey,
        url: String
    ) async throws(SigningKeyFetchError) -> (String, any JWTAlgorithm)? {
        guard key.kty == "RSA", key.use == nil || key.use == "sig", key.alg == nil || key.alg == "RS256" else {
            return nil
        }
        guard let kid = key.kid, !kid.isEmpty else {
            throw SigningKeyFetchError(url: url, reason: "an RSA key has no kid")
        }
        let publicKey: Insecure.RSA.PublicKey
        do {
            if let modulus = key.n, let exponent = key.e {
                publicKey = try Insecure.RSA.PublicKey(modulus: modulus, exponent: exponent)
            } else if let certificate = key.x5c?.first {
                publicKey = try Insecure.RSA.PublicKey(certificatePEM: pem(certificateBase64: certificate))
            } else {
                throw SigningKeyFetchError(url: url, reason: "key \(kid) has neither n/e nor x5c")
            }
        } catch let error as SigningKeyFetchError {
            throw error
        } catch {
            throw SigningKeyFetchError(url: url, reason: "key \(kid) is not a usable RSA public key: \(error)")
        }
        let collection = JWTKeyCollection()
        await collection.add(rsa: publicKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        do {
            return (kid, try await collection.getKey(for: JWKIdentifier(string: kid)))
        } catch {
            throw SigningKeyFetchError(url: url, reason: "key \(kid): \(error)")
        }
    }

    private static func pem(certificateBase64: String) -> String {
        var lines = ["-----BEGIN CERTIFICATE-----"]
        var rest = Substring(certificateBase64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        lines.append("-----END CERTIFICATE-----")
        return lines.joined(separator: "\n")
    }
}

/// The part of an OpenID metadata document the ingress reads.
struct OpenIDMetadata {
    var jwksURI: String?

    /// Reads `jwks_uri` from the document fetched from `url`.
    ///
    /// - Throws: ``SigningKeyFetchError`` when the document is not an object or `jwks_uri` is not a string.
    init(_ document: JSONValue, url: String) throws(SigningKeyFetchError) {
        guard case let .object(members) = document else {
            throw SigningKeyFetchError(url: url, reason: "the document is \(document.kindDescription), not a JSON object")
        }
        switch members["jwks_uri"] {
        case nil, .null?: jwksURI = nil
        case let .string(uri)?: jwksURI = uri
        case let other?: throw SigningKeyFetchError(url: url, reason: "its jwks_uri is \(other.kindDescription), not a string")
        }
    }
}

/// A JSON Web Key Set, read leniently: an entry that is not an object with string members is skipped.
struct PublishedKeySet {
    var keys: [PublishedKey]

    /// Reads the `keys` array of the document fetched from `url`.
    ///
    /// - Throws: ``SigningKeyFetchError`` when the document is not an object with a `keys` array.
    init(_ document: JSONValue, url: String) throws(SigningKeyFetchError) {
        guard case let .array(entries)? = document["keys"] else {
            throw SigningKeyFetchError(url: url, reason: "the document has no keys array")
        }
        keys = entries.compactMap(PublishedKey.init)
    }
}

/// One published key (RFC 7517 members the ingress uses).
struct PublishedKey: Sendable {
    var kty: String?
    var kid: String?
    var use: String?
    var alg: String?
    var n: String?
    var e: String?
    var x5c: [String]?

    init(kty: String?, kid: String?, use: String?, alg: String?, n: String?, e: String?, x5c: [String]?) {
        (self.kty, self.kid, self.use, self.alg, self.n, self.e, self.x5c) = (kty, kid, use, alg, n, e, x5c)
    }

    /// The key of a JWKS entry; `nil` when the entry is not an object, a member it uses is not a
    /// string, or `x5c` is not an array of strings.
    init?(_ entry: JSONValue) {
        guard case let .object(members) = entry else { return nil }
        func string(_ key: String) -> String?? {
            switch members[key] {
            case nil, .null?: return .some(nil)
            case let .string(text)?: return .some(text)
            default: return nil
            }
        }
        guard let kty = string("kty"), let kid = string("kid"), let use = string("use"), let alg = string("alg"),
            let n = string("n"), let e = string("e")
        else { return nil }
        var x5c: [String]?
        switch members["x5c"] {
        case nil, .null?:
            x5c = nil
        case let .array(elements)?:
            var certificates: [String] = []
            for element in elements {
                guard case let .string(certificate) = element else { return nil }
                certificates.append(certificate)
            }
            x5c = certificates
        default:
            return nil
        }
        self.init(kty: kty, kid: kid, use: use, alg: alg, n: n, e: e, x5c: x5c)
    }
}
