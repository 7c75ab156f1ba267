public import Kafka
public import Logging

/// A real Kafka cluster reached through the admin API: metadata for partitions and replicas, DescribeConfigs for
/// configs, CreateTopics for creation.
public struct AdminTopicCluster: TopicCluster {
    /// The admin client; the caller owns it and shuts it down.
    public let admin: KafkaAdmin
    /// How long each request may wait for the brokers.
    public let timeout: Duration
    private let logger: Logger

    /// Creates the cluster view.
    /// - Parameters:
    ///   - admin: A connected admin client.
    ///   - timeout: How long each request may wait for the brokers.
    ///   - logger: Receives a warning when a topic's configs cannot be read.
    public init(admin: KafkaAdmin, timeout: Duration, logger: Logger) {
        self.admin = admin
        self.timeout = timeout
        self.logger = logger
    }

    /// Describes the topics from metadata and reads their configs concurrently. A topic whose configs cannot be
    /// read (no DescribeConfigs permission, or a broker without that API) is observed without configs, so its
    /// configs are reported as not checked rather than failing the whole check.
    public func observe(_ names: [String]) async throws -> [ObservedTopic] {
        let descriptions = try await admin.describeTopics(names, timeout: timeout)
        let admin = self.admin
        let timeout = self.timeout
        let logger = self.logger
        let configs = await withTaskGroup(of: (String, [String: String]?).self) { group in
            for description in descriptions {
                group.addTask {
                    do {
                        return (description.name, try await admin.describeConfigs(topic: description.name, timeout: timeout))
                    } catch {
                        logger.warning(
                            "Cannot read topic configs; they are not checked",
                            metadata: ["kafka.topic": "\(description.name)", "error": "\(error)"]
                        )
                        return (description.name, nil)
                    }
                }
            }
            var configs: [String: [String: String]] = [:]
            for await (name, topicConfigs) in group {
                configs[name] = topicConfigs
            }
            return configs
        }
        return descriptions.map { ObservedTopic($0, configs: configs[$0.name] ?? nil) }
    }

    /// Creates the topics with CreateTopics; existing ones are reported, never altered.
    public func create(_ declarations: [TopicDeclaration]) async throws -> [KafkaTopicCreationResult] {
        try await admin.createTopics(declarations.map(\.kafkaTopicSpec), timeout: timeout)
    }

    /// Real clusters are compared exactly.
    public var driftCheckOptions: DriftCheckOptions { DriftCheckOptions() }
}
