import JWTKit

/// The JOSE header members the ingress reads; others (`typ`, `x5t`, Microsoft's `"cty": "JWT"`) are ignored.
struct TokenHeader: Decodable {
    var alg: String?
    var kid: String?
}

/// The claims of a notification token the ingress checks.
struct TokenClaims: Decodable, Sendable {
    var iss: String?
    /// A string or an array of strings (RFC 7519 §4.1.3).
    var aud: AudienceClaim?
    /// Seconds since the epoch.
    var exp: Double?
    /// Seconds since the epoch.
    var nbf: Double?
    /// The tenant of the call.
    var tid: String?
}
