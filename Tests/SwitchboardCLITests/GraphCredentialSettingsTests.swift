import Foundation
import Graph
import GraphSimulator
import Testing

@testable import SwitchboardCLI
@testable import SwitchboardCLISupport

/// The worker's Graph credential at start: exactly one of secret, certificate and workload identity,
/// and every unusable one refused before any token is requested, with a message naming the setting.
@Suite("Graph credentials at start")
struct GraphCredentialSettingsTests {
    /// What a worker needs besides its credential.
    static let base = [
        "SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS": "kafka:9092", "SWITCHBOARD_RULES_FILE": "rules.yaml",
    ]

    /// What the AKS workload identity webhook injects (the token file is filled in by the test).
    static let workloadIdentity = [
        "AZURE_CLIENT_ID": "11111111-2222-3333-4444-555555555555",
        "AZURE_TENANT_ID": "66666666-7777-8888-9999-000000000000",
        "AZURE_AUTHORITY_HOST": "https://login.microsoftonline.com/",
    ]

    /// Files written into a fresh folder for one test, removed afterwards.
    final class Files {
        let folder: URL
        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-creds-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: folder) }

        func write(_ name: String, _ text: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    func resolve(_ variables: [String: String]) throws -> WorkerCommand.Settings {
        try resolve([], variables)
    }

    func refusal(_ variables: [String: String]) -> GraphCredentialError? {
        refusal([], variables)
    }

    func resolve(_ arguments: [String], _ variables: [String: String]) throws -> WorkerCommand.Settings {
        try WorkerCommand.parse(arguments).resolve(SettingsEnvironment(variables: Self.base.merging(variables) { _, new in new }))
    }

    func refusal(_ arguments: [String], _ variables: [String: String]) -> GraphCredentialError? {
        do {
            _ = try resolve(arguments, variables)
            return nil
        } catch let error as GraphCredentialError {
            return error
        } catch {
            Issue.record("expected a GraphCredentialError, got \(error)")
            return nil
        }
    }

    @Test("no credential at all names the three ways to give one")
    func none() {
        let error = refusal(["SWITCHBOARD_GRAPH_CLIENT_ID": "app"])
        #expect(error?.code == .noCredential)
        for setting in ["SWITCHBOARD_GRAPH_CLIENT_SECRET", "--graph-client-certificate-file", "AZURE_FEDERATED_TOKEN_FILE"] {
            #expect(error?.message.contains(setting) == true, "\(String(describing: error))")
        }
    }

    @Test("two credentials are refused, naming both settings")
    func two() throws {
        let files = try Files()
        let certificate = try files.write("cert.pem", "unused")
        let token = try files.write("token", "unused")
        let secretAndCertificate = refusal(
            ["--graph-client-certificate-file", certificate], ["SWITCHBOARD_GRAPH_CLIENT_ID": "app", "SWITCHBOARD_GRAPH_CLIENT_SECRET": "s"])
        #expect(secretAndCertificate?.code == .conflictingCredentials)
        #expect(secretAndCertificate?.message.contains("SWITCHBOARD_GRAPH_CLIENT_SECRET") == true)
        #expect(secretAndCertificate?.message.contains("--graph-client-certificate-file") == true)
        #expect(secretAndCertificate?.message.contains("\"s\"") == false)

        var variables = Self.workloadIdentity
        variables["AZURE_FEDERATED_TOKEN_FILE"] = token
        variables["SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE"] = certificate
        let certificateAndIdentity = refusal(variables)
        #expect(certificateAndIdentity?.code == .conflictingCredentials)
        #expect(certificateAndIdentity?.message.contains("SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE") == true)
        #expect(certificateAndIdentity?.message.contains("AZURE_FEDERATED_TOKEN_FILE") == true)
    }

    @Test("a key file without a certificate is refused")
    func keyWithoutCertificate() {
        let error = refusal(["SWITCHBOARD_GRAPH_CLIENT_ID": "app", "SWITCHBOARD_GRAPH_CLIENT_SECRET": "s", "SWITCHBOARD_GRAPH_CLIENT_KEY_FILE": "/k.pem"])
        #expect(error?.code == .missingCertificate)
    }

    @Test("a certificate with its key in one file, or in two, becomes the certificate credential")
    func certificate() async throws {
        let files = try Files()
        let made = try await SimulatedClientCertificate.make(commonName: "bot")
        let combined = try files.write("combined.pem", made.combinedPEM)
        let settings = try resolve(["--graph-client-certificate-file", combined], ["SWITCHBOARD_GRAPH_CLIENT_ID": "app"])
        guard case .certificate(let loaded) = settings.graph.credential else {
            Issue.record("expected a certificate credential, got \(settings.graph.credential)")
            return
        }
        #expect(loaded.subject.contains("bot"))
        #expect(settings.graph.clientID == "app")
        #expect(!"\(settings.graph)".contains("PRIVATE KEY"))

        let certificateOnly = try files.write("cert.pem", made.certificatePEM)
        let key = try files.write("key.pem", made.privateKeyPEM)
        let apart = try resolve([], [
            "SWITCHBOARD_GRAPH_CLIENT_ID": "app", "SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE": certificateOnly,
            "SWITCHBOARD_GRAPH_CLIENT_KEY_FILE": key,
        ])
        #expect(apart.graph.credential.mode == "certificate")
        #expect(refusal(["--graph-client-certificate-file", certificateOnly], ["SWITCHBOARD_GRAPH_CLIENT_ID": "app"])?.code == .missingPrivateKey)
    }

    @Test("a key that is not the certificate's, an expired certificate, and bad PEM are refused at start")
    func badCertificates() async throws {
        let files = try Files()
        let one = try await SimulatedClientCertificate.make(commonName: "one")
        let other = try await SimulatedClientCertificate.make(commonName: "other")
        let expired = try await SimulatedClientCertificate.make(
            commonName: "old", notValidBefore: Date().addingTimeInterval(-86_400 * 60), notValidAfter: Date().addingTimeInterval(-86_400))
        let cases: [(String, String, GraphCredentialError.Code)] = [
            (one.certificatePEM, other.privateKeyPEM, .keyMismatch),
            (expired.certificatePEM, expired.privateKeyPEM, .certificateExpired),
            ("this is not PEM", one.privateKeyPEM, .invalidPEM),
            (one.certificatePEM, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", .encryptedPrivateKey),
            (one.certificatePEM, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", .invalidPEM),
        ]
        for (index, (certificatePEM, keyPEM, code)) in cases.enumerated() {
            let certificate = try files.write("cert-\(index).pem", certificatePEM)
            let key = try files.write("key-\(index).pem", keyPEM)
            let error = refusal(
                ["--graph-client-certificate-file", certificate, "--graph-client-key-file", key], ["SWITCHBOARD_GRAPH_CLIENT_ID": "app"])
            #expect(error?.code == code, "case \(index): \(String(describing: error))")
            let keyBody = keyPEM.split(separator: "\n").dropFirst().first.map(String.init) ?? keyPEM
            #expect(error?.message.contains(keyBody) == false, "the message must not echo the key")
        }
        let missing = refusal(["--graph-client-certificate-file", "/nonexistent/cert.pem"], ["SWITCHBOARD_GRAPH_CLIENT_ID": "app"])
        #expect(missing?.code == .unreadableFile)
        #expect(missing?.message.contains("/nonexistent/cert.pem") == true)
    }

    @Test("workload identity: the webhook's four variables give the app, the authority and a token file read at start")
    func workloadIdentityMode() async throws {
        let files = try Files()
        let token = try await SimulatedFederatedIssuer.make().token()
        var variables = Self.workloadIdentity
        variables["AZURE_FEDERATED_TOKEN_FILE"] = try files.write("token", token)
        let settings = try resolve(variables)
        #expect(settings.graph.credential.mode == "workload-identity")
        #expect(settings.graph.clientID == "11111111-2222-3333-4444-555555555555")
        #expect(settings.graph.endpoint.authority == "https://login.microsoftonline.com")
        #expect(settings.graph.prewarmTenants == ["66666666-7777-8888-9999-000000000000"])

        variables["SWITCHBOARD_GRAPH_CLIENT_ID"] = "11111111-2222-3333-4444-555555555555"
        variables["SWITCHBOARD_GRAPH_TENANTS"] = "tenant-a"
        let agreeing = try resolve(variables)
        #expect(agreeing.graph.prewarmTenants == ["tenant-a"])
    }

    @Test("workload identity: missing variables, another client id, another authority, an unreadable token file are refused")
    func workloadIdentityRefusals() throws {
        let files = try Files()
        let token = try files.write("token", "a.b.c")
        var variables = Self.workloadIdentity
        variables["AZURE_FEDERATED_TOKEN_FILE"] = token

        var incomplete = variables
        incomplete["AZURE_TENANT_ID"] = nil
        incomplete["AZURE_AUTHORITY_HOST"] = ""
        let missing = refusal(incomplete)
        #expect(missing?.code == .incompleteWorkloadIdentity)
        #expect(missing?.message.contains("AZURE_TENANT_ID, AZURE_AUTHORITY_HOST") == true, "\(String(describing: missing))")

        var otherApp = variables
        otherApp["SWITCHBOARD_GRAPH_CLIENT_ID"] = "someone-else"
        #expect(refusal(otherApp)?.code == .clientIDMismatch)

        #expect(refusal(["--graph-authority", "https://login.microsoftonline.us"], variables)?.code == .authorityConflict)

        var unreadable = variables
        unreadable["AZURE_FEDERATED_TOKEN_FILE"] = "/nonexistent/azure-identity-token"
        let error = refusal(unreadable)
        #expect(error?.code == .unreadableFile)
        #expect(error?.message.contains("/nonexistent/azure-identity-token") == true)
    }

    @Test(
        "the token authority must be https, except plain http on loopback",
        arguments: [
            ("https://login.microsoftonline.com", true), ("http://127.0.0.1:8090", true), ("http://localhost:8090", true),
            ("http://login.example.com", false), ("http://10.0.0.1:8090", false), ("login.microsoftonline.com", false),
        ])
    func authority(url: String, accepted: Bool) {
        let variables = ["SWITCHBOARD_GRAPH_CLIENT_ID": "app", "SWITCHBOARD_GRAPH_CLIENT_SECRET": "s", "SWITCHBOARD_GRAPH_AUTHORITY": url]
        let error = refusal(variables)
        #expect((error == nil) == accepted, "\(url): \(String(describing: error))")
        if !accepted { #expect(error?.code == .insecureAuthority) }
    }
}
