/// A topic as cluster metadata describes it.
public struct KafkaTopicDescription: Sendable, Hashable {
    /// The topic name.
    public var name: String
    /// Its partitions, ordered by id.
    public var partitions: [KafkaPartitionMetadata]
    /// The most replicas any partition has.
    public var replicationFactor: Int
    /// The broker's error for the topic (e.g. leader not available), if any.
    public var error: KafkaError.Code?

    /// Creates a description.
    public init(name: String, partitions: [KafkaPartitionMetadata], error: KafkaError.Code? = nil) {
        self.name = name
        self.partitions = partitions.sorted { $0.id < $1.id }
        self.replicationFactor = partitions.map(\.replicas.count).max() ?? 0
        self.error = error
    }
}

/// A partition as cluster metadata describes it.
public struct KafkaPartitionMetadata: Sendable, Hashable {
    /// The partition id.
    public var id: Int32
    /// The leader broker id, or -1 without a leader.
    public var leader: Int32
    /// The brokers holding a replica.
    public var replicas: [Int32]
    /// The replicas in sync with the leader.
    public var inSyncReplicas: [Int32]
    /// The broker's error for the partition, if any.
    public var error: KafkaError.Code?

    /// Creates partition metadata.
    public init(id: Int32, leader: Int32, replicas: [Int32], inSyncReplicas: [Int32], error: KafkaError.Code? = nil) {
        self.id = id
        self.leader = leader
        self.replicas = replicas
        self.inSyncReplicas = inSyncReplicas
        self.error = error
    }
}
