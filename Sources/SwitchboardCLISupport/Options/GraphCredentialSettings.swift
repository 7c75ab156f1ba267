public import Graph

/// The Graph credential `switchboard worker` resolved: which application, how it authenticates,
/// and the token authority that goes with it.
package struct GraphCredentialSettings: Sendable {
    /// The bot's application (client) id: `SWITCHBOARD_GRAPH_CLIENT_ID`, or `AZURE_CLIENT_ID` with workload identity.
    package var clientID: String
    /// The one configured credential.
    package var credential: GraphCredential
    /// The token authority without a trailing slash: `SWITCHBOARD_GRAPH_AUTHORITY` (default
    /// `https://login.microsoftonline.com`), or `AZURE_AUTHORITY_HOST` with workload identity.
    package var authority: String
    /// With workload identity, `AZURE_TENANT_ID`: the app registration's home tenant, whose token
    /// is fetched at start when no tenants are listed, so a broken federation shows at once.
    package var homeTenant: String?
}
