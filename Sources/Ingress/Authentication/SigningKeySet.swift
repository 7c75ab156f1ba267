import JWTKit

/// The RS256 verification keys published by the token issuer, by key id.
///
/// Built once per fetch, so verifying a token does not construct keys or verifiers.
struct SigningKeySet: Sendable {
    /// Verifiers by `kid`; each verifies RS256 (RSASSA-PKCS1-v1_5 with SHA-256) only.
    var verifiers: [String: any JWTAlgorithm]

    init(verifiers: [String: any JWTAlgorithm]) {
        self.verifiers = verifiers
    }

    /// The key ids, sorted, for logs.
    var keyIDs: [String] { verifiers.keys.sorted() }
}
