import CallModel
import Foundation
import Graph
import GraphSimulator
import Kafka
import Logging
import Prometheus
import ServiceLifecycle

@testable import Worker

/// An embedded Kafka cluster with the three topics, a running simulated Graph, a Graph client
/// pointed at it, and workers started on demand; everything in-process, on loopback.
final class PipelineFixture: Sendable {
    let cluster: KafkaMockCluster
    let simulator: SimulatedGraph
    let simulatorURL: String
    let graph: GraphClient
    let producer: KafkaProducer
    let configuration: WorkerConfiguration
    let partitions: Int
    let group = "group-\(UUID().uuidString.prefix(8))"
    let clock: TestWallClock
    let logger: Logger

    /// Test logs stay quiet unless `WORKER_TEST_LOG` names a level.
    static func makeLogger(_ label: String) -> Logger {
        guard let raw = ProcessInfo.processInfo.environment["WORKER_TEST_LOG"], let level = Logger.Level(rawValue: raw) else {
            return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
        }
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = level
        return logger
    }

    private init(
        cluster: KafkaMockCluster, simulator: SimulatedGraph, simulatorURL: String, graph: GraphClient,
        producer: KafkaProducer, configuration: WorkerConfiguration, partitions: Int, logger: Logger
    ) {
        self.cluster = cluster
        self.simulator = simulator
        self.simulatorURL = simulatorURL
        self.graph = graph
        self.producer = producer
        self.configuration = configuration
        self.partitions = partitions
        self.clock = TestWallClock(start: NotificationRecords.businessHours)
        self.logger = logger
    }

    /// Runs `body` with a fresh cluster and simulator; shuts both down afterwards.
    static func with<T: Sendable>(
        partitions: Int = 2,
        configure: (inout WorkerConfiguration) -> Void = { _ in },
        graphAttemptTimeout: Duration = .seconds(15),
        simulator simulatorConfiguration: SimulatorConfiguration = SimulatorConfiguration(),
        _ body: (PipelineFixture) async throws -> T
    ) async throws -> T {
        let logger = makeLogger("pipeline-test")
        let cluster = try KafkaMockCluster(brokers: 1, logger: logger)
        defer { cluster.shutdown() }
        let suffix = UUID().uuidString.prefix(8).lowercased()
        var configuration = WorkerConfiguration(
            notificationsTopic: "notifications-\(suffix)",
            outcomesTopic: "outcomes-\(suffix)",
            deadLetterTopic: "dlq-\(suffix)",
            commitInterval: .milliseconds(200),
            produceRetryBackoff: .milliseconds(20)
        )
        configure(&configuration)
        try cluster.createTopic(configuration.notificationsTopic, partitions: partitions, replicationFactor: 1)
        try cluster.createTopic(configuration.outcomesTopic, partitions: partitions, replicationFactor: 1)
        try cluster.createTopic(configuration.deadLetterTopic, partitions: 1, replicationFactor: 1)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                client: KafkaClientConfiguration(bootstrapServers: cluster.bootstrapServers), linger: .milliseconds(1)),
            logger: logger)
        let settings = configuration
        // No terminated notifications to the examples' unreachable callback host during a test.
        var simulatorConfiguration = simulatorConfiguration
        simulatorConfiguration.terminationDelay = .seconds(600)
        return try await SimulatedGraph.withRunning(configuration: simulatorConfiguration, logger: logger) { simulator, address in
            var graphConfiguration = GraphClientConfiguration(
                clientID: "switchboard-tests", credential: .clientSecret("not-a-secret"),
                endpoint: GraphEndpoint(baseURL: address.baseURL, authority: address.baseURL, apiVersion: .beta),
                tokenTimeout: .seconds(15), attemptTimeout: graphAttemptTimeout)
            // A loaded machine can take seconds to connect; the call's window still bounds every attempt.
            graphConfiguration.connectTimeout = .seconds(15)
            let graph = try GraphClient(configuration: graphConfiguration, logger: logger)
            let fixture = PipelineFixture(
                cluster: cluster, simulator: simulator, simulatorURL: address.baseURL, graph: graph, producer: producer,
                configuration: settings, partitions: partitions, logger: logger)
            let result: Result<T, any Error>
            do {
                result = .success(try await body(fixture))
            } catch {
                result = .failure(error)
            }
            try? await graph.shutdown()
            await producer.shutdown(flushTimeout: .seconds(5))
            return try result.get()
        }
    }

    var client: KafkaClientConfiguration {
        KafkaClientConfiguration(
            bootstrapServers: cluster.bootstrapServers,
            additionalProperties: ["reconnect.backoff.ms": "50", "reconnect.backoff.max.ms": "500"])
    }

    /// A worker in this fixture's group, with the business-hours wall clock.
    func makeWorker(rules: RoutingRules, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) throws -> WorkerService {
        let consumerConfiguration = KafkaConsumerConfiguration(
            client: client, groupID: group, sessionTimeout: .seconds(6), heartbeatInterval: .milliseconds(500),
            autoCommitInterval: nil, rebalanceTimeout: .seconds(30))
        let logger = self.logger
        let clock = self.clock
        return try WorkerService(
            configuration: configuration,
            makeConsumer: { listener throws(WorkerError) in
                do {
                    return KafkaNotificationConsumer(
                        try KafkaConsumer(configuration: consumerConfiguration, logger: logger, rebalanceListener: listener))
                } catch {
                    throw WorkerError(code: .kafka, message: "\(error)")
                }
            },
            publisher: producer,
            redirector: graph,
            history: KafkaPartitionHistory(configuration: client, timeout: .seconds(10), logger: logger),
            rules: { rules },
            metrics: WorkerMetrics(factory: PrometheusMetricsFactory(registry: registry)),
            now: { clock.now },
            logger: logger
        )
    }

    /// The worker did not become ready in time.
    struct WorkerNotReady: Error {}

    /// Runs a worker (in its own service group) until `body` returns, then shuts it down gracefully.
    ///
    /// `body` starts once the worker consumes: a call offered in real time before that could spend its
    /// 15 s window waiting for a group join on a loaded machine, which no test here is about.
    func running<T: Sendable>(_ worker: WorkerService, _ body: () async throws -> T) async throws -> T {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [worker], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let result: Result<T, any Error>
            do {
                guard await waitUntilReady(worker) else { throw WorkerNotReady() }
                result = .success(try await body())
            } catch {
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }

    /// Waits until the worker has been assigned partitions and is ready (by default at most a minute:
    /// a group join on a loaded machine takes seconds).
    func waitUntilReady(_ worker: WorkerService, timeout: Duration = .seconds(60)) async -> Bool {
        await eventually(timeout: timeout) { worker.readiness.isReady }
    }

    /// Writes a notification as the ingress does: key = call id, receive-time and tenant headers.
    @discardableResult
    func produceNotification(
        _ body: [UInt8],
        callID: String?,
        tenant: String? = NotificationRecords.tenant,
        receivedAt: Date? = nil,
        extraHeaders: [KafkaHeader] = []
    ) async throws -> KafkaDeliveryReport {
        let received = receivedAt ?? clock.now
        var headers = [
            KafkaHeader(key: NotificationHeaders.receivedAt, string: String(Int64(received.timeIntervalSince1970 * 1000)))
        ]
        if let tenant { headers.append(KafkaHeader(key: NotificationHeaders.tenant, string: tenant)) }
        headers += extraHeaders
        return try await producer.send(
            topic: configuration.notificationsTopic, key: callID.map { Array($0.utf8) }, value: body, headers: headers)
    }

    /// Offers a call at the simulator and writes its notification as the ingress would.
    @discardableResult
    func offerAndProduce(_ offer: IncomingCallOffer = IncomingCallOffer()) async throws -> OfferedCall {
        let call = try await simulator.offerIncomingCall(offer)
        try await produceNotification(call.notification, callID: call.callID, tenant: call.tenantID)
        return call
    }

    /// Every outcome published so far, over all partitions of the outcomes topic, without the `attempting`
    /// markers (``allEvents()`` has them).
    func outcomes() async throws -> [OutcomeEvent] {
        try await allEvents().filter { $0.type != .attempting }
    }

    /// Every event of the outcomes topic, `attempting` markers included.
    func allEvents() async throws -> [OutcomeEvent] {
        var events: [OutcomeEvent] = []
        for partition in 0..<Int32(partitions) {
            let records = try await KafkaPartitionReader.read(
                configuration: client, topic: configuration.outcomesTopic, partition: partition, from: 0, until: nil,
                timeout: .seconds(10), logger: logger)
            for record in records {
                events.append(try OutcomeEvent(kafkaHeaders: record.headers.map { ($0.key, $0.stringValue ?? "") }, value: record.value))
            }
        }
        return events
    }

    /// The records of the dead-letter topic.
    func deadLetters() async throws -> [KafkaRecord] {
        try await KafkaPartitionReader.read(
            configuration: client, topic: configuration.deadLetterTopic, partition: 0, from: 0, until: nil,
            timeout: .seconds(10), logger: logger)
    }

    /// Polls the outcomes topic until `condition` holds on them, for at most `timeout` (by default two
    /// minutes, for a loaded machine; it returns as soon as the condition holds).
    func waitForOutcomes(timeout: Duration = .seconds(120), _ condition: ([OutcomeEvent]) -> Bool) async throws -> [OutcomeEvent] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let events = try await outcomes()
            if condition(events) || clock.now >= deadline { return events }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Redirect requests the simulator received (not token requests), oldest first.
    func redirectRequests(callID: String? = nil) -> [RecordedRequest] {
        simulator.requests(callID: callID).filter { $0.path.hasSuffix("/redirect") }
    }
}
