import Foundation
import Testing

@testable import Kafka

/// Prints produce and consume throughput for 1 KiB records on the embedded broker.
/// Not a timed test: it only runs with `KAFKA_BENCHMARK=1` and asserts nothing about speed.
@Suite("Throughput figures", .enabled(if: ProcessInfo.processInfo.environment["KAFKA_BENCHMARK"] != nil))
struct ThroughputBenchmark {
    @Test("1 KiB records: produce with awaited delivery reports, then consume in a group")
    func oneKibRecords() async throws {
        let records = Int(ProcessInfo.processInfo.environment["KAFKA_BENCHMARK_RECORDS"] ?? "") ?? 100_000
        let senders = Int(ProcessInfo.processInfo.environment["KAFKA_BENCHMARK_SENDERS"] ?? "") ?? 1_024
        // 32 partitions keep every record within the mock's ~5 MiB per partition.
        let fixture = try MockFixture(brokers: 3, partitions: 32)
        defer { fixture.shutdown() }
        let value = [UInt8](repeating: 0x61, count: 1_024)
        // Library defaults: idempotent, acks=all, linger 5 ms.
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: fixture.client), logger: fixture.logger)
        let clock = ContinuousClock()

        let produceStart = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sender in 0..<senders {
                group.addTask {
                    for index in stride(from: sender, to: records, by: senders) {
                        _ = try await producer.send(topic: fixture.topic, key: Array("key-\(index % 1_000)".utf8), value: value)
                    }
                }
            }
            try await group.waitForAll()
        }
        let produceTime = clock.now - produceStart
        await producer.shutdown(flushTimeout: .seconds(10))

        let consumer = try KafkaConsumer(
            configuration: fixture.consumerConfiguration(group: uniqueName("bench"), bufferCapacity: 10_000),
            logger: fixture.logger
        )
        try consumer.subscribe(topics: [fixture.topic])
        var iterator = consumer.records.makeAsyncIterator()
        _ = try await iterator.next()
        let consumeStart = clock.now
        var consumed = 1
        while consumed < records, try await iterator.next() != nil {
            consumed += 1
        }
        let consumeTime = clock.now - consumeStart
        await consumer.close()
        #expect(consumed == records)

        func rate(_ count: Int, _ time: Duration) -> String {
            let seconds = Double(time.components.seconds) + Double(time.components.attoseconds) / 1e18
            return String(format: "%.0f records/s (%.1f MiB/s) over %.2f s", Double(count) / seconds, Double(count) / 1_024 / seconds, seconds)
        }
        print("Kafka throughput, 1 KiB records, \(records) records, mock cluster (3 brokers, 32 partitions):")
        print("  produce (\(senders) concurrent senders, each awaiting its delivery report): \(rate(records, produceTime))")
        print("  consume (one group member, first record excluded from timing): \(rate(records - 1, consumeTime))")
    }
}
