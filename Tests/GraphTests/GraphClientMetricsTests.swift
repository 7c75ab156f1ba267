import Graph
import GraphSimulator
import MetricsTestKit
import Testing

/// The client counts attempts by status and token fetches by result, in the factory it is given.
@Suite struct GraphClientMetricsTests {
    @Test("Attempts are counted by status and token fetches by result")
    func countsAttemptsAndTokenFetches() async throws {
        let metrics = TestMetrics()
        try await withClientAndSimulator(client: { $0.metricsFactory = metrics }) { client, simulator in
            simulator.enqueueFaults([.unavailable(retryAfter: nil)])
            let first = try await simulator.offerIncomingCall()
            let second = try await simulator.offerIncomingCall()
            #expect(await client.redirect(first).isAccepted)
            #expect(await client.redirect(second).isAccepted)
        }
        let attempts = "switchboard_graph_redirect_attempts_total"
        #expect(metrics.counterTotal(label: attempts, dimensions: [("status", "503")]) == 1)
        #expect(metrics.counterTotal(label: attempts, dimensions: [("status", "202")]) == 2)
        #expect(metrics.counterTotal(label: "switchboard_graph_token_fetches_total", dimensions: [("result", "success")]) == 1)
        #expect(metrics.counterTotal(label: "switchboard_graph_token_fetches_total", dimensions: [("result", "failure")]) == 0)
    }
}
