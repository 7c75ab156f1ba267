import ArgumentParser
import Foundation
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

    @Option(help: "File holding the client secret. Env SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE, or set SWITCHBOARD_GRAPH_CLIENT_SECRET.")
    package var graphClientSecretFile: String?

    @Option(
        help: """
            PEM file with the client certificate, and its private key unless --graph-client-key-file names it; token \
            requests then carry an assertion signed with the key. Env SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE.
            """
    )
    package var graphClientCertificateFile: String?

    @Option(help: "PEM file with the certificate's private key, when it is not in the certificate file. Env SWITCHBOARD_GRAPH_CLIENT_KEY_FILE.")
    package var graphClientKeyFile: String?

    /// The variables the AKS workload identity webhook injects.
    package static let workloadIdentityVariables = ["AZURE_FEDERATED_TOKEN_FILE", "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_AUTHORITY_HOST"]

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
            graphClientSecretFile.map { _ in "--graph-client-secret-file" },
            variable("SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE").map { _ in "SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE" },
            variable("SWITCHBOARD_GRAPH_CLIENT_SECRET").map { _ in "SWITCHBOARD_GRAPH_CLIENT_SECRET" },
        ].compactMap { $0 }
        let certificateFile = graphClientCertificateFile ?? variable("SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE")
        let keyFile = graphClientKeyFile ?? variable("SWITCHBOARD_GRAPH_CLIENT_KEY_FILE")
        let tokenFile = variable("AZURE_FEDERATED_TOKEN_FILE")

        var configured: [String] = []
        if !secretSettings.isEmpty { configured.append("a client secret (\(secretSettings.joined(separator: ", ")))") }
        if certificateFile != nil {
            configured.append("a certificate (\(graphClientCertificateFile == nil ? "SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE" : "--graph-client-certificate-file"))")
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
        let clientIDSetting = try environment.optionalValue(clientIDFlag, "SWITCHBOARD_GRAPH_CLIENT_ID")
        let authoritySetting = try environment.optionalValue(authorityFlag, "SWITCHBOARD_GRAPH_AUTHORITY").map(Self.trimmed)

        if let tokenFile {
            let missing = Self.workloadIdentityVariables.filter { variable($0) == nil }
            guard missing.isEmpty, let clientID = variable("AZURE_CLIENT_ID"), let tenant = variable("AZURE_TENANT_ID"),
                let host = variable("AZURE_AUTHORITY_HOST")
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
        let authority = authoritySetting ?? "https://login.microsoftonline.com"
        try GraphEndpoint.checkAuthority(authority, setting: authorityFlag == nil ? "SWITCHBOARD_GRAPH_AUTHORITY" : "--graph-authority")
        if let certificateFile {
            let certificate = try GraphClientCertificate.load(certificateFile: certificateFile, keyFile: keyFile, now: now)
            return GraphCredentialSettings(clientID: clientID, credential: .certificate(certificate), authority: authority, homeTenant: nil)
        }
        guard let secret = try environment.secret(fileFlag: graphClientSecretFile, "SWITCHBOARD_GRAPH_CLIENT_SECRET") else {
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
