extension GraphCredential {
    /// `client_assertion_type` of RFC 7523 client authentication.
    static let jwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// The form fields that authenticate a token request to `tokenURL`.
    ///
    /// - Throws: `GraphError` with code `credential` when no assertion can be made (certificate expired,
    ///   token file unreadable or expired).
    func tokenRequestFields(clientID: String, tokenURL: String) async throws(GraphError) -> [(String, String)] {
        switch self {
        case .clientSecret(let secret):
            return [("client_secret", secret)]
        case .certificate(let certificate):
            let assertion = try await certificate.assertion(clientID: clientID, audience: tokenURL)
            return [("client_assertion_type", Self.jwtBearerAssertionType), ("client_assertion", assertion)]
        case .federatedToken(let file):
            return [("client_assertion_type", Self.jwtBearerAssertionType), ("client_assertion", try await file.read())]
        }
    }
}
