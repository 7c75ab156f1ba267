extension TopicDeclaration {
    /// Config names whose values must be whole numbers, with the smallest value Kafka accepts.
    static let integerConfigs: [String: Int] = [
        "retention.ms": -1,
        "retention.bytes": -1,
        "min.insync.replicas": 1,
        "max.message.bytes": 0,
        "segment.ms": 1,
        "segment.bytes": 14,
        "min.compaction.lag.ms": 0,
        "delete.retention.ms": 0,
    ]

    /// The `cleanup.policy` values Kafka accepts.
    static let cleanupPolicies: Set<String> = ["delete", "compact", "compact,delete", "delete,compact"]

    /// `max.message.bytes` as a number, when declared.
    public var maxMessageBytes: Int? {
        configs["max.message.bytes"].flatMap { Int($0) }
    }

    /// Checks the values of the configs Switchboard's reasoning depends on; other configs pass through to Kafka.
    func checkConfigValues() throws(TopologyError) {
        for (name, minimum) in Self.integerConfigs.sorted(by: { $0.key < $1.key }) {
            guard let raw = configs[name] else { continue }
            guard let value = Int(raw), value >= minimum else {
                throw TopologyError(
                    .invalidValue,
                    file: file,
                    field: "configs.\(name)",
                    message: "must be an integer of at least \(minimum), found \(raw)"
                )
            }
        }
        if let policy = configs["cleanup.policy"], !Self.cleanupPolicies.contains(policy.filter { $0 != " " }) {
            throw TopologyError(
                .invalidValue,
                file: file,
                field: "configs.cleanup.policy",
                message: "must be delete, compact or compact,delete, found \(policy)"
            )
        }
        if let minimumInSync = configs["min.insync.replicas"].flatMap({ Int($0) }), minimumInSync > replicationFactor {
            throw TopologyError(
                .invalidValue,
                file: file,
                field: "configs.min.insync.replicas",
                message: "is \(minimumInSync) but replicationFactor is \(replicationFactor): no write with acks=all could ever succeed"
            )
        }
    }
}
