import CRdKafka

/// Reads cluster metadata (`rd_kafka_metadata`) into ``KafkaTopicDescription`` values.
enum ClusterMetadata {
    /// Every topic the cluster reports, by name. Blocks up to `timeout`; call on a dedicated thread.
    ///
    /// Asks for all topics rather than named ones, so looking a topic up never auto-creates it.
    static func topics(_ handle: OpaquePointer, timeout: Duration) throws(KafkaError) -> [String: KafkaTopicDescription] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(handle, 1, nil, &metadata, Int32(clamping: timeout.kafkaMilliseconds))
        defer { if let metadata { rd_kafka_metadata_destroy(metadata) } }
        if let error = KafkaError.from(code, context: "cluster metadata") { throw error }
        guard let metadata else { return [:] }
        var descriptions: [String: KafkaTopicDescription] = [:]
        for topicIndex in 0..<Int(metadata.pointee.topic_cnt) {
            guard let topic = metadata.pointee.topics?[topicIndex], let namePointer = topic.topic else { continue }
            let name = String(cString: namePointer)
            let partitions = (0..<Int(topic.partition_cnt)).compactMap { index -> KafkaPartitionMetadata? in
                guard let partition = topic.partitions?[index] else { return nil }
                return KafkaPartitionMetadata(
                    id: partition.id,
                    leader: partition.leader,
                    replicas: brokers(partition.replicas, count: partition.replica_cnt),
                    inSyncReplicas: brokers(partition.isrs, count: partition.isr_cnt),
                    error: partition.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError.Code(partition.err)
                )
            }
            descriptions[name] = KafkaTopicDescription(
                name: name,
                partitions: partitions,
                error: topic.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError.Code(topic.err)
            )
        }
        return descriptions
    }

    private static func brokers(_ pointer: UnsafeMutablePointer<Int32>?, count: Int32) -> [Int32] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(count)))
    }
}
