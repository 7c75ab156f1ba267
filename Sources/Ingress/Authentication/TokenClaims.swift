import CallModel

/// The JOSE header members the ingress reads; others (`typ`, `x5t`, Microsoft's `"cty": "JWT"`) are ignored.
struct TokenHeader {
    var alg: String?
    var kid: String?

    /// Reads the header object.
    ///
    /// - Throws: ``AuthenticationFailure/Code/malformedToken`` when `alg` or `kid` is not a string.
    init(_ object: JSONObject) throws(AuthenticationFailure) {
        alg = try tokenString(object, "alg", part: "header")
        kid = try tokenString(object, "kid", part: "header")
    }
}

/// The member `key` of a token part: absent or `null` reads as `nil`; any other kind of value is malformed.
private func tokenString(_ object: JSONObject, _ key: String, part: String) throws(AuthenticationFailure) -> String? {
    switch object[key] {
    case nil, .null?: return nil
    case let .string(text)?: return text
    case let other?: throw AuthenticationFailure(.malformedToken, "the token \(part)'s \(key) is \(other.kindDescription), not a string")
    }
}

/// The claims of a notification token the ingress checks.
struct TokenClaims: Sendable {
    var iss: String?
    /// A string or an array of strings (RFC 7519 §4.1.3), as an array.
    var aud: [String]?
    /// Seconds since the epoch.
    var exp: Double?
    /// Seconds since the epoch.
    var nbf: Double?
    /// The tenant of the call.
    var tid: String?

    /// Reads the payload object; claims the ingress does not check are ignored.
    ///
    /// - Throws: ``AuthenticationFailure/Code/malformedToken`` when a checked claim has the wrong kind of value.
    init(_ object: JSONObject) throws(AuthenticationFailure) {
        iss = try tokenString(object, "iss", part: "payload")
        tid = try tokenString(object, "tid", part: "payload")
        exp = try Self.seconds(object, "exp")
        nbf = try Self.seconds(object, "nbf")
        switch object["aud"] {
        case nil, .null?:
            aud = nil
        case let .string(audience)?:
            aud = [audience]
        case let .array(elements)?:
            aud = try elements.map { element throws(AuthenticationFailure) in
                guard case let .string(audience) = element else {
                    throw AuthenticationFailure(.malformedToken, "the token payload's aud holds \(element.kindDescription), not a string")
                }
                return audience
            }
        case let other?:
            throw AuthenticationFailure(.malformedToken, "the token payload's aud is \(other.kindDescription), not a string or an array of strings")
        }
    }

    private static func seconds(_ object: JSONObject, _ key: String) throws(AuthenticationFailure) -> Double? {
        switch object[key] {
        case nil, .null?: return nil
        case let .number(seconds)?: return seconds
        case let other?: throw AuthenticationFailure(.malformedToken, "the token payload's \(key) is \(other.kindDescription), not a number")
        }
    }
}
