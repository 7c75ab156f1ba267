import CallModel
import Foundation
import Kafka
import Logging

/// Writes outcome events and dead-letter records, retrying until the broker stores them.
///
/// A record is never marked finished before what it produced is stored, so a produce that fails is
/// retried with capped exponential backoff for as long as the record's partition is still owned by
/// this assignment. Once the partition is gone the record is abandoned uncommitted; its next owner
/// handles it again. (The producer itself already retries within its message timeout; this loop
/// covers longer outages, e.g. a broker down for minutes.)
struct OutcomePublisher: Sendable {
    let sink: any RecordPublishing
    let configuration: WorkerConfiguration
    /// Whether the assignment `generation` of `partition` is still this worker's.
    let isOwned: @Sendable (_ partition: Int32, _ generation: UInt64) -> Bool
    let metrics: WorkerMetrics
    let now: @Sendable () -> Date

    /// Publishes an outcome; returns `false` when the partition was given up (or the task cancelled) first.
    func publish(_ event: OutcomeEvent, partition: Int32, generation: UInt64, logger: Logger) async -> Bool {
        await sendUntilStored(
            topic: configuration.outcomesTopic,
            key: Array(event.kafkaKey.utf8),
            value: event.value(),
            headers: event.kafkaHeaders().map { KafkaHeader(key: $0.key, string: $0.value) },
            partition: partition,
            generation: generation,
            logger: logger
        )
    }

    /// Moves a record to the dead-letter topic unchanged (key, value, headers), adding headers that
    /// say what is wrong and where it came from; returns `false` when the partition was given up first.
    func deadLetter(
        _ record: KafkaRecord,
        code: String,
        message: String,
        generation: UInt64,
        logger: Logger
    ) async -> Bool {
        var headers = record.headers
        headers.append(KafkaHeader(key: DeadLetterHeaders.error, string: message))
        headers.append(KafkaHeader(key: DeadLetterHeaders.errorCode, string: code))
        headers.append(KafkaHeader(key: DeadLetterHeaders.sourceTopic, string: record.topic))
        headers.append(KafkaHeader(key: DeadLetterHeaders.sourcePartition, string: String(record.partition)))
        headers.append(KafkaHeader(key: DeadLetterHeaders.sourceOffset, string: String(record.offset)))
        headers.append(KafkaHeader(key: DeadLetterHeaders.failedAt, string: now().formatted(.iso8601)))
        return await sendUntilStored(
            topic: configuration.deadLetterTopic,
            key: record.key,
            value: record.value,
            headers: headers,
            partition: record.partition,
            generation: generation,
            logger: logger
        )
    }

    private func sendUntilStored(
        topic: String,
        key: [UInt8]?,
        value: [UInt8],
        headers: [KafkaHeader],
        partition: Int32,
        generation: UInt64,
        logger: Logger
    ) async -> Bool {
        var backoff = configuration.produceRetryBackoff
        while true {
            do {
                _ = try await sink.send(topic: topic, key: key, value: value, headers: headers)
                return true
            } catch {
                guard isOwned(partition, generation), !Task.isCancelled else {
                    logger.warning(
                        "Giving up a produce: the partition is no longer owned; its next owner handles the record",
                        metadata: ["kafka.topic": "\(topic)", "kafka.partition": "\(partition)", "error": "\(error)"]
                    )
                    return false
                }
                logger.error(
                    "Produce failed; retrying before the record can be marked finished",
                    metadata: [
                        "kafka.topic": "\(topic)", "kafka.partition": "\(partition)", "error": "\(error)",
                        "retry.after": "\(backoff)",
                    ]
                )
                metrics.publishRetry(topic: topic)
                do {
                    try await Task.sleep(for: backoff)
                } catch {
                    return false
                }
                backoff = min(backoff * 2, configuration.produceRetryMaxBackoff)
            }
        }
    }
}
