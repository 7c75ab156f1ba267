import Foundation
import Kafka
import Logging
import Synchronization

/// A logger for tests: critical lines only, unless `KAFKA_TEST_LOG` names a level (e.g. `KAFKA_TEST_LOG=debug`).
///
/// Critical lines are kept because librdkafka logs why its mock broker failed (a socket it could not bind, say)
/// just before the assertion that ends the test process; without the line a CI log shows only the assertion.
func makeTestLogger(_ label: String = "kafka-tests") -> Logger {
    let level = ProcessInfo.processInfo.environment["KAFKA_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
    var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
    logger.logLevel = level
    return logger
}

/// A name no other test uses, so tests can share nothing and run in parallel.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UInt32.random(in: .min ... .max))-\(UInt32.random(in: .min ... .max))"
}

/// The assignment strategy tests use unless they say otherwise; `KAFKA_TEST_STRATEGY` overrides it,
/// so the rebalance suites can be looped per strategy.
var testStrategy: KafkaConsumerConfiguration.AssignmentStrategy {
    ProcessInfo.processInfo.environment["KAFKA_TEST_STRATEGY"].flatMap(KafkaConsumerConfiguration.AssignmentStrategy.init(rawValue:))
        ?? KafkaConsumerConfiguration(client: .init(bootstrapServers: ""), groupID: "g").assignmentStrategy
}

/// An embedded cluster with one topic, and configurations pointing at it.
struct MockFixture {
    let cluster: KafkaMockCluster
    let topic: String
    let partitions: Int
    let logger: Logger

    init(brokers: Int = 3, partitions: Int = 4, logger: Logger = makeTestLogger()) throws {
        self.cluster = try KafkaMockCluster(brokers: brokers, logger: logger)
        self.topic = uniqueName("topic")
        self.partitions = partitions
        self.logger = logger
        try cluster.createTopic(topic, partitions: partitions, replicationFactor: min(brokers, 3))
    }

    var client: KafkaClientConfiguration {
        // Quick reconnects keep broker-down tests short.
        KafkaClientConfiguration(
            bootstrapServers: cluster.bootstrapServers,
            additionalProperties: ["reconnect.backoff.ms": "50", "reconnect.backoff.max.ms": "500"]
        )
    }

    func producerConfiguration(messageTimeout: Duration = .seconds(20)) -> KafkaProducerConfiguration {
        KafkaProducerConfiguration(client: client, linger: .milliseconds(1), messageTimeout: messageTimeout)
    }

    /// Small session timeout and heartbeat interval: the mock's rebalances take `session.timeout.ms` − 1 s.
    func consumerConfiguration(
        group: String,
        strategy: KafkaConsumerConfiguration.AssignmentStrategy = testStrategy,
        autoCommitInterval: Duration? = nil,
        bufferCapacity: Int = 1_000
    ) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            client: client,
            groupID: group,
            sessionTimeout: .seconds(6),
            heartbeatInterval: .milliseconds(500),
            assignmentStrategy: strategy,
            autoCommitInterval: autoCommitInterval,
            bufferCapacity: bufferCapacity,
            rebalanceTimeout: .seconds(10)
        )
    }

    func makeProducer() throws -> KafkaProducer {
        try KafkaProducer(configuration: producerConfiguration(), logger: logger)
    }

    /// Sends `count` records with keys `key-<i % keys>` and a `seq` header; returns their reports.
    @discardableResult
    func produce(_ count: Int, keys: Int = 8, with producer: KafkaProducer) async throws -> [KafkaDeliveryReport] {
        try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            for index in 0..<count {
                group.addTask {
                    try await producer.send(
                        topic: topic,
                        key: Array("key-\(index % keys)".utf8),
                        value: Array("value-\(index)".utf8),
                        headers: [KafkaHeader(key: "seq", string: "\(index)")]
                    )
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// The offset the next record of `partition` gets.
    func highWatermark(partition: Int32) async throws -> Int64 {
        try await KafkaPartitionReader.watermarks(
            configuration: client, topic: topic, partition: partition, timeout: .seconds(5), logger: logger
        ).high
    }

    /// The values stored where `report` says its record is (one, when it is there).
    func storedValues(at report: KafkaDeliveryReport) async throws -> [[UInt8]] {
        try await KafkaPartitionReader.read(
            configuration: client, topic: topic, partition: report.partition,
            from: report.offset, until: report.offset + 1, timeout: .seconds(10), logger: logger
        ).map(\.value)
    }

    func shutdown() {
        cluster.shutdown()
    }
}

/// Reads records until `count` arrived or `timeout` passed; returns what arrived.
func collect(_ consumer: KafkaConsumer, count: Int, timeout: Duration) async throws -> [KafkaRecord] {
    try await withThrowingTaskGroup(of: [KafkaRecord]?.self) { group in
        group.addTask {
            var records: [KafkaRecord] = []
            guard count > 0 else { return records }
            for try await record in consumer.records {
                records.append(record)
                if records.count >= count { break }
            }
            return records
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        while let result = try await group.next() {
            group.cancelAll()
            if let records = result { return records }
        }
        return []
    }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration, _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// A rebalance listener that records what it hears and answers revocations from a table of offsets.
final class RecordingListener: KafkaRebalanceListener {
    enum Event: Equatable, Sendable {
        case assigned([KafkaTopicPartition])
        case revoked([KafkaTopicPartition], lost: Bool)
    }

    private let state = Mutex<(events: [Event], offsets: [KafkaTopicPartition: Int64])>(([], [:]))
    private let assignDelay: Duration

    init(assignDelay: Duration = .zero) {
        self.assignDelay = assignDelay
    }

    var events: [Event] { state.withLock { $0.events } }

    /// Records processed up to and including `offset` in `partition`.
    func processed(_ partition: KafkaTopicPartition, offset: Int64) {
        state.withLock { $0.offsets[partition] = max($0.offsets[partition] ?? 0, offset + 1) }
    }

    var assigned: Set<KafkaTopicPartition> {
        var current: Set<KafkaTopicPartition> = []
        for event in events {
            switch event {
            case .assigned(let partitions): current.formUnion(partitions)
            case .revoked(let partitions, _): current.subtract(partitions)
            }
        }
        return current
    }

    func partitionsAssigned(_ partitions: [KafkaTopicPartition]) async {
        if assignDelay > .zero { try? await Task.sleep(for: assignDelay) }
        state.withLock { $0.events.append(.assigned(partitions)) }
    }

    func partitionsRevoked(_ partitions: [KafkaTopicPartition], lost: Bool) async -> [KafkaTopicPartition: Int64] {
        state.withLock { state in
            state.events.append(.revoked(partitions, lost: lost))
            return state.offsets.filter { partitions.contains($0.key) }
        }
    }
}
