public import Kafka

/// A Kafka cluster as `switchboard topics apply|check` sees it: what topics it has, and how to create missing ones.
///
/// Two implementations: ``AdminTopicCluster`` for real clusters (metadata, DescribeConfigs and CreateTopics) and
/// ``MockTopicCluster`` for the embedded broker (metadata, and the mock's own topic creation, since librdkafka's
/// mock cluster has no admin API).
public protocol TopicCluster: Sendable {
    /// The topics among `names` that exist, as the cluster reports them; missing topics are left out.
    func observe(_ names: [String]) async throws -> [ObservedTopic]

    /// Creates topics that do not exist yet, one result per declaration in the same order.
    func create(_ declarations: [TopicDeclaration]) async throws -> [KafkaTopicCreationResult]

    /// How declarations compare with what this cluster can report (for example the mock's replica cap).
    var driftCheckOptions: DriftCheckOptions { get }
}

extension ObservedTopic {
    /// A topic as cluster metadata describes it.
    ///
    /// - Parameters:
    ///   - description: The topic's metadata.
    ///   - configs: Its configs, or `nil` when they could not be read.
    public init(_ description: KafkaTopicDescription, configs: [String: String]?) {
        self.init(
            name: description.name,
            partitions: description.partitions.count,
            // The weakest partition decides how many broker losses the topic survives.
            replicationFactor: description.partitions.map(\.replicas.count).min() ?? 0,
            configs: configs
        )
    }
}

extension TopicDeclaration {
    /// The declaration as a Kafka topic spec for creation.
    public var kafkaTopicSpec: KafkaTopicSpec {
        KafkaTopicSpec(name: name, partitions: partitions, replicationFactor: replicationFactor, configs: configs)
    }
}
