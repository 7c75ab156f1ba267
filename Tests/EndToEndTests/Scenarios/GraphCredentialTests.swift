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
        options.workerEnvironment = [:]
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
}
