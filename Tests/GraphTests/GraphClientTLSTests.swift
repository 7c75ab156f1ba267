import Graph
import GraphSimulator
import Testing

/// The client speaks HTTP/2 over TLS to the simulator's self-signed certificate, and only when trusted.
@Suite struct GraphClientTLSTests {
    @Test("With the simulator's authority trusted, redirects go over HTTP/2 and TLS")
    func http2OverTLS() async throws {
        try await withClientAndSimulator(simulator: SimulatorConfiguration(tls: true)) { client, simulator in
            let call = try await simulator.offerIncomingCall()
            let result = await client.redirect(call)
            guard case .accepted(let info) = result.outcome else {
                Issue.record("expected accepted, got \(result.outcome)")
                return
            }
            #expect(info.httpVersion == "HTTP/2.0")
        }
    }

    @Test("HTTP/2 can be turned off: the same TLS server is then spoken to in HTTP/1.1")
    func http1OverTLS() async throws {
        try await withClientAndSimulator(simulator: SimulatorConfiguration(tls: true), client: { $0.http2 = false }) { client, simulator in
            let call = try await simulator.offerIncomingCall()
            let result = await client.redirect(call)
            guard case .accepted(let info) = result.outcome else {
                Issue.record("expected accepted, got \(result.outcome)")
                return
            }
            #expect(info.httpVersion == "HTTP/1.1")
        }
    }

    @Test("Without the authority trusted, the certificate is refused and nothing reaches Graph")
    func untrustedCertificateRefused() async throws {
        try await withClientAndSimulator(
            simulator: SimulatorConfiguration(tls: true),
            client: { $0.additionalTrustRootsPEM = nil; $0.retry.maxAttempts = 2 }
        ) { client, simulator in
            let call = try await simulator.offerIncomingCall()
            // The default minute-long window: a loaded machine's handshake must fail on the certificate,
            // not on the call's deadline.
            let result = await client.redirect(call)
            #expect(!result.isAccepted)
            #expect(result.error?.code == .token)
            #expect(result.error?.message.lowercased().contains("certificate") == true, "\(String(describing: result.error))")
            #expect(simulator.requests().isEmpty)
        }
    }
}
