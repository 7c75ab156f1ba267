public import CallModel
public import Foundation
public import Kafka
public import Logging

/// Reads the notifications topic for a time range without a consumer group: never commits, never
/// joins a group, never writes.
///
/// Each partition is read from the first offset stamped at or after `from` up to the first offset
/// stamped at or after `until` (or, without `until`, the end offset when the read started), a chunk
/// of records at a time, so memory stays bounded by the chunk size however long the range is.
package struct NotificationRangeReader {
    package let configuration: KafkaClientConfiguration
    package let topic: String
    package let from: Date
    package let until: Date?
    /// Records held at once.
    var chunk: Int64 = 2_000
    /// The longest one broker request (metadata, offsets, a chunk) may take.
    var timeout: Duration = .seconds(30)
    let logger: Logger

    /// Reads `topic` from the first record stamped at or after `from` to the first at or after `until`
    /// (without one: the end offsets when the read starts), `chunk` records at a time.
    package init(
        configuration: KafkaClientConfiguration, topic: String, from: Date, until: Date?, chunk: Int64 = 2_000,
        timeout: Duration = .seconds(30), logger: Logger
    ) {
        self.configuration = configuration
        self.topic = topic
        self.from = from
        self.until = until
        self.chunk = chunk
        self.timeout = timeout
        self.logger = logger
    }

    /// The offsets read per partition.
    package struct PartitionRange: Sendable, Hashable {
        package let partition: Int32
        package let from: Int64
        package let until: Int64
    }

    /// Calls `body` with every record of the range, partition by partition, in offset order.
    ///
    /// - Returns: The offset range read of each partition.
    /// - Throws: ``KafkaError`` when the topic does not exist or a broker does not answer in time.
    package func read(_ body: (RecordedNotification) -> Void) async throws(KafkaError) -> [PartitionRange] {
        let partitions = try await partitionIDs()
        // Every end is fixed before anything is read, so records produced meanwhile are not chased.
        var ranges: [PartitionRange] = []
        for partition in partitions {
            let (low, high) = try await KafkaPartitionReader.watermarks(
                configuration: configuration, topic: topic, partition: partition, timeout: timeout, logger: logger)
            let start = try await offset(for: from, partition: partition, low: low, high: high)
            var end = high
            if let until { end = try await offset(for: until, partition: partition, low: low, high: high) }
            ranges.append(PartitionRange(partition: partition, from: start, until: min(end, high)))
        }
        for range in ranges {
            var next = range.from
            while next < range.until {
                let stop = min(next + chunk, range.until)
                let records = try await KafkaPartitionReader.read(
                    configuration: configuration, topic: topic, partition: range.partition,
                    from: next, until: stop, timeout: timeout, logger: logger)
                for record in records { body(Self.recorded(record)) }
                // Gaps (deleted or compacted offsets, transaction markers) end a chunk early or leave it empty.
                next = max(stop, (records.last?.offset ?? next) + 1)
            }
        }
        return ranges
    }

    private func partitionIDs() async throws(KafkaError) -> [Int32] {
        let admin = try KafkaAdmin(configuration: configuration, logger: logger)
        defer { admin.shutdown() }
        let described = try await admin.describeTopics([topic], timeout: timeout)
        guard let description = described.first, description.error == nil, !description.partitions.isEmpty else {
            throw KafkaError(.unknownTopicOrPartition, message: "the cluster has no topic \(topic) (set --topic or SWITCHBOARD_NOTIFICATIONS_TOPIC)")
        }
        return description.partitions.map(\.id).sorted()
    }

    /// The first offset of `partition` stamped at or after `date`.
    ///
    /// Asks the broker; when it answers "nothing that recent" although the newest record is that recent
    /// (a broker that cannot look up timestamps, such as librdkafka's mock), the offset is found by a
    /// binary search over the record timestamps instead (a few one-record reads).
    private func offset(for date: Date, partition: Int32, low: Int64, high: Int64) async throws(KafkaError) -> Int64 {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        guard high > low else { return high }
        let answer = try await KafkaPartitionReader.offset(
            forTimestamp: milliseconds, configuration: configuration, topic: topic, partition: partition,
            timeout: timeout, logger: logger)
        guard answer >= high, let newest = try await firstStamp(partition: partition, from: high - 1, before: high),
            newest >= milliseconds
        else { return max(answer, low) }
        var lower = low
        var upper = high - 1  // known to be stamped at or after the time
        while lower < upper {
            let middle = lower + (upper - lower) / 2
            if let stamp = try await firstStamp(partition: partition, from: middle, before: upper), stamp < milliseconds {
                lower = middle + 1
            } else {
                upper = middle
            }
        }
        return lower
    }

    /// The timestamp of the first record at or after `from` (and before `before`, at most 64 records on).
    private func firstStamp(partition: Int32, from: Int64, before: Int64) async throws(KafkaError) -> Int64? {
        let records = try await KafkaPartitionReader.read(
            configuration: configuration, topic: topic, partition: partition,
            from: from, until: min(max(before, from + 1), from + 64), timeout: timeout, logger: logger)
        return records.first?.timestamp?.milliseconds
    }

    /// The record as a recorded notification: received at its `switchboard-received-at` header, else its timestamp.
    package static func recorded(_ record: KafkaRecord) -> RecordedNotification {
        let header = record.headerString(NotificationHeaders.receivedAt).flatMap(NotificationHeaders.receivedAt(fromValue:))
        let stamped = record.timestamp.map { Date(timeIntervalSince1970: Double($0.milliseconds) / 1000) }
        return RecordedNotification(
            source: "\(record.topic)[\(record.partition)]@\(record.offset)", body: record.value, receivedAt: header ?? stamped)
    }
}
