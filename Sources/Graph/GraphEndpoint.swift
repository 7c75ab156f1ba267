public import CallModel

/// Where the Graph client sends requests: the Graph base URL and the identity platform authority.
public struct GraphEndpoint: Sendable, Hashable {
    /// The Graph base URL without a version, default `https://graph.microsoft.com`.
    public var baseURL: String
    /// The token authority, default `https://login.microsoftonline.com`.
    public var authority: String
    /// The API version redirects are sent to, default `v1.0`.
    public var apiVersion: GraphAPIVersion

    /// Creates an endpoint; every default is Microsoft's global cloud.
    public init(
        baseURL: String = "https://graph.microsoft.com",
        authority: String = "https://login.microsoftonline.com",
        apiVersion: GraphAPIVersion = .v1
    ) {
        self.baseURL = baseURL
        self.authority = authority
        self.apiVersion = apiVersion
    }
}
