import Foundation
import Logging
import Synchronization
import Testing

@testable import Kafka

@Suite("KafkaMockCluster")
struct MockClusterTests {
    @Test("starts N brokers on loopback")
    func bootstrap() throws {
        let cluster = try KafkaMockCluster(brokers: 3, logger: makeTestLogger())
        defer { cluster.shutdown() }
        let addresses = cluster.bootstrapServers.split(separator: ",")
        #expect(addresses.count == 3)
        #expect(addresses.allSatisfy { $0.hasPrefix("127.0.0.1:") })
    }

    @Test("refuses impossible topics and broker counts")
    func validation() throws {
        #expect(throws: KafkaError(.invalidArgument)) { try KafkaMockCluster(brokers: 0, logger: makeTestLogger()) }
        let cluster = try KafkaMockCluster(brokers: 2, logger: makeTestLogger())
        defer { cluster.shutdown() }
        #expect(throws: KafkaError(.invalidArgument)) { try cluster.createTopic("t", partitions: 1, replicationFactor: 3) }
        #expect(throws: KafkaError(.invalidArgument)) { try cluster.createTopic("t", partitions: 0, replicationFactor: 1) }
    }

    @Test("shutdown is idempotent and later fault injection throws destroy")
    func shutdown() throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: makeTestLogger())
        cluster.shutdown()
        cluster.shutdown()
        #expect(throws: KafkaError(.destroy)) { try cluster.setBrokerDown(nil) }
    }

    @Test("brokers set down and up while child processes start: the process survives")
    func brokerDownWhileSpawning() async throws {
        // A child between its creation and its program holds the listening sockets. Without the lock that
        // `startingChildProcess` shares with `setBrokerDown`, the mock's rebind of a port fails and librdkafka
        // ends this whole process: it did in each of two runs of this test with the lock taken out.
        let cluster = try KafkaMockCluster(brokers: 3, logger: makeTestLogger())
        defer { cluster.shutdown() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<100 {
                        let process = Process()
                        process.executableURL = URL(fileURLWithPath: "/bin/sh")
                        process.arguments = ["-c", "exit 0"]
                        try KafkaMockCluster.startingChildProcess { try process.run() }
                        await Task.yield()
                    }
                }
            }
            group.addTask {
                // Spaced out: the mock sometimes serves an order that follows another at once only at its next
                // 1 s tick.
                for _ in 0..<20 {
                    try cluster.setBrokerDown(nil)
                    try await Task.sleep(for: .milliseconds(5))
                    try cluster.setBrokerUp(nil)
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("librdkafka logs reach swift-log with a static message and the text in metadata")
    func logsRouted() async throws {
        let recorder = LogRecorder()
        var logger = Logger(label: "kafka-log-test", factory: { _ in recorder })
        logger.logLevel = .debug
        let fixture = try MockFixture(brokers: 1)
        defer { fixture.shutdown() }
        var client = fixture.client
        client.logLevel = .debug
        client.additionalProperties["debug"] = "broker"
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
        _ = try await producer.send(topic: fixture.topic, key: nil, value: [1])
        await producer.shutdown(flushTimeout: .seconds(5))
        let entries = recorder.entries.filter { $0.message == "librdkafka log" }
        #expect(!entries.isEmpty)
        #expect(entries.allSatisfy { $0.metadata["kafka.log.facility"] != nil && $0.metadata["kafka.log.text"] != nil })
        #expect(entries.contains { $0.level == .debug })
    }
}

/// Collects log entries in memory.
final class LogRecorder: LogHandler, Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let storage = Mutex<[Entry]>([])
    var entries: [Entry] { storage.withLock { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let metadata = (event.metadata ?? [:]).mapValues { "\($0)" }
        storage.withLock { $0.append(Entry(level: event.level, message: "\(event.message)", metadata: metadata)) }
    }
}
