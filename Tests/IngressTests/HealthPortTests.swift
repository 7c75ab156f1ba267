import AsyncHTTPClient
import Foundation
import Kafka
import NIOCore
import Testing

@testable import Ingress

/// `/healthz`, `/readyz` and `/metrics` are served on their own port, not the webhook's.
@Suite("Health port", .timeLimit(.minutes(1)))
struct HealthPortTests {
    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    @Test("the operational routes answer on the health port only; the webhook only on its port")
    func separatePorts() async throws {
        let harness = try IngressHarness()
        let token = try await Notification.validToken()
        try await harness.live { ports in
            #expect(ports.health != ports.webhook)
            let health = "http://127.0.0.1:\(ports.health)"
            let webhook = "http://127.0.0.1:\(ports.webhook)"
            #expect(try await Self.get(health + "/healthz").status == 200)
            #expect(try await Self.get(health + "/readyz").status == 200)
            for path in ["/healthz", "/readyz", "/metrics"] {
                #expect(try await Self.get(webhook + path).status == 404, "\(path) on the webhook port")
            }

            var request = HTTPClientRequest(url: webhook + "/api/calls")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Notification.seed.incomingNotification))
            #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(30)).status == .accepted)
            request.url = health + "/api/calls"
            #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(30)).status == .notFound)

            let metrics = try await Self.get(health + "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.body.contains(#"switchboard_ingress_requests_total{status="202"} 1"#))
        }
    }

    @Test("the health port must differ from the webhook port", arguments: [8080, 9000])
    func samePortRefused(_ port: Int) {
        #expect(throws: IngressConfigurationError.self) {
            try IngressHarness {
                $0.port = port
                $0.healthPort = port
            }
        }
    }

    @Test("the default health port is the worker's, 8081")
    func defaultPort() {
        let configuration = IngressApplicationConfiguration(
            authentication: TokenValidationConfiguration(botAppID: "bot"),
            kafka: IngressApplicationConfiguration.producerConfiguration(client: KafkaClientConfiguration(bootstrapServers: "unused:9092")))
        #expect(configuration.healthPort == 8081)
        #expect(configuration.port == 8080)
    }
}
