import Kafka
import Logging

/// Reads a partition outside the consumer group: the outcomes a new owner rebuilds its ledger from,
/// and high watermarks for consumer lag. `KafkaPartitionHistory` in production, a fake in tests.
protocol PartitionHistoryReading: Sendable {
    /// The offset of the first record at or after `milliseconds` since the epoch (the high watermark if none).
    func offset(forTimestamp milliseconds: Int64, topic: String, partition: Int32) async throws -> Int64
    /// The records with offsets in `from..<until`.
    func read(topic: String, partition: Int32, from offset: Int64, until end: Int64) async throws -> [KafkaRecord]
    /// The oldest retained offset and the offset the next record of the partition will get.
    func watermarks(topic: String, partition: Int32) async throws -> (low: Int64, high: Int64)
    /// How many partitions each of `topics` has, in one metadata request; a topic the cluster does not
    /// know is left out.
    func partitionCounts(topics: [String]) async throws -> [String: Int]
}

/// ``PartitionHistoryReading`` over `KafkaPartitionReader`.
struct KafkaPartitionHistory: PartitionHistoryReading {
    let configuration: KafkaClientConfiguration
    /// The longest one read may take.
    let timeout: Duration
    let logger: Logger

    func offset(forTimestamp milliseconds: Int64, topic: String, partition: Int32) async throws -> Int64 {
        try await KafkaPartitionReader.offset(
            forTimestamp: milliseconds, configuration: configuration, topic: topic, partition: partition,
            timeout: timeout, logger: logger)
    }

    func read(topic: String, partition: Int32, from offset: Int64, until end: Int64) async throws -> [KafkaRecord] {
        try await KafkaPartitionReader.read(
            configuration: configuration, topic: topic, partition: partition, from: offset, until: end,
            timeout: timeout, logger: logger)
    }

    func watermarks(topic: String, partition: Int32) async throws -> (low: Int64, high: Int64) {
        try await KafkaPartitionReader.watermarks(
            configuration: configuration, topic: topic, partition: partition, timeout: timeout, logger: logger)
    }

    func partitionCounts(topics: [String]) async throws -> [String: Int] {
        let admin = try KafkaAdmin(configuration: configuration, logger: logger)
        defer { admin.shutdown() }
        var counts: [String: Int] = [:]
        for topic in try await admin.describeTopics(topics, timeout: timeout) where topic.error == nil && !topic.partitions.isEmpty {
            counts[topic.name] = topic.partitions.count
        }
        return counts
    }
}
