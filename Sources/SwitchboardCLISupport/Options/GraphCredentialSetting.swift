/// The worker's Graph application and credential settings (``GraphCredentialOptions``).
package enum GraphCredentialSetting {
    package static let clientID = Setting<String?>(
        flag: "graph-client-id", variable: "SWITCHBOARD_GRAPH_CLIENT_ID", defaultText: "required",
        abstract: "The bot's application (client) id; with workload identity AZURE_CLIENT_ID", valueName: "id")
    package static let authority = Setting<String?>(
        flag: "graph-authority", variable: "SWITCHBOARD_GRAPH_AUTHORITY", defaultText: defaultAuthority,
        abstract: "Token authority, https (plain http only on loopback); with workload identity AZURE_AUTHORITY_HOST",
        valueName: "url")
    package static let secretFile = Setting<String?>(
        flag: "graph-client-secret-file", variable: "SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE", defaultText: "none",
        abstract: "File holding the client secret", valueName: "path")
    package static let secret = Setting<String?>(
        flag: nil, variable: "SWITCHBOARD_GRAPH_CLIENT_SECRET", defaultText: "none",
        abstract: "The client secret itself, instead of a file", valueName: "secret")
    package static let certificateFile = Setting<String?>(
        flag: "graph-client-certificate-file", variable: "SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE", defaultText: "none",
        abstract: "PEM file with the client certificate, and its private key unless --graph-client-key-file names it; token requests then carry an assertion signed with the key",
        valueName: "path")
    package static let keyFile = Setting<String?>(
        flag: "graph-client-key-file", variable: "SWITCHBOARD_GRAPH_CLIENT_KEY_FILE", defaultText: "none",
        abstract: "PEM file with the certificate's private key, when it is not in the certificate file", valueName: "path")
    package static let federatedTokenFile = workloadIdentity(
        "AZURE_FEDERATED_TOKEN_FILE", "Workload identity: the projected service account token file")
    package static let azureClientID = workloadIdentity("AZURE_CLIENT_ID", "Workload identity: the application (client) id")
    package static let azureTenantID = workloadIdentity("AZURE_TENANT_ID", "Workload identity: the tenant")
    package static let azureAuthorityHost = workloadIdentity("AZURE_AUTHORITY_HOST", "Workload identity: the token authority")

    /// The authority when none is set.
    package static let defaultAuthority = "https://login.microsoftonline.com"

    /// The variables the AKS workload identity webhook injects.
    package static let workloadIdentityVariables = [federatedTokenFile, azureClientID, azureTenantID, azureAuthorityHost].map(\.variable)

    /// Every setting, in `--help`'s order (the workload identity variables last: they have no flags).
    package static let rows: [SettingRow] = [
        clientID.row, authority.row, secretFile.row, secret.row, certificateFile.row, keyFile.row,
        federatedTokenFile.row, azureClientID.row, azureTenantID.row, azureAuthorityHost.row,
    ]

    private static func workloadIdentity(_ variable: String, _ abstract: String) -> Setting<String?> {
        Setting<String?>(flag: nil, variable: variable, defaultText: "set by the AKS workload identity webhook", abstract: abstract, valueName: "value")
    }
}
