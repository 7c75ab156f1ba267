import Logging
import Synchronization
import Testing

@testable import Kafka

@Suite("KafkaConsumer on the embedded broker")
struct ConsumerTests {
    @Test("records produced with keys and headers arrive once each, in key order, headers intact")
    func produceAndConsume() async throws {
        let fixture = try MockFixture(partitions: 4)
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        // One sequential sender per key, so each key's records have a defined order.
        let keys = 20
        let perKey = 25
        try await withThrowingTaskGroup(of: Void.self) { group in
            for key in 0..<keys {
                group.addTask {
                    for sequence in 0..<perKey {
                        _ = try await producer.send(
                            topic: fixture.topic,
                            key: Array("call-\(key)".utf8),
                            value: Array("{\"call\":\(key),\"seq\":\(sequence)}".utf8),
                            headers: [
                                KafkaHeader(key: "seq", string: "\(sequence)"),
                                KafkaHeader(key: "tenant", string: "tenant-\(key % 3)"),
                                KafkaHeader(key: "empty", value: []),
                                KafkaHeader(key: "null", value: nil),
                                KafkaHeader(key: "binary", value: [0xFF, 0x00, 0xFE]),
                                KafkaHeader(key: "blank", string: ""),
                                KafkaHeader(key: "seq", string: "\(sequence)-last"),
                            ]
                        )
                    }
                }
            }
            try await group.waitForAll()
        }
        await producer.shutdown(flushTimeout: .seconds(5))

        let consumer = try KafkaConsumer(configuration: fixture.consumerConfiguration(group: uniqueName("group")), logger: fixture.logger)
        try consumer.subscribe(topics: [fixture.topic])
        let records = try await collect(consumer, count: keys * perKey, timeout: .seconds(30))
        let extra = try await collect(consumer, count: 1, timeout: .seconds(1))
        await consumer.close()

        #expect(records.count == keys * perKey)
        #expect(extra.isEmpty)
        #expect(Set(records.map { "\($0.partition)@\($0.offset)" }).count == records.count)
        for (key, keyRecords) in Dictionary(grouping: records, by: { $0.keyString ?? "" }) {
            #expect(Set(keyRecords.map(\.partition)).count == 1, "key \(key) spans partitions")
            #expect(keyRecords.map { $0.headerString("seq") } == (0..<perKey).map { "\($0)-last" })
        }
        let first = try #require(records.first { $0.keyString == "call-7" && $0.headerString("seq") == "0-last" })
        #expect(first.headers.map(\.key) == ["seq", "tenant", "empty", "null", "binary", "blank", "seq"])
        #expect(first.headers[0].stringValue == "0")
        #expect(first.header("empty") == [])
        #expect(first.headers[3].value == nil)
        #expect(first.header("binary") == [0xFF, 0x00, 0xFE])
        #expect(first.header("blank") == [])
        #expect(first.headerString("blank") == "")
        #expect(first.headerString("tenant") == "tenant-1")
        #expect(String(decoding: first.value, as: UTF8.self) == "{\"call\":7,\"seq\":0}")
        #expect(first.timestamp?.kind == .createTime)
        #expect(first.topic == fixture.topic)
    }

    @Test("an offset that was not stored is not committed: after a restart that record comes again", arguments: [
        nil, Duration.milliseconds(200),
    ])
    func unstoredOffsetIsNotCommitted(autoCommitInterval: Duration?) async throws {
        let fixture = try MockFixture(partitions: 1)
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        try await fixture.produce(10, with: producer)
        await producer.shutdown(flushTimeout: .seconds(5))
        let group = uniqueName("group")
        let configuration = fixture.consumerConfiguration(group: group, autoCommitInterval: autoCommitInterval)

        let first = try KafkaConsumer(configuration: configuration, logger: fixture.logger)
        try first.subscribe(topics: [fixture.topic])
        let read = try await collect(first, count: 10, timeout: .seconds(20))
        #expect(read.map(\.offset) == Array(0..<10))
        // Processed up to offset 4 only.
        try first.store([read[4].topicPartition: read[4].offset + 1])
        if autoCommitInterval == nil {
            try await first.commitStored()
        } else {
            try await Task.sleep(for: .milliseconds(600))
        }
        let partition = KafkaTopicPartition(topic: fixture.topic, partition: 0)
        #expect(try await first.committed([partition], timeout: .seconds(5)) == [partition: 5])
        await first.close()

        let second = try KafkaConsumer(configuration: configuration, logger: fixture.logger)
        try second.subscribe(topics: [fixture.topic])
        let again = try await collect(second, count: 5, timeout: .seconds(20))
        await second.close()
        #expect(again.map(\.offset) == Array(5..<10))
    }

    @Test("a full buffer pauses fetching and draining resumes it, without losing or duplicating a record")
    func backPressure() async throws {
        let fixture = try MockFixture(partitions: 2)
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        try await fixture.produce(1_000, keys: 40, with: producer)
        await producer.shutdown(flushTimeout: .seconds(5))

        let capacity = 100
        let configuration = fixture.consumerConfiguration(group: uniqueName("group"), bufferCapacity: capacity)
        let consumer = try KafkaConsumer(
            configuration: configuration,
            logger: fixture.logger
        )
        try consumer.subscribe(topics: [fixture.topic])
        var records: [KafkaRecord] = []
        var maxBuffered = 0
        var sawPause = false
        var sawResumeAfterPause = false
        for try await record in consumer.records {
            records.append(record)
            maxBuffered = max(maxBuffered, consumer.bufferedRecordCount)
            let paused = consumer.isPausedForBackPressure
            if paused { sawPause = true } else if sawPause { sawResumeAfterPause = true }
            // A slow reader.
            if records.count % 20 == 0 { try await Task.sleep(for: .milliseconds(5)) }
            if records.count == 1_000 { break }
        }
        let extra = try await collect(consumer, count: 1, timeout: .seconds(1))
        await consumer.close()

        #expect(sawPause)
        #expect(sawResumeAfterPause)
        #expect(maxBuffered <= capacity, "buffer grew to \(maxBuffered)")
        #expect(extra.isEmpty)
        for (_, partitionRecords) in Dictionary(grouping: records, by: \.partition) {
            #expect(partitionRecords.map(\.offset) == Array(0..<Int64(partitionRecords.count)))
        }
        #expect(records.count == 1_000)
    }

    @Test("a paused partition stops while the others flow, and resumes where it stopped")
    func pauseAndResume() async throws {
        let fixture = try MockFixture(partitions: 2)
        defer { fixture.shutdown() }
        let consumer = try KafkaConsumer(configuration: fixture.consumerConfiguration(group: uniqueName("group")), logger: fixture.logger)
        try consumer.subscribe(topics: [fixture.topic])
        #expect(await eventually(timeout: .seconds(20)) { consumer.assignment.count == 2 })
        let paused = KafkaTopicPartition(topic: fixture.topic, partition: 0)
        consumer.pause([paused])
        try await Task.sleep(for: .milliseconds(200))

        let producer = try fixture.makeProducer()
        let reports = try await fixture.produce(200, keys: 20, with: producer)
        await producer.shutdown(flushTimeout: .seconds(5))
        let onPaused = reports.filter { $0.partition == 0 }.count
        let whilePaused = try await collect(consumer, count: 200 - onPaused + 1, timeout: .seconds(3))
        #expect(whilePaused.count == 200 - onPaused)
        #expect(whilePaused.allSatisfy { $0.partition == 1 })

        consumer.resume([paused])
        let afterResume = try await collect(consumer, count: onPaused, timeout: .seconds(10))
        await consumer.close()
        #expect(afterResume.map(\.offset) == Array(0..<Int64(onPaused)))
        #expect(afterResume.allSatisfy { $0.partition == 0 })
    }

    @Test("the watermarks of a fetched partition are known without asking the broker, and none after close")
    func fetchedWatermarks() async throws {
        let fixture = try MockFixture(partitions: 1)
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        for index in 0..<5 {
            _ = try await producer.send(topic: fixture.topic, key: nil, value: Array("\(index)".utf8), headers: [])
        }
        await producer.shutdown(flushTimeout: .seconds(5))
        let consumer = try KafkaConsumer(configuration: fixture.consumerConfiguration(group: uniqueName("group")), logger: fixture.logger)
        let partition = KafkaTopicPartition(topic: fixture.topic, partition: 0)
        #expect(consumer.fetchedWatermarks(partition) == nil)
        try consumer.subscribe(topics: [fixture.topic])
        let records = try await collect(consumer, count: 5, timeout: .seconds(30))
        #expect(records.count == 5)
        let watermarks = try #require(consumer.fetchedWatermarks(partition))
        #expect(watermarks.low == 0)
        #expect(watermarks.high == 5)
        await consumer.close()
        #expect(consumer.fetchedWatermarks(partition) == nil)
    }

    @Test("close ends the record sequence and later calls fail cleanly")
    func closeEndsSequence() async throws {
        let fixture = try MockFixture(partitions: 1)
        defer { fixture.shutdown() }
        let consumer = try KafkaConsumer(configuration: fixture.consumerConfiguration(group: uniqueName("group")), logger: fixture.logger)
        try consumer.subscribe(topics: [fixture.topic])
        let reader = Task { try await collect(consumer, count: 1, timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(300))
        await consumer.close()
        // The reader ended with nothing (not at its 60 s timeout: that would need a record).
        #expect(try await reader.value.isEmpty)
        await consumer.close()
        await #expect(throws: KafkaError(.destroy)) { try await consumer.commitStored() }
        #expect(throws: KafkaError(.destroy)) { try consumer.subscribe(topics: [fixture.topic]) }
        var iterator = consumer.records.makeAsyncIterator()
        #expect(try await iterator.next() == nil)
    }

    @Test("records of a partition are handed out only after the listener's partitionsAssigned returned")
    func assignedBeforeRecords() async throws {
        let fixture = try MockFixture(partitions: 2)
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        try await fixture.produce(100, with: producer)
        await producer.shutdown(flushTimeout: .seconds(5))

        let listener = RecordingListener(assignDelay: .seconds(1))
        let consumer = try KafkaConsumer(
            configuration: fixture.consumerConfiguration(group: uniqueName("group")),
            logger: fixture.logger,
            rebalanceListener: listener
        )
        try consumer.subscribe(topics: [fixture.topic])
        var violations = 0
        var count = 0
        for try await record in consumer.records {
            if !listener.assigned.contains(record.topicPartition) { violations += 1 }
            count += 1
            if count == 100 { break }
        }
        await consumer.close()
        #expect(violations == 0)
        #expect(count == 100)
        guard case .revoked(let revoked, let lost) = listener.events.last else {
            Issue.record("close did not revoke through the listener: \(listener.events)")
            return
        }
        #expect(Set(revoked) == [KafkaTopicPartition(topic: fixture.topic, partition: 0), KafkaTopicPartition(topic: fixture.topic, partition: 1)])
        #expect(!lost)
    }

    @Test("storing an offset of a partition that is not assigned throws state")
    func storeUnassigned() async throws {
        let fixture = try MockFixture(partitions: 1)
        defer { fixture.shutdown() }
        let consumer = try KafkaConsumer(configuration: fixture.consumerConfiguration(group: uniqueName("group")), logger: fixture.logger)
        // librdkafka says unknownPartition for a partition never assigned, state for one no longer assigned.
        #expect {
            try consumer.store([KafkaTopicPartition(topic: fixture.topic, partition: 0): 1])
        } throws: { error in
            [KafkaError.Code.state, .unknownPartition].contains((error as? KafkaError)?.code)
        }
        await consumer.close()
    }
}
