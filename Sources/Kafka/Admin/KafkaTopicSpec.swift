/// A topic as it should be: name, partition count, replication factor and topic configs.
public struct KafkaTopicSpec: Sendable, Hashable {
    /// The topic name: 1–249 characters from `a-z A-Z 0-9 . _ -`, not `.` or `..`.
    public var name: String
    /// The number of partitions, at least 1.
    public var partitions: Int
    /// Copies of each partition, at least 1, or -1 for the broker's default.
    public var replicationFactor: Int
    /// Topic configs such as `retention.ms` or `cleanup.policy`. Default: empty.
    public var configs: [String: String]

    /// Creates a topic spec.
    public init(name: String, partitions: Int, replicationFactor: Int, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }

    /// How an existing topic differs from this spec; empty when it matches.
    ///
    /// - Parameters:
    ///   - description: The topic as described by cluster metadata.
    ///   - actualConfigs: The topic's configs (from ``KafkaAdmin/describeConfigs(topic:timeout:)``), or
    ///     `nil` to leave configs unchecked.
    public func differences(
        from description: KafkaTopicDescription,
        actualConfigs: [String: String]?
    ) -> [KafkaTopicDifference] {
        var differences: [KafkaTopicDifference] = []
        if description.partitions.count != partitions {
            differences.append(.init(setting: "partitions", declared: "\(partitions)", actual: "\(description.partitions.count)"))
        }
        if replicationFactor > 0 && description.replicationFactor != replicationFactor {
            differences.append(
                .init(setting: "replication factor", declared: "\(replicationFactor)", actual: "\(description.replicationFactor)")
            )
        }
        if let actualConfigs {
            for (key, declared) in configs.sorted(by: { $0.key < $1.key }) where actualConfigs[key] != declared {
                differences.append(.init(setting: key, declared: declared, actual: actualConfigs[key] ?? "<unset>"))
            }
        }
        return differences
    }

    /// Checks the spec before a request is built.
    ///
    /// - Throws: ``KafkaError/Code/invalidArgument`` naming the topic and what is wrong.
    func validate() throws(KafkaError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !name.isEmpty, name.count <= 249, name != ".", name != "..", name.allSatisfy(allowed.contains) else {
            throw KafkaError(
                .invalidArgument,
                message: "invalid topic name \"\(name)\": use 1–249 characters from a-z A-Z 0-9 . _ - (not . or ..)"
            )
        }
        guard partitions >= 1 else {
            throw KafkaError(.invalidArgument, message: "topic \(name): partitions must be at least 1, got \(partitions)")
        }
        guard replicationFactor >= 1 || replicationFactor == -1 else {
            throw KafkaError(
                .invalidArgument,
                message: "topic \(name): replication factor must be at least 1 (or -1 for the broker default), got \(replicationFactor)"
            )
        }
    }
}

/// One setting in which an existing topic differs from its ``KafkaTopicSpec``.
public struct KafkaTopicDifference: Sendable, Hashable, CustomStringConvertible {
    /// `partitions`, `replication factor`, or a topic config name.
    public var setting: String
    /// The value in the spec.
    public var declared: String
    /// The value on the cluster.
    public var actual: String

    /// Creates a difference.
    public init(setting: String, declared: String, actual: String) {
        self.setting = setting
        self.declared = declared
        self.actual = actual
    }

    public var description: String { "\(setting): declared \(declared), actual \(actual)" }
}
