/// Why a notification's bearer token was not accepted.
///
/// The ``code`` is stable: it is the `reason` label of the auth-failure metric and the problem body's
/// `reason`. The ``message`` says what to fix; it never contains the token.
struct AuthenticationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    struct Code: RawRepresentable, Sendable, Hashable {
        var rawValue: String
        init(rawValue: String) { self.rawValue = rawValue }

        /// No `Authorization: Bearer …` header.
        static let missingToken = Code(rawValue: "missing_token")
        /// Not three base64url parts with JSON header and payload.
        static let malformedToken = Code(rawValue: "malformed_token")
        /// `alg` is not `RS256` (`none`, `HS256`, …).
        static let unsupportedAlgorithm = Code(rawValue: "unsupported_algorithm")
        /// The header has no `kid`.
        static let missingKeyID = Code(rawValue: "missing_key_id")
        /// The `kid` is not among the published keys, also after a refresh.
        static let unknownKey = Code(rawValue: "unknown_key")
        /// The signature does not verify with the named key.
        static let invalidSignature = Code(rawValue: "invalid_signature")
        /// `exp` (plus leeway) has passed, or `exp` is missing.
        static let expired = Code(rawValue: "expired")
        /// `nbf` (minus leeway) is still in the future.
        static let notYetValid = Code(rawValue: "not_yet_valid")
        /// `iss` is not an allowed issuer.
        static let wrongIssuer = Code(rawValue: "wrong_issuer")
        /// `nbf` is missing, or `exp − nbf` is longer than 24 hours.
        static let lifetimeTooLong = Code(rawValue: "lifetime_too_long")
        /// `tid` is not a GUID.
        static let invalidTenant = Code(rawValue: "invalid_tenant")
        /// `aud` is not exactly the bot's app id (one audience).
        static let wrongAudience = Code(rawValue: "wrong_audience")
        /// `tid` is missing or empty.
        static let missingTenant = Code(rawValue: "missing_tenant")
        /// `tid` names a tenant outside `allowedTenants` (answered with 403: the token is valid).
        static let tenantNotAllowed = Code(rawValue: "tenant_not_allowed")
        /// The signing keys could not be fetched yet, so no token can be checked (answered with 503).
        static let keysUnavailable = Code(rawValue: "keys_unavailable")
    }

    /// The reason.
    var code: Code
    /// What is wrong, for the problem body and the log.
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "\(code.rawValue): \(message)" }
}
