import CRdKafka

extension KafkaConsumer {
    /// Stores offsets to be committed by the next automatic or ``commitStored()`` commit.
    ///
    /// - Parameter offsets: For each partition, the next offset to read (last processed + 1).
    /// - Throws: ``KafkaError/Code/state`` for a partition no longer assigned (e.g. just revoked; safe to
    ///   ignore then), ``KafkaError/Code/unknownPartition`` for one never assigned, or librdkafka's error.
    public func store(_ offsets: [KafkaTopicPartition: Int64]) throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        try core.handle.withLease { pointer throws(KafkaError) in
            try TopicPartitionList.with(offsets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) { list throws(KafkaError) in
                let error = KafkaError.from(rd_kafka_offsets_store(pointer, list), context: "store offsets")
                if let error = TopicPartitionList.firstError(of: list, operation: "store offset of") ?? error {
                    throw error
                }
            }
        }
    }

    /// Commits these offsets now and waits for the broker's answer (on the consumer's blocking-call thread).
    ///
    /// An explicit commit may move a committed offset backwards.
    /// - Parameter offsets: For each partition, the next offset to read (last processed + 1).
    /// - Throws: librdkafka's or the broker's error, e.g. ``KafkaError/Code/rebalanceInProgress``,
    ///   ``KafkaError/Code/illegalGeneration`` (the partition moved), ``KafkaError/Code/destroy`` after close.
    public func commit(_ offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let entries = offsets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        try await blocking { pointer throws(KafkaError) in
            try TopicPartitionList.with(entries) { list throws(KafkaError) in
                let error = KafkaError.from(rd_kafka_commit(pointer, list, 0), context: "commit offsets")
                if let error = error ?? TopicPartitionList.firstError(of: list, operation: "commit offset of") {
                    throw error
                }
            }
        }
    }

    /// Commits the stored offsets of the assignment now and waits for the broker's answer.
    /// Nothing stored since the last commit is not an error.
    ///
    /// - Throws: librdkafka's or the broker's error; ``KafkaError/Code/destroy`` after close.
    public func commitStored() async throws(KafkaError) {
        try await blocking { pointer throws(KafkaError) in
            let code = rd_kafka_commit(pointer, nil, 0)
            guard code != RD_KAFKA_RESP_ERR__NO_OFFSET, let error = KafkaError.from(code, context: "commit stored offsets") else {
                return
            }
            throw error
        }
    }

    /// The group's committed offsets of these partitions (next offset to read), read from the broker.
    /// Partitions without a committed offset are absent.
    ///
    /// - Throws: ``KafkaError/Code/timedOut`` when the coordinator does not answer within `timeout`.
    public func committed(
        _ partitions: [KafkaTopicPartition],
        timeout: Duration
    ) async throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        return try await blocking { pointer throws(KafkaError) in
            try TopicPartitionList.with(partitions: partitions) { list throws(KafkaError) in
                let code = rd_kafka_committed(pointer, list, Int32(clamping: timeout.kafkaMilliseconds))
                if let error = KafkaError.from(code, context: "read committed offsets")
                    ?? TopicPartitionList.firstError(of: list, operation: "read committed offset of")
                {
                    throw error
                }
                var offsets: [KafkaTopicPartition: Int64] = [:]
                for element in TopicPartitionList.elements(of: list) where element.offset >= 0 {
                    offsets[element.partition] = element.offset
                }
                return offsets
            }
        }
    }

    /// The low and high watermarks of an assigned partition as the consumer's last fetch answer reported
    /// them (`rd_kafka_get_watermark_offsets`): no request to the broker and no blocking, so consumer lag
    /// can be measured often without a client per partition. `nil` before the first fetch answer of the
    /// partition, for one never assigned, or after ``close()``.
    public func fetchedWatermarks(_ partition: KafkaTopicPartition) -> (low: Int64, high: Int64)? {
        var low: Int64 = -1
        var high: Int64 = -1
        let code = try? core.handle.withLease { pointer in
            rd_kafka_get_watermark_offsets(pointer, partition.topic, partition.partition, &low, &high)
        }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else { return nil }
        return (max(low, 0), high)
    }

    /// Runs a blocking librdkafka call with the handle on the consumer's blocking-call thread.
    private func blocking<Value: Sendable>(
        _ body: @escaping @Sendable (OpaquePointer) throws(KafkaError) -> Value
    ) async throws(KafkaError) -> Value {
        let handle = core.handle
        let result = await blockingThread.run { () -> Result<Value, KafkaError> in
            Result { () throws(KafkaError) in try handle.withLease(body) }
        }
        return try result.get()
    }
}
