import Kafka

/// The consumer-group member the worker reads notifications through: `KafkaConsumer`, or a fake in tests.
protocol NotificationConsuming: Sendable {
    /// Joins the group for these topics.
    func subscribe(topics: [String]) throws(KafkaError)
    /// The next record of the assigned partitions; `nil` once the consumer closed or the task was cancelled.
    func nextRecord() async throws(KafkaError) -> KafkaRecord?
    /// Commits offsets (the next offset to read per partition) and waits for the broker.
    func commit(_ offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError)
    /// The partition's high watermark as the last fetch saw it (no request); `nil` before the first fetch.
    func fetchedHighWatermark(_ partition: KafkaTopicPartition) -> Int64?
    /// Leaves the group (revoking the assignment through the rebalance listener).
    func close() async
}

/// `KafkaConsumer` with one shared iterator over its records (the sequence supports one iterator at a time).
final class KafkaNotificationConsumer: NotificationConsuming {
    let consumer: KafkaConsumer

    init(_ consumer: KafkaConsumer) {
        self.consumer = consumer
    }

    func subscribe(topics: [String]) throws(KafkaError) {
        try consumer.subscribe(topics: topics)
    }

    func nextRecord() async throws(KafkaError) -> KafkaRecord? {
        // The iterator holds no position of its own (it reads the consumer's buffer), so a fresh one per call is equivalent.
        var iterator = consumer.records.makeAsyncIterator()
        return try await iterator.next()
    }

    func commit(_ offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        try await consumer.commit(offsets)
    }

    func fetchedHighWatermark(_ partition: KafkaTopicPartition) -> Int64? {
        consumer.fetchedWatermarks(partition)?.high
    }

    func close() async {
        await consumer.close()
    }
}
