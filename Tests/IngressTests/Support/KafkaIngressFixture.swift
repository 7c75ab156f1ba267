import AsyncHTTPClient
import Foundation
import Kafka
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

@testable import Ingress

/// An ingress writing to an embedded Kafka cluster, with its keys served over HTTP by a ``KeyServer``.
struct KafkaIngressFixture {
    let cluster: KafkaMockCluster
    let topic: String
    let partitions = 4
    let logger = Logger(label: "ingress-kafka-test", factory: { _ in SwiftLogNoOpLogHandler() })

    init() throws {
        cluster = try KafkaMockCluster(brokers: 3, logger: Logger(label: "mock", factory: { _ in SwiftLogNoOpLogHandler() }))
        topic = "calls.notifications.\(UInt32.random(in: .min ... .max))"
        try cluster.createTopic(topic, partitions: partitions, replicationFactor: 3)
    }

    var client: KafkaClientConfiguration {
        // Quick reconnects keep the broker-down test short.
        KafkaClientConfiguration(
            bootstrapServers: cluster.bootstrapServers,
            additionalProperties: ["reconnect.backoff.ms": "50", "reconnect.backoff.max.ms": "500"]
        )
    }

    /// Runs an ingress (auth on, keys from `keyServer`) for the duration of `body`, which gets its ports.
    func withIngress<Value: Sendable>(
        keyServer: KeyServer,
        _ configure: (inout IngressApplicationConfiguration) -> Void = { _ in },
        _ body: @Sendable (IngressPorts) async throws -> Value
    ) async throws -> Value {
        var configuration = IngressApplicationConfiguration(
            host: "127.0.0.1",
            port: 0,
            healthPort: 0,
            notificationsTopic: topic,
            authentication: TokenValidationConfiguration(botAppID: TestKeys.botAppID, openIDMetadataURL: keyServer.metadataURL),
            kafka: IngressApplicationConfiguration.producerConfiguration(client: client)
        )
        configure(&configuration)
        let (ports, continuation) = AsyncStream.makeStream(of: IngressPorts.self)
        let registry = PrometheusCollectorRegistry()
        let ingress = try IngressApplication(
            configuration: configuration,
            registry: registry,
            logger: logger,
            onServerRunning: { bound in
                continuation.yield(bound)
                continuation.finish()
            }
        )
        let group = ServiceGroup(services: ingress.services, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            do {
                let value = try await body(port)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }

    /// Every record in the topic, read partition by partition.
    func records() async throws -> [KafkaRecord] {
        var all: [KafkaRecord] = []
        for partition in 0..<Int32(partitions) {
            all += try await KafkaPartitionReader.read(
                configuration: client, topic: topic, partition: partition, from: 0, until: nil, timeout: .seconds(20), logger: logger
            )
        }
        return all
    }

    func shutdown() {
        cluster.shutdown()
    }
}

/// Posts notifications over HTTP.
struct NotificationPoster: Sendable {
    let port: Int
    let token: String
    let client: HTTPClient

    func post(
        _ body: [UInt8] = Notification.seed.incomingNotification,
        messageID: String? = nil,
        headers extra: [(String, String)] = [],
        authorization: String? = nil,
        contentType: String = "application/json"
    ) async throws -> (status: Int, headers: [String: String], body: [UInt8]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/calls")
        request.method = .POST
        request.headers.add(name: "Authorization", value: authorization ?? "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: contentType)
        if let messageID { request.headers.add(name: "X-Microsoft-Skype-Message-ID", value: messageID) }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        // Generous: a loaded machine answers 2,000 concurrent posts slowly, and this is not the subject.
        let response = try await client.execute(request, timeout: .seconds(120))
        let responseBody = try await response.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return (Int(response.status.code), headers, Array(responseBody.readableBytesView))
    }
}
