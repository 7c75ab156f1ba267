import CallModel
import Foundation
import Graph
import GraphSimulator
import Logging
import SeedExamples
import Testing

/// The client against the simulated Graph: success, retries with the right waits, final errors, the deadline.
@Suite struct GraphClientRedirectTests {
    @Test("A 202 is accepted, with Graph's request-id, the attempt's client-request-id, Date and diagnostic kept")
    func accepted() async throws {
        try await withClientAndSimulator { client, simulator in
            let call = try await simulator.offerIncomingCall()
            let key = UUID()
            let result = await client.redirect(
                callID: call.callID, tenantID: call.tenantID, body: userRedirectBody, idempotencyKey: key,
                deadline: .now + .seconds(15), logger: Logger(label: "test"))
            guard case .accepted(let info) = result.outcome else {
                Issue.record("expected accepted, got \(result.outcome)")
                return
            }
            #expect(info.status == 202)
            #expect(info.requestID != nil)
            #expect(info.date != nil)
            #expect(info.diagnostic?.contains("ServerInfo") == true)
            let expectedID = try #require(result.attempts.first?.clientRequestID)
            #expect(info.clientRequestID == expectedID.uuidString.lowercased())
            #expect(result.attempts.count == 1)
            #expect(result.attempts.first?.isInDoubt == false)

            let recorded = try #require(simulator.requests(callID: call.callID).first)
            #expect(recorded.header("client-request-id") == expectedID.uuidString.lowercased())
            #expect(recorded.header("content-type") == "application/json")
            #expect(recorded.header("authorization")?.hasPrefix("Bearer sim.") == true)
            #expect(recorded.path == "/v1.0/communications/calls/\(call.callID)/redirect")
            #expect(Array(recorded.body.utf8) == userRedirectBody)
        }
    }

    @Test("The page's requests go to beta and are accepted", arguments: [1, 2, 3])
    func seedRequestsOnBeta(_ number: Int) async throws {
        let scenario = try #require(try SeedScenario.all().first { $0.number == number })
        try await withClientAndSimulator(client: { $0.endpoint.apiVersion = .beta }) { client, simulator in
            let call = try await simulator.offer(seedScenario: scenario)
            let result = await client.redirect(call, body: scenario.redirectRequest)
            #expect(result.isAccepted)
            #expect(simulator.requests(callID: call.callID).first?.path.hasPrefix("/beta/") == true)
        }
    }

    @Test("Each retryable status is retried and the redirect then succeeds", arguments: [429, 500, 502, 503, 504])
    func retriesRetryableStatus(_ status: Int) async throws {
        try await withClientAndSimulator { client, simulator in
            let fault: SimulatedFault =
                switch status {
                case 429: .throttle(retryAfter: nil)
                case 503: .unavailable(retryAfter: nil)
                default: .serverError(status: status)
                }
            simulator.enqueueFaults([fault, fault])
            let call = try await simulator.offerIncomingCall()
            let result = await client.redirect(call)
            #expect(result.isAccepted)
            #expect(result.attempts.map(\.status) == [status, status, 202])
            // Full jitter under the caps: 50 ms, then 100 ms.
            #expect(result.attempts[1].delayBefore <= .milliseconds(50))
            #expect(result.attempts[2].delayBefore <= .milliseconds(100))
            let ids = Set(result.attempts.map(\.clientRequestID))
            #expect(ids.count == 3)
        }
    }

    @Test("Retry-After is waited out before the next attempt")
    func honoursRetryAfter() async throws {
        try await withClientAndSimulator { client, simulator in
            simulator.enqueueFaults([.throttle(retryAfter: 1)])
            let call = try await simulator.offerIncomingCall()
            let result = await client.redirect(call)
            #expect(result.isAccepted)
            #expect(result.attempts.count == 2)
            #expect(result.attempts[1].delayBefore == .seconds(1))
            let gap = result.attempts[1].startOffset - result.attempts[0].startOffset
            #expect(gap >= .seconds(1))
            let arrivals = simulator.requests(callID: call.callID).compactMap(\.sinceOffer)
            #expect(arrivals.count == 2)
            #expect(arrivals[1] - arrivals[0] >= 1.0)
        }
    }

    @Test("Final statuses are not retried, and Graph's error is surfaced")
    func finalStatuses() async throws {
        try await withClientAndSimulator { client, simulator in
            let call = try await simulator.offerIncomingCall()
            let invalid = await client.redirect(call, body: Array(#"{"targets":[],"callbackUri":"https://x.example/cb"}"#.utf8))
            #expect(invalid.attempts.count == 1)
            #expect(invalid.error?.status == 400)
            #expect(invalid.error?.graphCode == "invalidRequest")
            #expect(invalid.error?.message.contains("targets") == true)
            #expect(invalid.error?.requestID != nil)
            // The id as it was sent (lowercase), so outcomes, logs and Graph's records show the same text.
            let sentID = try #require(invalid.attempts.first?.clientRequestID)
            #expect(invalid.error?.clientRequestID == sentID.uuidString.lowercased())

            let unknown = await client.redirect(
                callID: "no-such-call", tenantID: call.tenantID, body: userRedirectBody, idempotencyKey: UUID(),
                deadline: .now + .seconds(15), logger: Logger(label: "test"))
            guard case .failed(let notFound) = unknown.outcome else {
                Issue.record("expected failed, got \(unknown.outcome)")
                return
            }
            #expect(unknown.attempts.count == 1)
            #expect(notFound.code == .http)
            #expect(notFound.status == 404)
            #expect(notFound.knownCode == .callNotFound)
            #expect(notFound.message == "Call not found.")
            #expect(notFound.date != nil)

            let foreign = try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: "other-tenant"))
            let mismatch = await client.redirect(
                callID: foreign.callID, tenantID: "my-tenant", body: userRedirectBody, idempotencyKey: UUID(),
                deadline: .now + .seconds(15), logger: Logger(label: "test"))
            #expect(mismatch.attempts.count == 1)
            #expect(mismatch.error?.status == 403)
            #expect(mismatch.error?.knownCode == .tenantMismatch)
        }
    }

    @Test("A retry whose wait would pass the deadline is not scheduled: the redirect expires at once")
    func neverRetriesPastDeadline() async throws {
        // The token is fetched first, so the one attempt is the throttled redirect even on a loaded machine.
        try await withClientAndSimulator(client: { $0.prewarmTenants = [SimulatorDefaults.tenantID] }) { client, simulator in
            await client.prewarm()
            simulator.enqueueFaults([.throttle(retryAfter: 30)])
            let call = try await simulator.offerIncomingCall()
            let result = await client.redirect(call, window: .seconds(4))
            guard case .expired(let lastError) = result.outcome else {
                Issue.record("expected expired, got \(result.outcome)")
                return
            }
            #expect(lastError?.status == 429)
            // It gives up rather than sleeping 5 s into a second attempt (no wall-clock bound: a
            // loaded machine may take any time to get here).
            #expect(result.attempts.count == 1)
            #expect(simulator.requests(callID: call.callID).count == 1)
        }
    }

    @Test("Backoff retries stop before the deadline: no attempt starts without time left for it")
    func retriesFitTheDeadline() async throws {
        let retry = GraphRetryPolicy(baseDelay: .milliseconds(100), maxDelay: .milliseconds(200), maxAttempts: 50)
        try await withClientAndSimulator(client: { $0.retry = retry; $0.prewarmTenants = [SimulatorDefaults.tenantID] }) { client, simulator in
            await client.prewarm()
            simulator.setFaults(SimulatedFaults(unavailableRate: 1))
            let call = try await simulator.offerIncomingCall()
            // Room for several attempts however slowly a loaded machine answers each one.
            let window = Duration.seconds(5)
            let result = await client.redirect(call, window: window)
            guard case .expired(let lastError) = result.outcome else {
                Issue.record("expected expired, got \(result.outcome)")
                return
            }
            // The last attempt either got its 503 or was cut off at the deadline.
            #expect(lastError?.status == 503 || lastError?.code == .timeout)
            #expect(result.attempts.count >= 2)
            for attempt in result.attempts {
                #expect(attempt.startOffset <= window - retry.minimumAttemptTime)
            }
            // Every attempt Graph answered reached it; none was sent after the loop gave up. (The last
            // attempt may be cut off at the deadline before a loaded machine delivers it.)
            let arrivals = simulator.requests(callID: call.callID).compactMap(\.sinceOffer)
            #expect(arrivals.count >= result.attempts.filter { $0.status != nil }.count)
            #expect(arrivals.count <= result.attempts.count)
        }
    }

    @Test("No request is sent once the deadline has passed")
    func deadlineAlreadyPassed() async throws {
        try await withClientAndSimulator { client, simulator in
            let call = try await simulator.offerIncomingCall()
            let result = await client.redirect(
                callID: call.callID, tenantID: call.tenantID, body: userRedirectBody, idempotencyKey: UUID(),
                deadline: .now - .seconds(1), logger: Logger(label: "test"))
            guard case .expired(nil) = result.outcome else {
                Issue.record("expected expired without error, got \(result.outcome)")
                return
            }
            #expect(result.attempts.isEmpty)
            #expect(simulator.requests(callID: call.callID).isEmpty)
        }
    }

    @Test("A connection reset is retried")
    func resetIsRetried() async throws {
        // An attempt timeout and a window no loaded machine reaches: the first attempt ends with the
        // reset, not with a timeout.
        try await withClientAndSimulator(client: { $0.attemptTimeout = .seconds(60) }) { client, simulator in
            simulator.enqueueFaults([.reset])
            let call = try await simulator.offerIncomingCall()
            let result = await client.redirect(call, window: .seconds(120))
            #expect(result.isAccepted)
            #expect(result.attempts.count == 2)
            #expect(result.attempts[0].error?.code == .connection)
        }
    }

    @Test("An attempt Graph does not answer within the attempt timeout is abandoned and retried")
    func slowAttemptTimesOut() async throws {
        // Graph holds the first request 20 s; the 4 s attempt timeout leaves later attempts room on a
        // loaded machine, and the 60 s window room for several of them.
        try await withClientAndSimulator(client: {
            $0.attemptTimeout = .seconds(4)
            $0.prewarmTenants = [SimulatorDefaults.tenantID]
        }) { client, simulator in
            await client.prewarm()
            simulator.enqueueFaults([.slow(.seconds(20))])
            let call = try await simulator.offerIncomingCall()
            let result = await client.redirect(call, window: .seconds(60))
            #expect(result.isAccepted)
            #expect(result.attempts.count >= 2)
            #expect(result.attempts[0].error?.code == .timeout)
            // Abandoned at the 4 s attempt timeout, not answered after Graph's 20 s: the accepted
            // attempt started before Graph would have answered the first (lower bounds and order only).
            #expect(result.attempts[0].duration >= .seconds(4))
            #expect(result.attempts[0].status == nil)
        }
    }

    @Test("An attempt never outlives the deadline even when the attempt timeout is longer")
    func attemptBoundedByDeadline() async throws {
        try await withClientAndSimulator(client: {
            $0.attemptTimeout = .seconds(60)
            $0.prewarmTenants = [SimulatorDefaults.tenantID]
        }) { client, simulator in
            await client.prewarm()
            simulator.setFaults(SimulatedFaults(slowRate: 1, slowDelay: .seconds(10)))
            let call = try await simulator.offerIncomingCall()
            let result = await client.redirect(call, window: .seconds(3))
            // Graph holds the request 10 s; the attempt is cut off by the 3 s deadline, long before the
            // 60 s attempt timeout (a timeout, not Graph's late answer), and none is started after it.
            guard case .expired(let lastError) = result.outcome else {
                Issue.record("expected expired, got \(result.outcome)")
                return
            }
            #expect(lastError?.code == .timeout)
            #expect(result.attempts.allSatisfy { $0.status == nil })
        }
    }

    @Test("A 401 makes the client fetch a new token and retry once")
    func unauthorizedRefreshesToken() async throws {
        try await withClientAndSimulator { client, simulator in
            let first = try await simulator.offerIncomingCall()
            #expect(await client.redirect(first).isAccepted)
            simulator.revokeTokens()
            let second = try await simulator.offerIncomingCall()
            let result = await client.redirect(second)
            #expect(result.isAccepted)
            #expect(result.attempts.map(\.status) == [401, 202])
            #expect(result.attempts[1].delayBefore == .zero)
            #expect(simulator.stats().tokensIssued == 2)
        }
    }

    @Test("A second 401 after the refresh is final")
    func unauthorizedTwiceIsFinal() async throws {
        try await withClientAndSimulator { client, simulator in
            simulator.enqueueFaults([.unauthorized, .unauthorized])
            let call = try await simulator.offerIncomingCall()
            let result = await client.redirect(call)
            #expect(result.attempts.map(\.status) == [401, 401])
            #expect(result.error?.graphCode == "InvalidAuthenticationToken")
            guard case .failed = result.outcome else {
                Issue.record("expected failed, got \(result.outcome)")
                return
            }
        }
    }
}
