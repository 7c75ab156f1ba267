import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

@testable import Ingress

/// Clients that send slowly or not at all cannot hold connections for long. Only lower bounds on
/// time are asserted: a loaded machine may answer late, never early.
@Suite("Slow clients", .timeLimit(.minutes(1)))
struct SlowClientTests {
    static func harness(_ limits: IngressConnectionLimits) throws -> IngressHarness {
        try IngressHarness { $0.connections = limits }
    }

    @Test("a connection that never completes its request head gets 408 and is closed at the head deadline")
    func headDeadline() async throws {
        let harness = try Self.harness(IngressConnectionLimits(requestHeadTimeout: .milliseconds(300)))
        try await harness.live { ports in
            let started = ContinuousClock.now
            let silent = try await RawConnection.exchange(port: ports.webhook)
            #expect(silent.hasPrefix("HTTP/1.1 408"), "got \(silent)")
            #expect(silent.lowercased().contains("connection: close"))
            let partial = try await RawConnection.exchange(port: ports.webhook) { outbound in
                try await outbound.write(ByteBuffer(string: "POST /api/calls HTTP/1.1\r\nHost: ingress\r\n"))
            }
            #expect(partial.hasPrefix("HTTP/1.1 408"), "got \(partial)")
            #expect(started.duration(to: .now) >= .milliseconds(600))
            // The health port has the same deadline.
            let health = try await RawConnection.exchange(port: ports.health) { outbound in
                try await outbound.write(ByteBuffer(string: "GET /readyz HTTP/1.1\r\n"))
            }
            #expect(health.hasPrefix("HTTP/1.1 408"), "got \(health)")
        }
    }

    @Test("a body that does not arrive within its deadline is answered 408 and the connection closed")
    func bodyDeadline() async throws {
        let harness = try Self.harness(IngressConnectionLimits(requestBodyTimeout: .milliseconds(300)))
        let token = try await Notification.validToken()
        try await harness.live { ports in
            let started = ContinuousClock.now
            let response = try await RawConnection.exchange(port: ports.webhook) { outbound in
                let head = "POST /api/calls HTTP/1.1\r\nHost: ingress\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"value\":["
                try await outbound.write(ByteBuffer(string: head))
            }
            #expect(response.hasPrefix("HTTP/1.1 408"), "got \(response)")
            #expect(response.lowercased().contains("connection: close"))
            #expect(response.contains("urn:switchboard:problem:request-timeout"))
            #expect(started.duration(to: .now) >= .milliseconds(300))
        }
        #expect(harness.sink.records.isEmpty)
        #expect(harness.metricsText.contains(#"switchboard_ingress_requests_total{status="408"} 1"#))
    }

    @Test("past the connection cap a new connection is served only after an open one closes")
    func connectionCap() async throws {
        let harness = try IngressHarness {
            $0.connections = IngressConnectionLimits(maxConnections: 1)
            $0.produceTimeout = .seconds(120)
        }
        harness.sink.setBehaviour(.hold)
        let token = try await Notification.validToken()
        let body = String(decoding: Notification.seed.incomingNotification, as: UTF8.self)
        let post = "POST /api/calls HTTP/1.1\r\nHost: ingress\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
        try await harness.live { ports in
            async let first = RawConnection.exchange(port: ports.webhook) { try await $0.write(ByteBuffer(string: post)) }
            // The first connection holds the only slot: its produce has started and waits for release.
            try await harness.sink.waitForSends(1)
            async let second: (text: String, at: ContinuousClock.Instant) = {
                let text = try await RawConnection.exchange(port: ports.webhook) {
                    try await $0.write(ByteBuffer(string: "GET /api/calls HTTP/1.1\r\nHost: ingress\r\nConnection: close\r\n\r\n"))
                }
                return (text, ContinuousClock.now)
            }()
            // Gives an uncapped server the chance to answer the second early (which would fail the test).
            try await Task.sleep(for: .milliseconds(200))
            let releasedAt = ContinuousClock.now
            harness.sink.release()
            let (secondText, secondAnsweredAt) = try await second
            #expect(try await first.hasPrefix("HTTP/1.1 202"))
            #expect(!secondText.isEmpty)
            // Order, not speed: the second could be answered only after the first, held until
            // `releasedAt`, had finished and closed its connection.
            #expect(secondAnsweredAt >= releasedAt)
        }
    }

    @Test("the limits are validated", arguments: [
        IngressConnectionLimits(idleTimeout: .zero), IngressConnectionLimits(requestHeadTimeout: .seconds(-1)),
        IngressConnectionLimits(requestBodyTimeout: .zero), IngressConnectionLimits(maxConnections: 0),
    ])
    func validated(_ limits: IngressConnectionLimits) {
        #expect(throws: IngressConfigurationError.self) { try Self.harness(limits) }
    }
}
