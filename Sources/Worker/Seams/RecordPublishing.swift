import Kafka

/// Where the worker writes outcome and dead-letter records: the Kafka producer, or a fake in tests.
protocol RecordPublishing: Sendable {
    /// Writes a record and returns once the broker stored it.
    func send(topic: String, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader]) async throws -> KafkaDeliveryReport
}

extension KafkaProducer: RecordPublishing {}
