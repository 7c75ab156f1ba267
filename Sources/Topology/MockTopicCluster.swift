public import Kafka
public import Logging

/// The embedded broker (librdkafka's mock cluster) running in this process: topics are created with the mock's own
/// call and observed through metadata. The mock cannot store topic configs nor report them, so configs are
/// reported as not checked, and replication factors are capped at the broker count.
public final class MockTopicCluster: TopicCluster {
    /// The embedded cluster.
    public let mock: KafkaMockCluster
    private let admin: KafkaAdmin
    private let timeout: Duration

    /// Creates the cluster view and a metadata client connected to the mock.
    /// - Parameters:
    ///   - mock: The running mock cluster.
    ///   - timeout: How long a metadata request may wait; default 10 seconds.
    ///   - logger: Receives the metadata client's librdkafka logs.
    /// - Throws: ``KafkaError`` when the metadata client cannot be created.
    public init(mock: KafkaMockCluster, timeout: Duration = .seconds(10), logger: Logger) throws(KafkaError) {
        self.mock = mock
        self.timeout = timeout
        self.admin = try KafkaAdmin(
            configuration: KafkaClientConfiguration(bootstrapServers: mock.bootstrapServers, clientID: "switchboard-topics"),
            logger: logger
        )
    }

    deinit {
        admin.shutdown()
    }

    /// The topics as the mock's metadata describes them, without configs.
    public func observe(_ names: [String]) async throws -> [ObservedTopic] {
        try await admin.describeTopics(names, timeout: timeout).map { ObservedTopic($0, configs: nil) }
    }

    /// Creates each topic with the declared partitions and min(replication factor, brokers) replicas; configs are
    /// not applied (the mock keeps none).
    public func create(_ declarations: [TopicDeclaration]) async throws -> [KafkaTopicCreationResult] {
        declarations.map { declaration in
            do throws(KafkaError) {
                try mock.createTopic(
                    declaration.name,
                    partitions: declaration.partitions,
                    replicationFactor: min(declaration.replicationFactor, mock.brokerCount)
                )
                return .created(topic: declaration.name)
            } catch {
                return .failed(topic: declaration.name, error: error)
            }
        }
    }

    /// Replicas are capped at the mock's broker count.
    public var driftCheckOptions: DriftCheckOptions {
        DriftCheckOptions(maximumReplicationFactor: mock.brokerCount)
    }
}
