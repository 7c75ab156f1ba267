public import ArgumentParser
public import Foundation
import Graph

/// The worker's Graph credential flags, and how flags and environment become exactly one credential.
///
/// Exactly one of: a client secret (`SWITCHBOARD_GRAPH_CLIENT_SECRET`, or a file), a certificate
/// (`--graph-client-certificate-file`, with the key in it or in `--graph-client-key-file`), or
/// workload identity (`AZURE_FEDERATED_TOKEN_FILE`, `AZURE_CLIENT_ID`, `AZURE_TENANT_ID` and
/// `AZURE_AUTHORITY_HOST`, as the AKS workload identity webhook sets them). Key material comes only
/// from files, never from flags.
package struct GraphCredentialOptions: ParsableArguments {
    package init() {}

    @Option(name: GraphCredentialSetting.secretFile.name, help: GraphCredentialSetting.secretFile.help)
    package var graphClientSecretFile: String?

    @Option(name: GraphCredentialSetting.certificateFile.name, help: GraphCredentialSetting.certificateFile.help)
    package var graphClientCertificateFile: String?

    @Option(name: GraphCredentialSetting.keyFile.name, help: GraphCredentialSetting.keyFile.help)
    package var graphClientKeyFile: String?

    /// The variables the AKS workload identity webhook injects.
    package static let workloadIdentityVariables = GraphCredentialSetting.workloadIdentityVariables

    /// Resolves the one credential, its client id and its authority, and loads and checks it.
    ///
    /// - Parameters:
    ///   - environment: Where the variables are read.
    ///   - clientIDFlag: `--graph-client-id`.
    ///   - authorityFlag: `--graph-authority`.
    /// - Throws: `GraphCredentialError` naming the settings when none or several credentials are
    ///   configured, workload identity is incomplete or disagrees with the other settings, the
    ///   authority is not HTTPS, or a certificate, key or token file is unusable; `ValidationError`
    ///   when no client id is set.
    package func resolve(_ environment: SettingsEnvironment, clientIDFlag: String?, authorityFlag: String?, now: Date = Date()) throws -> GraphCredentialSettings {
        func variable(_ name: String) -> String? {
            environment.variables[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        let secretSettings = [
            graphClientSecretFile.map { _ in GraphCredentialSetting.secretFile.option },
            variable(GraphCredentialSetting.secretFile.variable).map { _ in GraphCredentialSetting.secretFile.variable },
            variable(GraphCredentialSetting.secret.variable).map { _ in GraphCredentialSetting.secret.variable },
        ].compactMap { $0 }
        let certificateFile = try environment.optional(graphClientCertificateFile, GraphCredentialSetting.certificateFile)
        let keyFile = try environment.optional(graphClientKeyFile, GraphCredentialSetting.keyFile)
        let tokenFile = variable(GraphCredentialSetting.federatedTokenFile.variable)

        var configured: [String] = []
        if !secretSettings.isEmpty { configured.append("a client secret (\(secretSettings.joined(separator: ", ")))") }
        if certificateFile != nil {
            let setting = GraphCredentialSetting.certificateFile
            configured.append("a certificate (\(graphClientCertificateFile == nil ? setting.variable : setting.option))")
        }
        if tokenFile != nil { configured.append("workload identity (AZURE_FEDERATED_TOKEN_FILE)") }
        if configured.count > 1 {
            throw GraphCredentialError(
                code: .conflictingCredentials,
                message: "configure exactly one Graph credential, found \(configured.count): \(configured.joined(separator: "; "))")
        }
        if keyFile != nil, certificateFile == nil {
            throw GraphCredentialError(
                code: .missingCertificate,
                message: "--graph-client-key-file (SWITCHBOARD_GRAPH_CLIENT_KEY_FILE) needs --graph-client-certificate-file (SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE)")
        }
        let clientIDSetting = try environment.optional(clientIDFlag, GraphCredentialSetting.clientID)
        let authoritySetting = try environment.optional(authorityFlag, GraphCredentialSetting.authority).map(Self.trimmed)

        if let tokenFile {
            let missing = Self.workloadIdentityVariables.filter { variable($0) == nil }
            guard missing.isEmpty, let clientID = variable(GraphCredentialSetting.azureClientID.variable),
                let tenant = variable(GraphCredentialSetting.azureTenantID.variable),
                let host = variable(GraphCredentialSetting.azureAuthorityHost.variable)
            else {
                throw GraphCredentialError(
                    code: .incompleteWorkloadIdentity,
                    message: "AZURE_FEDERATED_TOKEN_FILE is set, so workload identity needs \(missing.joined(separator: ", ")) too (the AKS workload identity webhook sets all four)")
            }
            if let clientIDSetting, clientIDSetting != clientID {
                throw GraphCredentialError(
                    code: .clientIDMismatch,
                    message: "SWITCHBOARD_GRAPH_CLIENT_ID (or --graph-client-id) \(clientIDSetting) is not AZURE_CLIENT_ID \(clientID); with workload identity the application is AZURE_CLIENT_ID, so unset one or make them equal")
            }
            let authority = Self.trimmed(host)
            if let authoritySetting, authoritySetting != authority {
                throw GraphCredentialError(
                    code: .authorityConflict,
                    message: "SWITCHBOARD_GRAPH_AUTHORITY (or --graph-authority) \(authoritySetting) is not AZURE_AUTHORITY_HOST \(host); with workload identity the authority is AZURE_AUTHORITY_HOST")
            }
            try GraphEndpoint.checkAuthority(authority, setting: "AZURE_AUTHORITY_HOST")
            let file = GraphFederatedTokenFile(path: tokenFile)
            try file.check()
            return GraphCredentialSettings(clientID: clientID, credential: .federatedToken(file), authority: authority, homeTenant: tenant)
        }

        guard let clientID = clientIDSetting else {
            throw ValidationError("set the bot's application id with --graph-client-id or SWITCHBOARD_GRAPH_CLIENT_ID")
        }
        let authority = authoritySetting ?? GraphCredentialSetting.defaultAuthority
        let setting = GraphCredentialSetting.authority
        try GraphEndpoint.checkAuthority(authority, setting: authorityFlag == nil ? setting.variable : setting.option)
        if let certificateFile {
            let certificate = try GraphClientCertificate.load(certificateFile: certificateFile, keyFile: keyFile, now: now)
            return GraphCredentialSettings(clientID: clientID, credential: .certificate(certificate), authority: authority, homeTenant: nil)
        }
        guard let secret = try environment.secret(
            fileFlag: graphClientSecretFile, file: GraphCredentialSetting.secretFile, value: GraphCredentialSetting.secret)
        else {
            throw GraphCredentialError(
                code: .noCredential,
                message: "configure one Graph credential: a client secret (SWITCHBOARD_GRAPH_CLIENT_SECRET, SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE or --graph-client-secret-file), a certificate (--graph-client-certificate-file, SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE) or workload identity (AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_AUTHORITY_HOST)")
        }
        return GraphCredentialSettings(clientID: clientID, credential: .clientSecret(secret), authority: authority, homeTenant: nil)
    }

    private static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
