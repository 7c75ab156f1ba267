/// A topic as a cluster reports it, for comparison with its ``TopicDeclaration``.
public struct ObservedTopic: Sendable, Hashable {
    /// The topic name.
    public var name: String
    /// The number of partitions.
    public var partitions: Int
    /// The smallest number of replicas of any partition (the topic is only as durable as that partition).
    public var replicationFactor: Int
    /// The topic's configs, or `nil` when the cluster cannot report them (librdkafka's mock cluster has no
    /// DescribeConfigs), in which case configs are not checked.
    public var configs: [String: String]?

    /// Creates an observation.
    public init(name: String, partitions: Int, replicationFactor: Int, configs: [String: String]? = nil) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}
