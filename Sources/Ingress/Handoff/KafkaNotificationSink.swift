import Kafka

/// The notifications topic in Kafka, through the ingress's producer.
struct KafkaNotificationSink: NotificationSink {
    let producer: KafkaProducer
    let topic: String

    func send(
        key: [UInt8],
        value: [UInt8],
        headers: [NotificationRecordHeader],
        deadline: ContinuousClock.Instant
    ) async throws -> NotificationPosition {
        do {
            let report = try await producer.send(
                topic: topic,
                key: key,
                value: value,
                headers: headers.map { KafkaHeader(key: $0.name, string: $0.value) },
                deadline: deadline
            )
            return NotificationPosition(partition: report.partition, offset: report.offset)
        } catch let error as KafkaError where error.code == .timedOut {
            // The producer's deadline failure (other produce errors have their own codes).
            throw StoreDeadlineExceeded()
        }
    }

    func isReachable(timeout: Duration) async -> Bool {
        await producer.isClusterReachable(timeout: timeout)
    }

    func shutdown(flushTimeout: Duration) async {
        await producer.shutdown(flushTimeout: flushTimeout)
    }
}
