/// One Kafka topic as declared in `topics/*.yaml`: the single source of truth for creating, checking and
/// rendering it.
public struct TopicDeclaration: Sendable, Hashable {
    /// The Kafka topic name.
    public var name: String
    /// The part the topic plays in the pipeline.
    public var role: TopicRole
    /// The number of partitions.
    public var partitions: Int
    /// The number of replicas of each partition.
    public var replicationFactor: Int
    /// Topic configs (`retention.ms`, `cleanup.policy`, …) as Kafka receives them: strings.
    public var configs: [String: String]
    /// For the outcomes topic: the notifications topic it must be co-partitioned with.
    public var coPartitionedWith: String?
    /// The JSON Schema of the topic's records, relative to the declarations directory.
    public var schema: String?
    /// The file the declaration was read from, for messages; `nil` for declarations built in code.
    public var file: String?

    /// Creates a declaration. It is checked when it becomes part of a ``TopicCatalog``.
    public init(
        name: String,
        role: TopicRole,
        partitions: Int,
        replicationFactor: Int,
        configs: [String: String] = [:],
        coPartitionedWith: String? = nil,
        schema: String? = nil,
        file: String? = nil
    ) {
        self.name = name
        self.role = role
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
        self.coPartitionedWith = coPartitionedWith
        self.schema = schema
        self.file = file
    }
}
