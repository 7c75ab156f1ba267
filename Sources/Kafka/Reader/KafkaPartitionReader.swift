import CRdKafka
public import Logging

/// Reads one partition without a consumer group: its offsets, or an exact range of its records.
///
/// The worker rebuilds recent outcomes of a partition with it when the partition is assigned.
/// Each call creates a short-lived client (one connection setup, tens of milliseconds on a LAN) on
/// its own thread, so calls for different partitions run in parallel and never block the cooperative pool.
public enum KafkaPartitionReader {
    /// The partition's low watermark (oldest retained offset) and high watermark (offset of the next record).
    ///
    /// - Throws: ``KafkaError/Code/timedOut``, ``KafkaError/Code/unknownTopicOrPartition``, or the broker's error.
    public static func watermarks(
        configuration: KafkaClientConfiguration,
        topic: String,
        partition: Int32,
        timeout: Duration,
        logger: Logger
    ) async throws(KafkaError) -> (low: Int64, high: Int64) {
        try await withClient(configuration, logger: logger) { handle throws(KafkaError) in
            try highAndLow(handle, topic: topic, partition: partition, timeout: timeout)
        }
    }

    /// The offset of the first record whose timestamp is at or after `milliseconds` since the epoch,
    /// or the high watermark when there is none.
    ///
    /// - Throws: ``KafkaError/Code/timedOut`` or the broker's error.
    public static func offset(
        forTimestamp milliseconds: Int64,
        configuration: KafkaClientConfiguration,
        topic: String,
        partition: Int32,
        timeout: Duration,
        logger: Logger
    ) async throws(KafkaError) -> Int64 {
        try await withClient(configuration, logger: logger) { handle throws(KafkaError) in
            let target = KafkaTopicPartition(topic: topic, partition: partition)
            let offset = try TopicPartitionList.with([(target, milliseconds)]) { list throws(KafkaError) -> Int64 in
                let code = rd_kafka_offsets_for_times(handle, list, Int32(clamping: timeout.kafkaMilliseconds))
                if let error = KafkaError.from(code, context: "offset for timestamp in \(target)")
                    ?? TopicPartitionList.firstError(of: list, operation: "offset for timestamp in")
                {
                    throw error
                }
                return TopicPartitionList.elements(of: list).first?.offset ?? -1
            }
            // librdkafka answers -1 (end) when no record is that recent.
            return offset >= 0 ? offset : try highAndLow(handle, topic: topic, partition: partition, timeout: timeout).high
        }
    }

    /// Reads the records with offsets in `from..<until`, in offset order.
    ///
    /// Offsets below the low watermark (deleted) are skipped; gaps (compaction, transaction markers) are
    /// normal. The whole range is held in memory, so keep it bounded.
    /// - Parameters:
    ///   - from: The first offset to read.
    ///   - highWatermark: The offset to stop before; `nil` reads up to the high watermark at the time of the call.
    ///   - timeout: The longest the whole read may take.
    /// - Returns: Exactly the records of the range that exist.
    /// - Throws: ``KafkaError/Code/timedOut`` when the range is not read within `timeout` (no partial result),
    ///   ``KafkaError/Code/unknownTopicOrPartition``, or the broker's error.
    public static func read(
        configuration: KafkaClientConfiguration,
        topic: String,
        partition: Int32,
        from: Int64,
        until highWatermark: Int64?,
        timeout: Duration,
        logger: Logger
    ) async throws(KafkaError) -> [KafkaRecord] {
        try await withClient(configuration, logger: logger) { handle throws(KafkaError) in
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            let until: Int64
            if let highWatermark {
                until = highWatermark
            } else {
                until = try highAndLow(handle, topic: topic, partition: partition, timeout: timeout).high
            }
            guard from < until else { return [] }
            return try PartitionRangeReader(handle: handle, topic: topic, partition: partition, logger: logger)
                .read(from: from, until: until, deadline: deadline, clock: clock)
        }
    }

    private static func highAndLow(
        _ handle: OpaquePointer,
        topic: String,
        partition: Int32,
        timeout: Duration
    ) throws(KafkaError) -> (low: Int64, high: Int64) {
        var low: Int64 = 0
        var high: Int64 = 0
        let code = rd_kafka_query_watermark_offsets(handle, topic, partition, &low, &high, Int32(clamping: timeout.kafkaMilliseconds))
        if let error = KafkaError.from(code, context: "watermarks of \(topic)[\(partition)]") { throw error }
        return (low, high)
    }

    /// Runs `body` with a fresh group-less consumer handle on its own thread, then destroys the handle.
    private static func withClient<Value: Sendable>(
        _ configuration: KafkaClientConfiguration,
        logger: Logger,
        _ body: @escaping @Sendable (OpaquePointer) throws(KafkaError) -> Value
    ) async throws(KafkaError) -> Value {
        var readerProperties = configuration.properties
        readerProperties["enable.partition.eof"] = "true"
        readerProperties["auto.offset.reset"] = "earliest"
        readerProperties["enable.auto.commit"] = "false"
        let properties = readerProperties
        let result = await KafkaThread.run(name: "kafka-reader") { () -> Result<Value, KafkaError> in
            Result { () throws(KafkaError) in
                let handle = try RDKafkaHandle(type: RD_KAFKA_CONSUMER, properties: properties, callbacks: [], logger: logger)
                defer { handle.destroy() }
                return try body(handle.pointer)
            }
        }
        return try result.get()
    }
}
