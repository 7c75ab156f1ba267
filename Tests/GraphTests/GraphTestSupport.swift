import CallModel
import Foundation
import Graph
import GraphSimulator
import Logging

/// Runs a simulator and a Graph client pointed at it (base URL and authority), for one test.
func withClientAndSimulator<Result: Sendable>(
    simulator configuration: SimulatorConfiguration = SimulatorConfiguration(),
    client configure: (inout GraphClientConfiguration) -> Void = { _ in },
    _ body: (GraphClient, SimulatedGraph) async throws -> Result
) async throws -> Result {
    let logger = Logger(label: "test.graph")
    // These tests are about the client: keep the simulator from posting terminated notifications
    // to the examples' unreachable callback host while they run.
    var configuration = configuration
    configuration.terminationDelay = .seconds(600)
    return try await SimulatedGraph.withRunning(configuration: configuration, logger: logger) { simulator, address in
        var clientConfiguration = GraphClientConfiguration(
            clientID: "app",
            credential: .clientSecret("secret"),
            endpoint: GraphEndpoint(baseURL: address.baseURL, authority: address.baseURL, apiVersion: .v1),
            retry: GraphRetryPolicy(baseDelay: .milliseconds(50), maxDelay: .milliseconds(400)),
            additionalTrustRootsPEM: simulator.certificateAuthorityPEM
        )
        // A loaded machine (a CPU hog beside parallel tests) can take seconds for one TLS handshake or
        // token fetch: timeouts that are not a test's subject are generous; tests about them set their own.
        clientConfiguration.tokenTimeout = .seconds(60)
        clientConfiguration.attemptTimeout = .seconds(60)
        clientConfiguration.connectTimeout = .seconds(60)
        configure(&clientConfiguration)
        let client = try GraphClient(configuration: clientConfiguration, logger: logger)
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body(client, simulator))
        } catch {
            result = .failure(error)
        }
        try await client.shutdown()
        return try result.get()
    }
}

/// A valid v1.0 redirect body to one Teams user.
let userRedirectBody = Array(
    ##"{"targets":[{"@odata.type":"#microsoft.graph.invitationParticipantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"98da8a1a-1b87-452c-a713-65d3f10b1253"}}}],"timeout":30,"callbackUri":"https://bot.contoso.com/api/calls/24701998-1a73-4d42-8085-bf46ed0ae039"}"##
        .utf8)

extension GraphClient {
    /// Redirects `call` with a fresh idempotency key and a deadline `window` from now; by default a
    /// minute, far more than the call's 15 s, so that only tests about the deadline depend on it.
    func redirect(_ call: OfferedCall, body: [UInt8] = userRedirectBody, window: Duration = .seconds(60)) async -> GraphRedirectResult {
        await redirect(
            callID: call.callID, tenantID: call.tenantID, body: body, idempotencyKey: UUID(),
            deadline: .now + window, logger: Logger(label: "test.graph"))
    }
}
