import CallModel
import Foundation
import GraphSimulator
import Testing

extension EndToEndTests {
    /// The workers authenticate with a certificate instead of a secret: `worker
    /// --graph-client-certificate-file` (certificate and key in one PEM file) against `simulate
    /// --client-certificate-file`, which verifies every assertion. A seed call is redirected, and
    /// every token the simulator issued was for a certificate assertion.
    @Test("certificate credentials: the workers' signed assertions get tokens and a call is redirected")
    func certificateCredentials() async throws {
        let certificate = try await SimulatedClientCertificate.make(commonName: "switchboard-e2e")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-e2e-cert-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificateFile = folder.appendingPathComponent("registered.pem").path
        let credentialFile = folder.appendingPathComponent("worker.pem").path
        try Data(certificate.certificatePEM.utf8).write(to: URL(fileURLWithPath: certificateFile))
        try Data(certificate.combinedPEM.utf8).write(to: URL(fileURLWithPath: credentialFile))

        var options = PipelineStack.Options()
        options.simulatorArguments = ["--client-id", "switchboard-e2e", "--client-certificate-file", certificateFile]
        options.workerArguments = ["--graph-client-certificate-file", credentialFile]
        options.workerEnvironment = { _ in [:] }
        try await PipelineStack.with(options) { stack in
            let offer = try await stack.simulator.offer(.init(seedScenario: 2, deliver: true))
            #expect(offer.delivery?.status == 202, "the ingress answered \(String(describing: offer.delivery))")
            let records = try await stack.outcomes.wait(timeout: .seconds(30)) { records in
                ((try? OutcomeLedger(records).events) ?? []).contains { $0.type == .redirected }
            }
            let events = try OutcomeLedger(records).events.filter { $0.outcome.callID == offer.callId }
            #expect(events.contains { $0.type == .redirected }, "outcomes: \(events.map(\.type))")

            let stats = try await stack.simulator.stats()
            #expect(stats.tokensIssued >= 1)
            #expect(stats.tokensIssuedByCredential.keys.sorted() == ["certificate"])
            #expect(stats.tokenRequestsRefused.isEmpty, "\(stats.tokenRequestsRefused)")
            let tokenRequests = try await stack.simulator.requests().filter { $0.path.hasSuffix("/oauth2/v2.0/token") }
            #expect(!tokenRequests.isEmpty)
            #expect(tokenRequests.allSatisfy { !$0.body.contains("client_secret") && $0.body.contains("client_assertion=") })
        }
    }

    /// A worker started as the AKS workload identity webhook starts it (`AZURE_FEDERATED_TOKEN_FILE`,
    /// `AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, `AZURE_AUTHORITY_HOST`, no secret): it fetches the home
    /// tenant's token at start, redirects a call, and after the token file was rotated and Graph
    /// revoked its access tokens, presents the new file content.
    @Test("workload identity: the worker presents the projected token, and the rotated one after it changes")
    func workloadIdentity() async throws {
        let subject = "system:serviceaccount:switchboard:worker"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-e2e-wi-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tokenFile = folder.appendingPathComponent("azure-identity-token").path
        let homeTenant = "11111111-0000-0000-0000-000000000000"

        var options = PipelineStack.Options()
        options.workers = 0
        options.simulatorArguments = ["--client-id", "switchboard-e2e", "--federated-subject", subject]
        options.workerEnvironment = { simulatorURL in
            [
                "AZURE_FEDERATED_TOKEN_FILE": tokenFile, "AZURE_CLIENT_ID": "switchboard-e2e",
                "AZURE_TENANT_ID": homeTenant, "AZURE_AUTHORITY_HOST": simulatorURL + "/",
            ]
        }
        try await PipelineStack.with(options) { stack in
            let first = try await stack.simulator.federatedToken(subject: subject)
            try Data(first.utf8).write(to: URL(fileURLWithPath: tokenFile))
            try await stack.addWorker()

            let offer = try await stack.simulator.offer(.init(seedScenario: 2, deliver: true))
            #expect(offer.delivery?.status == 202, "the ingress answered \(String(describing: offer.delivery))")
            _ = try await stack.outcomes.wait(timeout: .seconds(30)) { records in
                ((try? OutcomeLedger(records).events) ?? []).contains { $0.type == .redirected && $0.outcome.callID == offer.callId }
            }

            // The kubelet swaps the projected token: written aside, renamed over.
            let second = try await stack.simulator.federatedToken(subject: subject)
            try Data(second.utf8).write(to: URL(fileURLWithPath: tokenFile + ".next"))
            #expect(rename(tokenFile + ".next", tokenFile) == 0)
            try await stack.simulator.revokeTokens()
            let next = try await stack.simulator.offerCall()
            _ = try await stack.outcomes.wait(timeout: .seconds(30)) { records in
                ((try? OutcomeLedger(records).events) ?? []).contains { $0.type == .redirected && $0.outcome.callID == next.callId }
            }

            let assertions = try await stack.simulator.requests()
                .filter { $0.path.hasSuffix("/oauth2/v2.0/token") }
                .map { request in
                    request.body.split(separator: "&").first { $0.hasPrefix("client_assertion=") }
                        .map { String($0.dropFirst("client_assertion=".count)).removingPercentEncoding ?? "" }
                }
            #expect(assertions.first == first, "the first token request presents the first projected token")
            #expect(assertions.last == second, "after rotation the worker presents the new token")
            #expect(Set(assertions) == [first, second])
            let stats = try await stack.simulator.stats()
            #expect(stats.tokensIssuedByCredential.keys.sorted() == ["federated"])
            #expect(stats.tokensIssuedByTenant[homeTenant] == 1, "the home tenant's token is fetched at start")
            #expect(stats.tokenRequestsRefused.isEmpty, "\(stats.tokenRequestsRefused)")
        }
    }
}
