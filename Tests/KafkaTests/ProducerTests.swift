import Logging
import Synchronization
import Testing

@testable import Kafka

@Suite("KafkaProducer on the embedded broker")
struct ProducerTests {
    @Test("1,000 concurrent sends from many tasks all complete with distinct offsets")
    func concurrentSends() async throws {
        let fixture = try MockFixture(partitions: 4)
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        let reports = try await fixture.produce(1_000, keys: 50, with: producer)
        await producer.shutdown(flushTimeout: .seconds(5))

        #expect(reports.count == 1_000)
        let positions = Set(reports.map { KafkaTopicPartition(topic: $0.topic, partition: $0.partition).description + "@\($0.offset)" })
        #expect(positions.count == 1_000)
        #expect(reports.allSatisfy { $0.topic == fixture.topic && $0.offset >= 0 && (0..<4).contains($0.partition) })
        // Offsets per partition are dense: 0..<n.
        for (_, partitionReports) in Dictionary(grouping: reports, by: \.partition) {
            #expect(partitionReports.map(\.offset).sorted() == Array(0..<Int64(partitionReports.count)))
        }
        #expect(producer.inFlightCount == 0)
    }

    @Test("a record larger than the limit is refused with messageSizeTooLarge")
    func recordTooLarge() async throws {
        let fixture = try MockFixture()
        defer { fixture.shutdown() }
        var configuration = fixture.producerConfiguration()
        configuration.maxRecordBytes = 10_000
        let producer = try KafkaProducer(configuration: configuration, logger: fixture.logger)
        await #expect(throws: KafkaError(.messageSizeTooLarge)) {
            try await producer.send(topic: fixture.topic, key: nil, value: [UInt8](repeating: 1, count: 20_000))
        }
        await producer.shutdown(flushTimeout: .seconds(1))
    }

    @Test("with every broker down, send waits and succeeds when they come back within the message timeout")
    func brokerComesBack() async throws {
        let fixture = try MockFixture()
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        _ = try await producer.send(topic: fixture.topic, key: Array("warm-up".utf8), value: [1])
        try fixture.cluster.setBrokerDown(nil)

        let clock = ContinuousClock()
        let started = clock.now
        let send = Task { try await producer.send(topic: fixture.topic, key: Array("during-outage".utf8), value: [2]) }
        try await Task.sleep(for: .seconds(2))
        try fixture.cluster.setBrokerUp(nil)
        let report = try await send.value
        #expect(clock.now - started >= .seconds(2))
        #expect(report.offset >= 0)

        // What was reported as stored is there.
        #expect(try await fixture.storedValues(at: report) == [[2]])
        await producer.shutdown(flushTimeout: .seconds(5))
    }

    @Test("with every broker down past the message timeout, send throws messageTimedOut and nothing reported stored is missing")
    func brokerStaysDown() async throws {
        let fixture = try MockFixture()
        defer { fixture.shutdown() }
        let producer = try KafkaProducer(configuration: fixture.producerConfiguration(messageTimeout: .seconds(3)), logger: fixture.logger)
        // Connected and stored at least once before the outage, however slowly a loaded machine starts the brokers.
        var warmedUp = false
        for _ in 0..<10 where !warmedUp {
            warmedUp = (try? await producer.send(topic: fixture.topic, key: Array("warm-up".utf8), value: [0])) != nil
        }
        #expect(warmedUp)
        let before = try await fixture.produce(20, with: producer)
        try fixture.cluster.setBrokerDown(nil)

        await #expect {
            try await producer.send(topic: fixture.topic, key: Array("lost".utf8), value: [9])
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return error.code == .messageTimedOut && error.isRetriable && !error.isFatal
        }
        try fixture.cluster.setBrokerUp(nil)
        let after = try await fixture.produce(20, with: producer)

        for report in before + after {
            #expect(try await fixture.storedValues(at: report).count == 1)
        }
        await producer.shutdown(flushTimeout: .seconds(5))
    }

    @Test("injected produce errors are retried by the idempotent producer without duplicates")
    func retriesInjectedErrors() async throws {
        let fixture = try MockFixture(partitions: 1)
        defer { fixture.shutdown() }
        try fixture.cluster.pushRequestErrors(.produce, errors: [.notEnoughReplicas, .notLeaderForPartition, .requestTimedOut])
        let producer = try fixture.makeProducer()
        let reports = try await fixture.produce(30, with: producer)
        #expect(Set(reports.map(\.offset)) == Set(0..<30))
        #expect(try await fixture.highWatermark(partition: 0) == 30)
        await producer.shutdown(flushTimeout: .seconds(5))
    }

    @Test("after a fatal error every send throws a fatal KafkaError")
    func fatalError() async throws {
        let fixture = try MockFixture()
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        _ = try await producer.send(topic: fixture.topic, key: nil, value: [1])
        let code = try producer.raiseFatalErrorForTesting(.outOfOrderSequenceNumber, reason: "test")
        #expect(code == .noError)
        let sawFatal = await eventually(timeout: .seconds(5)) {
            do {
                _ = try await producer.send(topic: fixture.topic, key: nil, value: [2])
                return false
            } catch let error as KafkaError {
                return error.isFatal && error.code == .fatal && error.message.contains("OUT_OF_ORDER_SEQUENCE_NUMBER")
            } catch {
                return false
            }
        }
        #expect(sawFatal)
        await producer.shutdown(flushTimeout: .seconds(1))
    }

    @Test("a cancelled send throws CancellationError promptly while the broker is slow")
    func cancellation() async throws {
        let fixture = try MockFixture()
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        _ = try await producer.send(topic: fixture.topic, key: nil, value: [0])
        try fixture.cluster.setRoundTripTime(broker: nil, milliseconds: 3_000)
        let send = Task { try await producer.send(topic: fixture.topic, key: nil, value: [1]) }
        try await Task.sleep(for: .milliseconds(200))
        send.cancel()
        // Before the 3 s round trip answered: a send that waited for it would have returned its report.
        await #expect(throws: CancellationError.self) { try await send.value }
        // The record was already handed over; librdkafka still reports on it.
        #expect(producer.inFlightCount == 1)
        try fixture.cluster.setRoundTripTime(broker: nil, milliseconds: 0)
        #expect(await eventually(timeout: .seconds(10)) { producer.inFlightCount == 0 })
        await producer.shutdown(flushTimeout: .seconds(5))
    }

    @Test("shutdown flushes, is idempotent, and later sends throw")
    func shutdownContract() async throws {
        let fixture = try MockFixture()
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        let pending = Task { try await fixture.produce(100, with: producer) }
        try await Task.sleep(for: .milliseconds(20))
        async let first: Void = producer.shutdown(flushTimeout: .seconds(5))
        async let second: Void = producer.shutdown(flushTimeout: .seconds(5))
        _ = await (first, second)
        // Sends that started before shutdown either completed or were refused; none hangs.
        _ = await pending.result
        await #expect(throws: KafkaError(.destroy)) {
            try await producer.send(topic: fixture.topic, key: nil, value: [1])
        }
        await producer.shutdown(flushTimeout: .seconds(1))
        #expect(await !producer.isClusterReachable(timeout: .milliseconds(100)))
    }

    @Test("isClusterReachable follows the brokers")
    func reachability() async throws {
        let fixture = try MockFixture(brokers: 1)
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        #expect(await producer.isClusterReachable(timeout: .seconds(5)))
        try fixture.cluster.setBrokerDown(nil)
        #expect(await !producer.isClusterReachable(timeout: .seconds(1)))
        try fixture.cluster.setBrokerUp(nil)
        #expect(await eventually(timeout: .seconds(10)) { await producer.isClusterReachable(timeout: .seconds(1)) })
        await producer.shutdown(flushTimeout: .seconds(1))
    }

    @Test("flush waits for delivery and reports what is still waiting when it times out")
    func flush() async throws {
        let fixture = try MockFixture()
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        try await producer.flush(timeout: .seconds(1))
        try fixture.cluster.setBrokerDown(nil)
        let send = Task { try await producer.send(topic: fixture.topic, key: nil, value: [1]) }
        #expect(await eventually(timeout: .seconds(2)) { producer.inFlightCount == 1 })
        await #expect(throws: KafkaError(.timedOut)) { try await producer.flush(timeout: .milliseconds(300)) }
        try fixture.cluster.setBrokerUp(nil)
        try await producer.flush(timeout: .seconds(15))
        _ = try await send.value
        await producer.shutdown(flushTimeout: .seconds(1))
    }
}
