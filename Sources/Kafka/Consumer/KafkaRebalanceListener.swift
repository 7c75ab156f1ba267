/// Hears about partitions joining and leaving a ``KafkaConsumer``'s assignment, in order, one call at a time.
public protocol KafkaRebalanceListener: Sendable {
    /// Called on assignment, before any record of these partitions is handed out.
    ///
    /// The consumer holds their records back (pausing them once records arrive) until this returns, so it may take its time
    /// (e.g. rebuild state with ``KafkaPartitionReader``); other partitions keep flowing meanwhile.
    func partitionsAssigned(_ partitions: [KafkaTopicPartition]) async

    /// Called before the partitions are given up: revoked in a rebalance or on close, or lost when
    /// `lost` is true (the session expired; another member may already own them).
    ///
    /// Records of these partitions that were buffered but not yet handed out are dropped before the
    /// call; none is handed out afterwards. Finish or abandon their in-flight work, then return the
    /// offsets to commit: for each partition, the next offset to read (last processed + 1).
    /// They are committed synchronously before the partitions are released, unless `lost`
    /// (a commit could then move the new owner's offset backwards).
    ///
    /// - Important: The consumer waits at most ``KafkaConsumerConfiguration/rebalanceTimeout`` for the
    ///   answer; after that it releases the partitions without committing.
    func partitionsRevoked(_ partitions: [KafkaTopicPartition], lost: Bool) async -> [KafkaTopicPartition: Int64]
}
