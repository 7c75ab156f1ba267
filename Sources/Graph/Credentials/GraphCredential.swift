/// How the worker proves to Microsoft Entra that it is the bot's application: exactly one of a
/// client secret, a certificate (a signed client assertion, RFC 7523), or a federated token from
/// workload identity (the token file's content as the client assertion).
///
/// Its description never contains the secret, the key or the token.
public enum GraphCredential: Sendable, CustomStringConvertible {
    /// A client secret, sent as `client_secret`.
    case clientSecret(String)
    /// A certificate and its private key: each token request carries a fresh assertion signed with the key.
    case certificate(GraphClientCertificate)
    /// A federated token file (Kubernetes workload identity), re-read for every token request, so a
    /// rotated token is used from the next request on.
    case federatedToken(GraphFederatedTokenFile)

    /// The mode's name as `--graph-auth` and the logs spell it: `secret`, `certificate`, `workload-identity`.
    public var mode: String {
        switch self {
        case .clientSecret: "secret"
        case .certificate: "certificate"
        case .federatedToken: "workload-identity"
        }
    }

    public var description: String {
        switch self {
        case .clientSecret: "client secret <redacted>"
        case .certificate(let certificate): "certificate \(certificate)"
        case .federatedToken(let file): "federated token file \(file.path)"
        }
    }
}
