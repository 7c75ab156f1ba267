import Foundation
import GraphSimulator
import NIOHTTP1
import Logging
import Testing

/// Calls exist only while incoming, once, for their tenant, and only with a valid token.
@Suite struct CallLifecycleTests {
    static let logger = Logger(label: "test.simulator")

    @Test("A second redirect of the same call gets 404 Call not found (8522)")
    func doubleRedirect() async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let token = try await client.token()
            let call = try await simulator.offerIncomingCall()
            #expect(try await client.redirect(callID: call.callID, body: redirectBody(), token: token).status == 202)
            let second = try await client.redirect(callID: call.callID, body: redirectBody(), token: token)
            #expect(second.status == 404)
            #expect(second.errorCode == "8522")
            #expect(second.errorMessage == "Call not found.")
            let stats = simulator.stats()
            #expect(stats.redirectsAccepted == 1)
            #expect(stats.duplicateRedirects == 1)
            #expect(stats.rejectionsByStatus["404"] == 1)
        }
    }

    @Test("A redirect after the call's window gets 8522 and counts as a late arrival")
    func redirectAfterWindow() async throws {
        let configuration = SimulatorConfiguration(callWindow: .milliseconds(300))
        try await SimulatedGraph.withRunning(configuration: configuration, logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let token = try await client.token()
            let call = try await simulator.offerIncomingCall()
            try await Task.sleep(for: .milliseconds(400))
            let late = try await client.redirect(callID: call.callID, body: redirectBody(), token: token)
            #expect(late.status == 404)
            #expect(late.errorCode == "8522")
            #expect(simulator.stats().lateArrivals == 1)
            let recorded = try #require(simulator.requests(callID: call.callID).first)
            #expect(try #require(recorded.sinceOffer) >= 0.4)
            #expect(recorded.status == 404)
        }
    }

    @Test("A redirect for a call the simulator never offered gets 8522")
    func unknownCall() async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { _, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let answer = try await client.redirect(callID: UUID().uuidString, body: redirectBody(), token: try await client.token())
            #expect(answer.status == 404)
            #expect(answer.errorCode == "8522")
            let innerError = try #require((answer.json?["error"] as? [String: Any])?["innerError"] as? [String: Any])
            #expect(innerError["request-id"] as? String == answer.headers["request-id"])
            #expect(innerError["date"] != nil)
        }
    }

    @Test("Without a valid token Graph answers 401 InvalidAuthenticationToken", arguments: [nil, "not-a-token"] as [String?])
    func requiresToken(_ token: String?) async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let call = try await simulator.offerIncomingCall()
            let answer = try await client.redirect(callID: call.callID, body: redirectBody(), token: token)
            #expect(answer.status == 401)
            #expect(answer.errorCode == "InvalidAuthenticationToken")
        }
    }

    @Test("An expired token gets 401")
    func expiredToken() async throws {
        let configuration = SimulatorConfiguration(tokenLifetime: .milliseconds(200))
        try await SimulatedGraph.withRunning(configuration: configuration, logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let token = try await client.token()
            let call = try await simulator.offerIncomingCall()
            try await Task.sleep(for: .milliseconds(300))
            let answer = try await client.redirect(callID: call.callID, body: redirectBody(), token: token)
            #expect(answer.status == 401)
            #expect(answer.errorMessage?.contains("expired") == true)
        }
    }

    @Test("A token of another tenant gets 403 tenant mismatch (7505)")
    func tenantMismatch() async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let call = try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: "tenant-a"))
            let answer = try await client.redirect(callID: call.callID, body: redirectBody(), token: try await client.token(tenant: "tenant-b"))
            #expect(answer.status == 403)
            #expect(answer.errorCode == "7505")
        }
    }

    @Test("The token endpoint refuses a wrong client secret and other grants")
    func tokenEndpointChecksCredentials() async throws {
        let configuration = SimulatorConfiguration(clientID: "app", clientSecret: "right")
        try await SimulatedGraph.withRunning(configuration: configuration, logger: Self.logger) { _, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let form = [("Content-Type", "application/x-www-form-urlencoded")]
            let wrong = try await client.send(
                .POST, "/t/oauth2/v2.0/token",
                body: Array("grant_type=client_credentials&client_id=app&client_secret=wrong&scope=x%2F.default".utf8), headers: form)
            #expect(wrong.status == 401)
            #expect(wrong.json?["error"] as? String == "invalid_client")
            let grant = try await client.send(
                .POST, "/t/oauth2/v2.0/token",
                body: Array("grant_type=password&client_id=app&client_secret=right&scope=x%2F.default".utf8), headers: form)
            #expect(grant.status == 400)
            let right = try await client.send(
                .POST, "/t/oauth2/v2.0/token",
                body: Array("grant_type=client_credentials&client_id=app&client_secret=right&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default".utf8),
                headers: form)
            #expect(right.status == 200)
            #expect(right.json?["token_type"] as? String == "Bearer")
            #expect(right.json?["expires_in"] as? Int == 3599)
        }
    }

    @Test("Scripted faults answer the next redirects in order, then the call is redirected")
    func scriptedFaults() async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let token = try await client.token()
            let call = try await simulator.offerIncomingCall()
            simulator.enqueueFaults([.throttle(retryAfter: 3), .unavailable(retryAfter: nil), .serverError(status: 504)])
            let throttled = try await client.redirect(callID: call.callID, body: redirectBody(), token: token)
            #expect(throttled.status == 429)
            #expect(throttled.headers["retry-after"] == "3")
            #expect(throttled.errorCode == "activityLimitReached")
            let unavailable = try await client.redirect(callID: call.callID, body: redirectBody(), token: token)
            #expect(unavailable.status == 503)
            #expect(unavailable.headers["retry-after"] == nil)
            #expect(try await client.redirect(callID: call.callID, body: redirectBody(), token: token).status == 504)
            #expect(try await client.redirect(callID: call.callID, body: redirectBody(), token: token).status == 202)
            #expect(simulator.stats().faultsInjected == 3)
        }
    }

    @Test("A reset fault closes the connection without an answer")
    func resetFault() async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let token = try await client.token()
            let call = try await simulator.offerIncomingCall()
            simulator.enqueueFaults([.reset])
            await #expect(throws: (any Error).self) {
                _ = try await client.redirect(callID: call.callID, body: redirectBody(), token: token)
            }
            // The handler records the reset as it unwinds, which may be just after the client saw it.
            for _ in 0..<50 where simulator.stats().rejectionsByStatus["reset"] == nil {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(simulator.stats().rejectionsByStatus["reset"] == 1)
        }
    }

    @Test("Fixed latency delays each redirect answer")
    func latency() async throws {
        let configuration = SimulatorConfiguration(latency: .fixed(.milliseconds(250)))
        try await SimulatedGraph.withRunning(configuration: configuration, logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let token = try await client.token()
            let call = try await simulator.offerIncomingCall()
            let started = ContinuousClock.now
            #expect(try await client.redirect(callID: call.callID, body: redirectBody(), token: token).status == 202)
            #expect(ContinuousClock.now - started >= .milliseconds(250))
        }
    }
}
