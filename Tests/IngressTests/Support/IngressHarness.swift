import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kafka
import Logging
import Metrics
import NIOCore
import Prometheus
import SeedExamples

@testable import Ingress

/// An ingress wired to an in-memory topic and in-memory keys.
struct IngressHarness {
    let sink = RecordingSink()
    let fetcher = StaticKeyFetcher(keys: [TestKeys.primary])
    let registry = PrometheusCollectorRegistry()
    let service: IngressApplication

    init(
        authentication: Bool = true,
        _ configure: (inout IngressApplicationConfiguration) -> Void = { _ in },
        onServerRunning: @escaping @Sendable (IngressPorts) async -> Void = { _ in },
        keyStoreClock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) throws {
        var configuration = IngressApplicationConfiguration(
            host: "127.0.0.1",
            port: 0,
            healthPort: 0,
            authentication: TokenValidationConfiguration(isEnabled: authentication, botAppID: TestKeys.botAppID),
            kafka: IngressApplicationConfiguration.producerConfiguration(client: KafkaClientConfiguration(bootstrapServers: "unused:9092"))
        )
        configure(&configuration)
        service = try IngressApplication(
            configuration: configuration,
            sink: sink,
            keyFetcher: fetcher,
            registry: registry,
            logger: Logger(label: "ingress-test"),
            onServerRunning: onServerRunning,
            keyStoreClock: keyStoreClock
        )
    }

    /// Runs `test` against the webhook's routes without a network (Hummingbird's `.router` framework).
    func test<Value>(_ setup: TestingSetup = .router, _ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await service.makeApplication().test(setup, test)
    }

    /// Runs `test` against the operational routes (`/healthz`, `/readyz`, `/metrics`), served on their own port.
    func health<Value>(_ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await service.makeHealthApplication().test(.router, test)
    }

    /// The metrics text `/metrics` serves.
    var metricsText: String { String(decoding: registry.emitToBuffer(), as: UTF8.self) }
}

/// Builds notification requests.
enum Notification {
    static let seed: SeedScenario = {
        // The seed examples are bundled resources; their absence means a broken build.
        try! SeedScenario.all()[0]
    }()
    static let seedCallID = "491f0b00-ffff-4bc9-a43e-b226498ec22a"

    static func headers(token: String?, contentType: String? = "application/json", extra: HTTPFields = [:]) -> HTTPFields {
        var fields = extra
        if let token { fields[.authorization] = "Bearer \(token)" }
        if let contentType { fields[.contentType] = contentType }
        return fields
    }

    static func validToken() async throws -> String {
        try await TestKeys.primary.sign(TestKeys.validClaims())
    }

    /// One notification item about `callID`.
    static func item(callID: String, changeType: String = "created") -> String {
        """
        {"@odata.type":"#microsoft.graph.commsNotification","changeType":"\(changeType)","resourceUrl":"/communications/calls/\(callID)","resourceData":{"@odata.type":"#microsoft.graph.call","state":"incoming","id":"\(callID)"}}
        """
    }

    static let envelopePrefix = "{\"@odata.type\": \"#microsoft.graph.commsNotifications\", \"value\": ["

    /// A body with `items`, laid out with whitespace around them.
    static func body(items: [String]) -> [UInt8] {
        Array((envelopePrefix + "\n  " + items.joined(separator: ",\n  ") + "\n]}").utf8)
    }
}

/// An `application/problem+json` body.
struct Problem: Decodable, Equatable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var reason: String?

    init(_ response: TestResponse) throws {
        self = try JSONDecoder().decode(Problem.self, from: Data(buffer: response.body))
    }
}

extension Data {
    init(buffer: ByteBuffer) {
        self.init(buffer.readableBytesView)
    }
}
