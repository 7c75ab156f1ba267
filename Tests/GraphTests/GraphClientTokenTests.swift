import Foundation
import Graph
import GraphSimulator
import Logging
import Testing

/// Tokens: one fetch per tenant however many calls wait, cached, refreshed early, failures not cached.
@Suite struct GraphClientTokenTests {
    @Test("100 concurrent redirects of one tenant share one token request")
    func oneTokenForConcurrentCalls() async throws {
        // Timeouts and a window no loaded machine reaches: every redirect waits for the one fetch,
        // however slowly the 100 of them and the fetch run.
        try await withClientAndSimulator(client: {
            $0.tokenTimeout = .seconds(60)
            $0.attemptTimeout = .seconds(60)
        }) { client, simulator in
            var calls: [OfferedCall] = []
            for _ in 0..<100 { calls.append(try await simulator.offerIncomingCall()) }
            let accepted = await withTaskGroup(of: Bool.self) { group in
                for call in calls {
                    group.addTask { await client.redirect(call, window: .seconds(180)).isAccepted }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == 100)
            #expect(simulator.stats().tokensIssued == 1)
        }
    }

    @Test("Each tenant gets its own token, used only for its calls")
    func tokensPerTenant() async throws {
        try await withClientAndSimulator { client, simulator in
            for tenant in ["tenant-a", "tenant-b", "tenant-a", "tenant-c", "tenant-b"] {
                let call = try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: tenant))
                // The simulator answers 403 (7505) when a token of another tenant is used.
                #expect(await client.redirect(call).isAccepted)
            }
            let stats = simulator.stats()
            #expect(stats.tokensIssuedByTenant == ["tenant-a": 1, "tenant-b": 1, "tenant-c": 1])
            let tokenPaths = simulator.requests().filter { $0.path.hasSuffix("/oauth2/v2.0/token") }.map(\.path)
            #expect(Set(tokenPaths) == ["/tenant-a/oauth2/v2.0/token", "/tenant-b/oauth2/v2.0/token", "/tenant-c/oauth2/v2.0/token"])
        }
    }

    @Test("The token request is a client-credentials form post with the configured scope")
    func tokenRequestShape() async throws {
        try await withClientAndSimulator { client, simulator in
            let call = try await simulator.offerIncomingCall()
            #expect(await client.redirect(call).isAccepted)
            let request = try #require(simulator.requests().first { $0.path.hasSuffix("/token") })
            #expect(request.method == "POST")
            #expect(request.header("content-type") == "application/x-www-form-urlencoded")
            let fields = Dictionary(
                uniqueKeysWithValues: request.body.split(separator: "&").map { pair in
                    let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
                    return (parts[0], parts.count > 1 ? parts[1] : "")
                })
            #expect(fields == [
                "grant_type": "client_credentials", "client_id": "app", "client_secret": "secret",
                "scope": "https://graph.microsoft.com/.default",
            ])
        }
    }

    @Test("A token is reused until 80% of its lifetime, then refreshed")
    func tokenRefreshedAtEightyPercent() async throws {
        // expires_in = 20 s: refresh from 16 s after the fetch started (the client counts from the
        // request, not the answer). Long enough that a fetch slowed by a loaded machine does not make
        // the first token due for refresh before the second redirect.
        try await withClientAndSimulator(simulator: SimulatorConfiguration(tokenLifetime: .seconds(20))) { client, simulator in
            // The token is fetched between these two instants: `before` bounds its age from above, `fetched`
            // from below, so neither check depends on how fast a loaded machine runs the first redirect.
            let before = ContinuousClock.now
            #expect(await client.redirect(try await simulator.offerIncomingCall()).isAccepted)
            let fetched = ContinuousClock.now
            try await Task.sleep(for: .milliseconds(1000))
            #expect(await client.redirect(try await simulator.offerIncomingCall()).isAccepted)
            if ContinuousClock.now - before < .seconds(16) {
                #expect(simulator.stats().tokensIssued == 1)
            }
            try await Task.sleep(until: fetched + .milliseconds(16_500))
            #expect(await client.redirect(try await simulator.offerIncomingCall()).isAccepted)
            // The refresh runs beside the redirect, which still used the valid cached token.
            // Bounded wait, long enough for a loaded machine (500 × 20 ms).
            for _ in 0..<500 where simulator.stats().tokensIssued < 2 {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(simulator.stats().tokensIssued == 2)
            #expect(await client.redirect(try await simulator.offerIncomingCall()).isAccepted)
            #expect(simulator.stats().tokensIssued == 2)
        }
    }

    @Test("Pre-warming fetches the configured tenants' tokens before any call")
    func prewarm() async throws {
        try await withClientAndSimulator(client: { $0.prewarmTenants = ["tenant-a", "tenant-b"] }) { client, simulator in
            await client.prewarm()
            #expect(simulator.stats().tokensIssuedByTenant == ["tenant-a": 1, "tenant-b": 1])
            let call = try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: "tenant-a"))
            #expect(await client.redirect(call).isAccepted)
            #expect(simulator.stats().tokensIssued == 2)
        }
    }

    @Test("Refused credentials fail the redirect at once, and the failure is not cached")
    func refusedCredentials() async throws {
        let configuration = SimulatorConfiguration(clientID: "app", clientSecret: "the-right-one")
        try await withClientAndSimulator(simulator: configuration) { client, simulator in
            let call = try await simulator.offerIncomingCall()
            let result = await client.redirect(call)
            guard case .failed(let error) = result.outcome else {
                Issue.record("expected failed, got \(result.outcome)")
                return
            }
            #expect(error.code == .token)
            #expect(error.status == 401)
            #expect(error.graphCode == "invalid_client")
            #expect(result.attempts.count == 1)
            #expect(simulator.requests(callID: call.callID).isEmpty)
            _ = await client.redirect(call)
            #expect(simulator.requests().filter { $0.path.hasSuffix("/token") }.count == 2)
        }
    }
}
