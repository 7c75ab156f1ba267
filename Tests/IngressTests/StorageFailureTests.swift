import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Ingress

@Suite("Storage failures and capacity")
struct StorageFailureTests {
    func post(_ client: some TestClientProtocol, token: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/calls", method: .post, headers: Notification.headers(token: token),
            body: ByteBuffer(bytes: Notification.seed.incomingNotification)
        )
    }

    @Test("a failed produce answers 503 with Retry-After: 1")
    func failedProduce() async throws {
        let harness = try IngressHarness()
        harness.sink.setBehaviour(.fail)
        let token = try await Notification.validToken()
        try await harness.test { client in
            let response = try await post(client, token: token)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "1")
            #expect(try Problem(response).type == "urn:switchboard:problem:store-failed")
        }
    }

    @Test("a produce slower than the budget answers 503 when the budget is spent, not later")
    func slowProduce() async throws {
        let harness = try IngressHarness { $0.produceTimeout = .milliseconds(300) }
        harness.sink.setBehaviour(.delay(.seconds(10)))
        let token = try await Notification.validToken()
        try await harness.test { client in
            let started = ContinuousClock.now
            let response = try await post(client, token: token)
            let elapsed = started.duration(to: .now)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "1")
            #expect(try Problem(response).type == "urn:switchboard:problem:store-timeout")
            // Not before the 300 ms budget; that it did not wait for the 10 s produce shows in the
            // problem type (store-timeout) and in nothing being stored (no wall-clock upper bound).
            #expect(elapsed >= .milliseconds(300))
        }
        #expect(harness.sink.records.isEmpty)
    }

    @Test("past the in-flight bound, requests get 503 at once and readiness fails until a slot frees")
    func overCapacity() async throws {
        // The first request holds the only slot until the test releases its produce (within a budget
        // no loaded machine reaches), so the order of events does not depend on timing.
        let harness = try IngressHarness {
            $0.maxInFlight = 1
            $0.produceTimeout = .seconds(120)
        }
        harness.sink.setBehaviour(.hold)
        let token = try await Notification.validToken()
        try await harness.test { client in
            async let slow = post(client, token: token)
            try await harness.sink.waitForSends(1)
            let refused = try await post(client, token: token)
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "1")
            #expect(try Problem(refused).type == "urn:switchboard:problem:over-capacity")
            // Answered while the first is still waiting for its produce: it did not queue behind it.
            #expect(harness.sink.records.isEmpty)
            let readiness = try await harness.health { try await $0.execute(uri: "/readyz", method: .get) }
            #expect(readiness.status == .serviceUnavailable)
            harness.sink.release()
            #expect(try await slow.status == .accepted)
            let ready = try await harness.health { try await $0.execute(uri: "/readyz", method: .get) }
            #expect(ready.status == .ok)
        }
        #expect(harness.sink.records.count == 1)
    }

    @Test("readiness follows the cluster's reachability, checked at most once per cache period")
    func readinessIsCached() async throws {
        let harness = try IngressHarness()
        harness.sink.setReachable(false)
        try await harness.health { client in
            for _ in 0..<5 {
                let response = try await client.execute(uri: "/readyz", method: .get)
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("Kafka"))
            }
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
        #expect(harness.sink.reachabilityChecks == 1)
    }

    @Test("/metrics exposes requests by status, produce latency, auth failures and in-flight")
    func metrics() async throws {
        let harness = try IngressHarness()
        let token = try await Notification.validToken()
        try await harness.test { client in
            #expect(try await post(client, token: token).status == .accepted)
            #expect(try await post(client, token: "garbage").status == .unauthorized)
            let response = try await harness.health { try await $0.execute(uri: "/metrics", method: .get) }
            let text = String(buffer: response.body)
            #expect(text.contains(#"switchboard_ingress_requests_total{status="202"} 1"#))
            #expect(text.contains(#"switchboard_ingress_requests_total{status="401"} 1"#))
            #expect(text.contains(#"switchboard_ingress_auth_failures_total{reason="malformed_token"} 1"#))
            #expect(text.contains("switchboard_ingress_produce_duration_seconds_count 1"))
            #expect(text.contains("switchboard_ingress_in_flight 0"))
            #expect(text.contains("switchboard_ingress_records_total 1"))
        }
    }
}
