import Synchronization
import Testing

@testable import Kafka

/// What the loaded librdkafka can do, and that the version thresholds match its behaviour on the embedded broker.
/// `scripts/test` runs this suite twice: with Debian's 2.0.2 and with a current release.
@Suite("The loaded librdkafka")
struct LibraryVersionTests {
    @Test("versions decode from librdkafka's integer form and order by release")
    func decoding() {
        #expect(KafkaLibraryVersion(encoded: 0x0200_02ff) == KafkaLibraryVersion(2, 0, 2))
        #expect(KafkaLibraryVersion(encoded: 0x0210_00ff) == KafkaLibraryVersion(2, 16, 0))
        #expect(KafkaLibraryVersion(2, 0, 2) < KafkaLibraryVersion(2, 2, 0))
        #expect(KafkaLibraryVersion(2, 9, 9) < KafkaLibraryVersion(2, 10, 0))
        #expect(KafkaLibraryVersion(2, 16, 0).description == "2.16.0")
        #expect(KafkaLibrary.releaseVersion.description == KafkaLibrary.version)
    }

    @Test("the consumer group protocol is refused, naming both versions, on a librdkafka without it")
    func consumerProtocolNeedsACurrentLibrary() throws {
        let client = KafkaClientConfiguration(bootstrapServers: "kafka-0:9092")
        let configuration = KafkaConsumerConfiguration(client: client, groupID: "workers", groupProtocol: .consumer)
        #expect {
            try configuration.properties(library: KafkaLibraryVersion(2, 0, 2))
        } throws: { error in
            let message = (error as? KafkaError)?.message ?? ""
            return message.contains("2.12.0") && message.contains("2.0.2")
        }
        let properties = try configuration.properties(library: KafkaLibraryVersion(2, 16, 0))
        #expect(properties["group.protocol"] == "consumer")
        // The broker owns these with KIP-848; librdkafka refuses them.
        #expect(properties["session.timeout.ms"] == nil)
        #expect(properties["heartbeat.interval.ms"] == nil)
        #expect(properties["partition.assignment.strategy"] == nil)
        let classic = try KafkaConsumerConfiguration(client: client, groupID: "workers").properties(library: KafkaLibraryVersion(2, 0, 2))
        #expect(classic["group.protocol"] == nil)
        #expect(classic["session.timeout.ms"] == "45000")
    }

    @Test("group.protocol cannot be passed through around the typed setting")
    func groupProtocolIsManaged() {
        var client = KafkaClientConfiguration(bootstrapServers: "kafka-0:9092")
        client.additionalProperties = ["group.protocol": "consumer"]
        #expect(throws: KafkaError(.invalidArgument)) {
            try KafkaConsumerConfiguration(client: client, groupID: "g").properties()
        }
    }

    /// The member that stays is revoked its own partitions on a cooperative rebalance exactly when the loaded
    /// release is older than ``KafkaLibraryVersion/keepsPartitionsOnCooperativeRebalance``: this pins the
    /// threshold the worker warns with to observed behaviour, in both of `scripts/test`'s runs. Members commit
    /// as the worker does (every few hundred milliseconds, and on revoke); the defect needs a commit that
    /// meets the rebalance.
    @Test("a committing member that stays keeps its partitions when another joins and leaves, from the release the worker names on")
    func stayingMemberKeepsItsPartitions() async throws {
        let fixture = try MockFixture(partitions: 6)
        defer { fixture.shutdown() }
        let group = uniqueName("group")
        let configuration = fixture.consumerConfiguration(group: group, strategy: .cooperativeSticky)
        let stayingListener = RecordingListener()
        let staying = CommittingMember(
            try KafkaConsumer(configuration: configuration, logger: fixture.logger, rebalanceListener: stayingListener),
            listener: stayingListener)
        try staying.consumer.subscribe(topics: [fixture.topic])
        let producer = try fixture.makeProducer()
        let traffic = Task {
            while !Task.isCancelled {
                _ = try? await fixture.produce(6, keys: 6, with: producer)
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        let stayingTasks = staying.start()
        #expect(await eventually(timeout: .seconds(30)) { stayingListener.assigned.count == 6 })

        let joiningListener = RecordingListener()
        let joining = CommittingMember(
            try KafkaConsumer(configuration: configuration, logger: fixture.logger, rebalanceListener: joiningListener),
            listener: joiningListener)
        try joining.consumer.subscribe(topics: [fixture.topic])
        let joiningTasks = joining.start()
        #expect(await eventually(timeout: .seconds(40)) {
            !joiningListener.assigned.isEmpty && stayingListener.assigned.count + joiningListener.assigned.count == 6
        })
        let movedToJoiner = joiningListener.assigned
        await joining.consumer.close()
        for task in joiningTasks { task.cancel() }
        #expect(await eventually(timeout: .seconds(40)) { stayingListener.assigned.count == 6 })
        traffic.cancel()
        await staying.consumer.close()
        for task in stayingTasks { task.cancel() }
        await producer.shutdown(flushTimeout: .seconds(5))

        // Revocations before the final close: only partitions that moved to the joiner belong among them.
        let events = stayingListener.events
        let lastAssignment = events.lastIndex { if case .assigned = $0 { return true } else { return false } } ?? events.endIndex
        let revokedWhileRebalancing = events[..<lastAssignment].reduce(into: Set<KafkaTopicPartition>()) { revoked, event in
            if case .revoked(let partitions, _) = event { revoked.formUnion(partitions) }
        }
        let revokedKept = revokedWhileRebalancing.subtracting(movedToJoiner)
        fixture.logger.notice(
            "cooperative rebalance",
            metadata: [
                "librdkafka": "\(KafkaLibrary.version)", "moved": "\(movedToJoiner.sorted().map(\.description))",
                "revoked.kept": "\(revokedKept.sorted().map(\.description))",
            ]
        )
        if KafkaLibrary.keepsPartitionsOnCooperativeRebalance {
            #expect(revokedKept.isEmpty, "librdkafka \(KafkaLibrary.version) revoked partitions that did not move: \(revokedKept.sorted())")
        } else {
            #expect(!revokedKept.isEmpty, "librdkafka \(KafkaLibrary.version) kept its partitions: lower the threshold in KafkaLibraryVersion")
        }
    }

    /// Reads every record, marks it processed for the revoke listener, and commits what it read every 300 ms.
    final class CommittingMember: Sendable {
        let consumer: KafkaConsumer
        let listener: RecordingListener
        let read = Mutex<[KafkaTopicPartition: Int64]>([:])

        init(_ consumer: KafkaConsumer, listener: RecordingListener) {
            self.consumer = consumer
            self.listener = listener
        }

        func start() -> [Task<Void, Never>] {
            let reading = Task {
                do {
                    for try await record in consumer.records {
                        listener.processed(record.topicPartition, offset: record.offset)
                        read.withLock { $0[record.topicPartition] = record.offset + 1 }
                    }
                } catch {}
            }
            let committing = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(300))
                    let owned = Set(consumer.assignment)
                    let offsets = read.withLock { $0 }.filter { owned.contains($0.key) }
                    // Refusals while the group rebalances are expected; the point is to commit into them.
                    if !offsets.isEmpty { try? await consumer.commit(offsets) }
                }
            }
            return [reading, committing]
        }
    }

    /// KIP-848 end to end where the loaded librdkafka has it (its embedded broker then speaks the protocol too).
    @Test(
        "the consumer group protocol joins, reads and commits on the embedded broker",
        .enabled(if: KafkaLibrary.supportsConsumerGroupProtocol, "needs librdkafka 2.12.0 or later loaded (scripts/test's current-library run)")
    )
    func consumerProtocolEndToEnd() async throws {
        let fixture = try MockFixture(partitions: 4)
        defer { fixture.shutdown() }
        var configuration = fixture.consumerConfiguration(group: uniqueName("group"))
        configuration.groupProtocol = .consumer
        let listener = RecordingListener()
        let consumer = try KafkaConsumer(configuration: configuration, logger: fixture.logger, rebalanceListener: listener)
        try consumer.subscribe(topics: [fixture.topic])
        let producer = try fixture.makeProducer()
        _ = try await fixture.produce(40, keys: 8, with: producer)
        await producer.shutdown(flushTimeout: .seconds(5))
        let records = try await collect(consumer, count: 40, timeout: .seconds(40))
        #expect(Set(records.map { "\($0.partition)@\($0.offset)" }).count == 40)
        #expect(listener.assigned.count == 4)
        let last = Dictionary(grouping: records, by: \.topicPartition).mapValues { $0.map(\.offset).max()! + 1 }
        try await consumer.commit(last)
        let committed = try await consumer.committed(Array(last.keys), timeout: .seconds(5))
        #expect(committed == last)
        await consumer.close()
    }
}
