import CRdKafka
import Logging

/// Reads one offset range of one partition with librdkafka's simple (group-less) consumer API,
/// on the calling dedicated thread.
struct PartitionRangeReader {
    let handle: OpaquePointer
    let topic: String
    let partition: Int32
    let logger: Logger

    /// The records with offsets in `from..<until`; stops early at the end of the log.
    func read(
        from: Int64,
        until: Int64,
        deadline: ContinuousClock.Instant,
        clock: ContinuousClock
    ) throws(KafkaError) -> [KafkaRecord] {
        guard let topicHandle = rd_kafka_topic_new(handle, topic, nil) else {
            throw KafkaError(.invalidArgument, message: "cannot open topic \(topic)")
        }
        defer { rd_kafka_topic_destroy(topicHandle) }
        if rd_kafka_consume_start(topicHandle, partition, from) != 0 {
            throw KafkaError(KafkaError.Code(rd_kafka_last_error()), message: "cannot start reading \(topic)[\(partition)] at \(from)")
        }
        defer { rd_kafka_consume_stop(topicHandle, partition) }

        var records: [KafkaRecord] = []
        while true {
            let remaining = deadline - clock.now
            guard remaining > .zero else {
                throw KafkaError(
                    .timedOut,
                    message: "reading \(topic)[\(partition)] offsets \(from)..<\(until) did not finish in time (\(records.count) read)"
                )
            }
            let wait = Int32(clamping: min(remaining, .milliseconds(200)).kafkaMilliseconds)
            guard let message = rd_kafka_consume(topicHandle, partition, wait) else { continue }
            defer { rd_kafka_message_destroy(message) }
            let code = message.pointee.err
            if code == RD_KAFKA_RESP_ERR__PARTITION_EOF { return records }
            if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                let error = KafkaError(KafkaError.Code(code), message: "reading \(topic)[\(partition)]: \(KafkaError.Code(code).reason)")
                guard error.isRetriable, error.code != .unknownTopicOrPartition else { throw error }
                logger.debug("Kafka partition read hit a transient error", metadata: ["kafka.error": "\(error)"])
                continue
            }
            let offset = message.pointee.offset
            if offset >= until { return records }
            if offset >= from { records.append(KafkaRecord(UnsafePointer(message))) }
            if offset + 1 >= until { return records }
        }
    }
}
