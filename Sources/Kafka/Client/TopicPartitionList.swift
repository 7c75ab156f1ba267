import CRdKafka

/// Conversions between Swift values and `rd_kafka_topic_partition_list_t`.
///
/// `rd_kafka_destroy` hangs while any list is alive, so lists only exist inside ``with(_:_:)``
/// and are destroyed when it returns; lists librdkafka owns are only read.
enum TopicPartitionList {
    /// Calls `body` with a new list of the partitions and offsets, then destroys the list.
    static func with<Result, Failure: Error>(
        _ entries: [(KafkaTopicPartition, Int64)],
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        // rd_kafka_topic_partition_list_new only returns NULL when malloc fails, which librdkafka itself aborts on.
        guard let list = rd_kafka_topic_partition_list_new(Int32(clamping: entries.count)) else {
            fatalError("rd_kafka_topic_partition_list_new returned NULL")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (topicPartition, offset) in entries {
            let element = rd_kafka_topic_partition_list_add(list, topicPartition.topic, topicPartition.partition)
            element?.pointee.offset = offset
        }
        return try body(list)
    }

    /// Calls `body` with a list of the partitions (offsets unset), then destroys the list.
    static func with<Result, Failure: Error>(
        partitions: [KafkaTopicPartition],
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try with(partitions.map { ($0, Int64(RD_KAFKA_OFFSET_INVALID)) }, body)
    }

    /// The elements of a list, in order.
    static func elements(
        of list: UnsafePointer<rd_kafka_topic_partition_list_t>
    ) -> [(partition: KafkaTopicPartition, offset: Int64, error: rd_kafka_resp_err_t)] {
        let count = Int(list.pointee.cnt)
        guard count > 0, let elements = list.pointee.elems else { return [] }
        return (0..<count).map { index in
            let element = elements[index]
            let topic = element.topic.map { String(cString: $0) } ?? ""
            return (KafkaTopicPartition(topic: topic, partition: element.partition), element.offset, element.err)
        }
    }

    /// The partitions of a list, in order.
    static func partitions(of list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [KafkaTopicPartition] {
        elements(of: list).map(\.partition)
    }

    /// The first per-partition error of a list, as a `KafkaError` naming the partition.
    static func firstError(
        of list: UnsafePointer<rd_kafka_topic_partition_list_t>,
        operation: String
    ) -> KafkaError? {
        for element in elements(of: list) {
            if let error = KafkaError.from(element.error, context: "\(operation) \(element.partition)") {
                return error
            }
        }
        return nil
    }
}
