import Logging
import Synchronization
import Testing

@testable import Kafka

/// Group behaviour across members. The strategy is `testStrategy` (the default, or `KAFKA_TEST_STRATEGY`),
/// so the suite can be looped per strategy.
@Suite("Consumer group rebalancing on the embedded broker")
struct RebalanceTests {
    /// Reads records until `stop` says so, committing each one synchronously after "processing" it.
    final class CommittingReader: Sendable {
        let consumer: KafkaConsumer
        let records = Mutex<[KafkaRecord]>([])

        init(_ consumer: KafkaConsumer) {
            self.consumer = consumer
        }

        func run() async throws {
            for try await record in consumer.records {
                records.withLock { $0.append(record) }
                do {
                    try await consumer.commit([record.topicPartition: record.offset + 1])
                } catch {
                    // Only a partition that is moving may refuse the commit; its next owner re-reads from the last commit.
                    let moving: [KafkaError.Code] = [.illegalGeneration, .rebalanceInProgress, .unknownMemberID, .state]
                    if !moving.contains(error.code) { throw error }
                }
            }
        }

        var count: Int { records.withLock { $0.count } }
    }

    @Test("two consumers split the partitions; when one leaves the other takes over from the last commit, losing and skipping nothing")
    func splitAndTakeOver() async throws {
        let fixture = try MockFixture(partitions: 4)
        defer { fixture.shutdown() }
        let group = uniqueName("group")
        let configuration = fixture.consumerConfiguration(group: group)
        let first = try KafkaConsumer(configuration: configuration, logger: fixture.logger)
        let second = try KafkaConsumer(configuration: configuration, logger: fixture.logger)
        try first.subscribe(topics: [fixture.topic])
        try second.subscribe(topics: [fixture.topic])
        let split = await eventually(timeout: .seconds(40)) {
            let a = Set(first.assignment)
            let b = Set(second.assignment)
            return !a.isEmpty && !b.isEmpty && a.isDisjoint(with: b) && a.union(b).count == 4
        }
        #expect(split, "assignments: \(first.assignment) / \(second.assignment)")

        let readerA = CommittingReader(first)
        let readerB = CommittingReader(second)
        let taskA = Task { try await readerA.run() }
        let taskB = Task { try await readerB.run() }
        let producer = try fixture.makeProducer()
        try await fixture.produce(200, keys: 40, with: producer)
        #expect(await eventually(timeout: .seconds(20)) { readerA.count + readerB.count >= 200 })
        #expect(readerA.count > 0 && readerB.count > 0)

        await second.close()
        _ = try await taskB.value
        try await fixture.produce(200, keys: 40, with: producer)
        await producer.shutdown(flushTimeout: .seconds(5))
        #expect(await eventually(timeout: .seconds(40)) { first.assignment.count == 4 })
        #expect(await eventually(timeout: .seconds(20)) { readerA.count + readerB.count >= 400 })
        try await Task.sleep(for: .milliseconds(500))
        await first.close()
        _ = try await taskA.value

        let all = readerA.records.withLock { $0 } + readerB.records.withLock { $0 }
        #expect(all.count == 400, "duplicates or losses: \(all.count) records")
        for partition in 0..<Int32(4) {
            let offsets = all.filter { $0.partition == partition }.map(\.offset).sorted()
            #expect(offsets == Array(0..<Int64(offsets.count)), "partition \(partition)")
        }
    }

    @Test("offsets returned by the revoke listener are committed before the partition moves")
    func revokeCommitsListenerOffsets() async throws {
        let fixture = try MockFixture(partitions: 4)
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        try await fixture.produce(100, keys: 40, with: producer)
        let group = uniqueName("group")
        let configuration = fixture.consumerConfiguration(group: group)

        let listenerA = RecordingListener()
        let first = try KafkaConsumer(configuration: configuration, logger: fixture.logger, rebalanceListener: listenerA)
        try first.subscribe(topics: [fixture.topic])
        let readByA = try await collect(first, count: 100, timeout: .seconds(30))
        #expect(readByA.count == 100)
        // Processed all but the last record of every partition; nothing is stored or committed otherwise.
        let lastOffsets = Dictionary(grouping: readByA, by: \.topicPartition).mapValues { $0.map(\.offset).max() ?? 0 }
        for record in readByA where record.offset < lastOffsets[record.topicPartition] ?? 0 {
            listenerA.processed(record.topicPartition, offset: record.offset)
        }

        let listenerB = RecordingListener()
        let second = try KafkaConsumer(configuration: configuration, logger: fixture.logger, rebalanceListener: listenerB)
        try second.subscribe(topics: [fixture.topic])
        let drain = Task { try await collect(first, count: 1_000, timeout: .seconds(60)) }
        #expect(await eventually(timeout: .seconds(40)) { !second.assignment.isEmpty && first.assignment.count < 4 })
        let moved = second.assignment
        let readByB = try await collect(second, count: moved.count, timeout: .seconds(20))

        // B starts each moved partition at the listener's offset: it re-reads exactly the one unprocessed record.
        #expect(Set(readByB.map(\.topicPartition)) == Set(moved))
        for record in readByB {
            #expect(record.offset == lastOffsets[record.topicPartition], "\(record.topicPartition) restarted at \(record.offset)")
        }
        let committed = try await second.committed(moved, timeout: .seconds(5))
        for partition in moved {
            #expect(committed[partition] == lastOffsets[partition], "committed \(String(describing: committed[partition])) for \(partition)")
        }
        #expect(listenerA.events.contains { if case .revoked(let partitions, false) = $0 { Set(partitions) == Set(moved) } else { false } })

        await second.close()
        await first.close()
        _ = try await drain.value
        await producer.shutdown(flushTimeout: .seconds(1))
    }

    @Test("closing at any point of the first join returns promptly", arguments: [0, 500, 2_800, 3_200, 3_600])
    func closeDuringJoin(delayMilliseconds: Int) async throws {
        let fixture = try MockFixture(partitions: 4)
        defer { fixture.shutdown() }
        let listener = RecordingListener()
        let consumer = try KafkaConsumer(
            configuration: fixture.consumerConfiguration(group: uniqueName("group")),
            logger: fixture.logger,
            rebalanceListener: listener
        )
        try consumer.subscribe(topics: [fixture.topic])
        try await Task.sleep(for: .milliseconds(delayMilliseconds))
        let clock = ContinuousClock()
        let started = clock.now
        await consumer.close()
        #expect(clock.now - started < .seconds(10))
        // Whatever was announced was revoked again.
        #expect(listener.assigned.isEmpty)
    }
}
